"""Checks a suggestion must pass before it is shown as ready.

Each check is a small function returning a `CheckResult`; a suggestion that fails any
of them is stored as `blocked` with every result listed, so a reviewer sees why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from service.core.domain import CheckResult, Citation
from service.core.language import foreign_language
from service.core.sentences import sentence_spans
from service.drafting.citations import squash
from service.drafting.schema import DraftAnswer

# Words that make a rule say no; a rewrite may keep them but never add more.
PROHIBITIVE = re.compile(
    r"\b(never|no exceptions?|without exception|under no circumstances|not permitted|"
    r"not allowed|prohibited|forbidden|must not|may not|cannot|can't|will not|won't|"
    r"refuse[sd]?|deny|denied|non-refundable|only|penalty|penalties|forfeit(?:ed|s)?|"
    r"surcharges?)\b",
    re.IGNORECASE,
)
_AMOUNT = r"\d+(?:,\d{3})*(?:\.\d+)?"
MONEY = re.compile(
    rf"(?:[$£€]\s?{_AMOUNT}|\b{_AMOUNT}\s?(?:dollars?|pounds?|euros?|USD|GBP|EUR)\b)",
    re.IGNORECASE,
)
NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
# Sentences of a legally based rule that carry the obligation.
OBLIGATION = re.compile(
    r"\b(law|legal|legally|regulat\w*|statut\w*|act|required by|safety|hygiene|licen[cs]\w*)\b",
    re.IGNORECASE,
)
LOOSENING = re.compile(
    r"\b(optional|not required|no longer|waive[sd]?|waiving|skip(?:ped|s)?|exempt\w*|"
    r"at (?:their|your|the customer's) discretion|if preferred)\b",
    re.IGNORECASE,
)
# Traces of a prompt injection that made it into the output.
INSTRUCTION_MARKERS = re.compile(
    r"(ignore (?:all |any )?(?:previous|prior|above|earlier)|disregard (?:the|all|previous)|"
    r"\b(?:system|assistant|user)\s*:|</?\s*(?:complaint|system|instructions?|data)\b|"
    r"BEGIN DATA|END DATA|\[/?INST\]|<\|im_(?:start|end)\|>|new instructions?)",
    re.IGNORECASE,
)
# A complaint showing any of these is treated as an injection attempt: even short runs of
# its words are kept out of the rewrite.
HOSTILE = re.compile(
    r"(you are now|new instructions?|#{2,}|```|\bproposed\b|legal_basis|\boutput\b|"
    r"(?:delete|remove|drop) (?:it|this|that|the|every|all)\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "by",
        "with",
        "at",
        "from",
        "as",
        "is",
        "are",
        "be",
        "been",
        "was",
        "were",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "their",
        "our",
        "your",
        "any",
        "all",
        "each",
        "must",
        "shall",
        "will",
        "may",
        "can",
        "not",
        "no",
    ]
)
COPY_WORDS = 6
HOSTILE_COPY_WORDS = 3
CONTENT_KEPT = 0.6
ON_TOPIC_SHARE = 0.2


@dataclass(frozen=True)
class CheckInput:
    answer: DraftAnswer
    original: str
    legal_basis: str | None
    context: Sequence[str]
    complaint_texts: dict[str, str]  # the complaints given to the model, by id
    citations: Sequence[Citation]
    # Why the rule may not be loosened, as ingest classified it (a basis implied but not
    # cited, a customer protection); the checks also look for themselves.
    guarded: str | None = None
    manual_text: str = ""  # the manual the rule is from: laws a draft names must be in it
    lead_in: str | None = None  # the sentence introducing the list the rule is an item of


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _content(text: str) -> set[str]:
    return {w for w in _words(text) if w not in _STOP and len(w) > 2}


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)] or [text]


def _shingles(text: str, size: int) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _result(name: str, problems: Iterable[str], ok: str) -> CheckResult:
    found = list(problems)
    return CheckResult(name=name, passed=not found, detail="; ".join(found) if found else ok)


def complete(data: CheckInput) -> CheckResult:
    answer = data.answer
    problems = [
        f"{name} is empty"
        for name in ("proposed", "purpose", "default", "discretion", "escalation", "rationale")
        if not getattr(answer, name).strip()
    ]
    if squash(answer.proposed).lower() == squash(data.original).lower():
        problems.append("the proposed text is the original unchanged")
    return _result("complete", problems, "purpose, default, discretion and escalation are given")


def _stems(text: str) -> set[str]:
    # A five-letter prefix is stem enough to match "refund"/"refunds"/"refunded".
    return {w[:5] for w in _content(text)}


def on_topic(data: CheckInput) -> CheckResult:
    """The rewrite is about the rule: it keeps a fair share of the rule's own key words."""
    key_words = _stems(data.original)
    kept = key_words & _stems(data.answer.proposed)
    share = len(kept) / len(key_words) if key_words else 1.0
    problems = (
        [f"the rewrite keeps {len(kept)} of the rule's {len(key_words)} key words"]
        if share < ON_TOPIC_SHARE
        else []
    )
    return _result("on_topic", problems, f"keeps {share:.0%} of the rule's key words")


MIN_QUOTE_WORDS = 4


def quotes_verbatim(data: CheckInput) -> CheckResult:
    problems = [
        f"{c.source} {c.id}: quote not found at {c.start}..{c.end}: {c.quote[:80]!r}"
        for c in data.citations
        if not c.verified
    ]
    problems += [
        f"complaint {c.id}: the quote {c.quote!r} is too short to show what the complaint says"
        for c in data.citations
        if c.source == "complaint"
        and (len(c.quote.split()) < MIN_QUOTE_WORDS or len(_content(c.quote)) < 2)
    ]
    count = len(data.citations)
    return _result("quotes_verbatim", problems, f"all {count} quotes found verbatim at their span")


def cited_ids_exist(data: CheckInput) -> CheckResult:
    problems = [
        f"complaint {c.id!r} was not among the complaints given"
        for c in data.citations
        if c.source == "complaint" and c.id not in data.complaint_texts
    ]
    if not any(c.source == "rule" for c in data.citations):
        problems.append("the rule itself is not cited")
    return _result("cited_ids_exist", problems, "every cited id is the rule or a given complaint")


def legal_basis_kept(data: CheckInput) -> CheckResult:
    basis = data.legal_basis
    if not basis:
        return CheckResult(
            name="legal_basis_kept", passed=True, detail="the rule has no legal basis"
        )
    answer, problems = data.answer, []
    named = squash(basis).lower()

    def names_basis(text: str) -> bool:
        return named in squash(text).lower()

    if not names_basis(answer.proposed) and names_basis(data.original):
        problems.append(f"the rewrite does not name {basis!r}")
    if not answer.legal_basis or not names_basis(answer.legal_basis):
        problems.append(f"legal_basis is {answer.legal_basis!r}, not {basis!r}")
    proposed_words = _content(answer.proposed)
    proposed_numbers = set(NUMBER.findall(answer.proposed))
    for sentence in _sentences(data.original):
        if not names_basis(sentence) and not OBLIGATION.search(sentence):
            continue
        missing_numbers = set(NUMBER.findall(sentence)) - proposed_numbers
        if missing_numbers:
            problems.append(f"figures {sorted(missing_numbers)} of the obligation are gone")
        words = _content(sentence)
        if words and len(words & proposed_words) / len(words) < CONTENT_KEPT:
            problems.append(f"the obligation {squash(sentence)[:80]!r} is not kept")
    basis_words = _content(basis)
    for sentence in _sentences(answer.proposed):
        if basis_words & _content(sentence) and LOOSENING.search(sentence):
            problems.append(f"loosened: {squash(sentence)[:80]!r}")
    return _result("legal_basis_kept", problems, f"{basis} and its obligation are kept")


# A charge named only to take it away: "staff can waive the 5% surcharge"
_WAIVED = re.compile(
    r"\b(?:waive[sd]?|waiving|remove[sd]?|reduce[sd]?|cancel(?:s|led)?)\s+(?:the\s+)?(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)


def _prohibitions(text: str) -> list[str]:
    """The prohibitive phrases of a text, less a charge it only waives."""
    return [
        m.group(0).lower()
        for m in PROHIBITIVE.finditer(text)
        if not (CHARGE_WORDS.fullmatch(m.group(0)) and _WAIVED.search(text[: m.start()]))
    ]


def not_more_restrictive(data: CheckInput) -> CheckResult:
    original = _prohibitions(data.original)
    proposed = _prohibitions(data.answer.proposed)
    problems = []
    if len(proposed) > len(original):
        problems.append(
            f"{len(proposed)} prohibitive phrases against {len(original)} in the original"
        )
    new_kinds = sorted(set(proposed) - set(original))
    if new_kinds:
        problems.append(f"new kinds of prohibition: {', '.join(new_kinds)}")
    amounts = {squash(m) for m in MONEY.findall(data.original)}
    new_amounts = sorted({squash(m) for m in MONEY.findall(data.answer.proposed)} - amounts)
    if new_amounts:
        problems.append(f"new amounts of money: {', '.join(new_amounts)}")
    return _result("not_more_restrictive", problems, "no new prohibitions, fees or amounts")


def _hostile(text: str) -> bool:
    return bool(INSTRUCTION_MARKERS.search(text) or HOSTILE.search(text))


def no_complaint_instructions(data: CheckInput) -> CheckResult:
    answer = data.answer
    written = " ".join(
        [answer.proposed, answer.purpose, answer.default, answer.discretion, answer.escalation]
    )
    source = " ".join([data.original, *data.context])
    problems = []
    for complaint_id, text in data.complaint_texts.items():
        size = HOSTILE_COPY_WORDS if _hostile(text) else COPY_WORDS
        copied = {
            run
            for run in (_shingles(written, size) & _shingles(text, size)) - _shingles(source, size)
            if sum(word not in _STOP for word in run) >= 2
        }
        if copied:
            problems.append(f"text copied from complaint {complaint_id}: {' '.join(min(copied))!r}")
    original_markers = {m.lower() for m in INSTRUCTION_MARKERS.findall(data.original)}
    for marker in INSTRUCTION_MARKERS.findall(written):
        if marker.lower() not in original_markers:
            problems.append(f"instruction-like text in the rewrite: {marker!r}")
    return _result(
        "no_complaint_instructions", problems, "no complaint text or instructions copied"
    )


# --- the gate for rules that rest on law, safety or a customer protection -----------------

# Initials that name no outside body ("approved by HR", "set by the CEO")
_NOT_A_BODY = r"(?!(?:HR|IT|CEO|VIP|FAQ|PR|UX|CS|QA|OK|ID|PIN|SMS|FYI)\b)"

# A sentence that rests on law, a code, a regulator, an insurer or safety, read on the words
# themselves (not on ingest's classification).
RESTS_ON_LAW = re.compile(
    r"\b(?i:laws?|legal(?:ly)?|legislation|regulations?|regulatory|regulator|statut\w*|"
    r"ordinances?|directive|required by|licen[cs]e (?:conditions?|holder)|compliance with|"
    r"(?:compliance|regulatory|legal) reasons?|"
    r"safety|unsafe|hygiene|hazard\w*|insurers?|reinsurers?|(?:health|fire|building|criminal|"
    r"civil|penal|sanitary|electrical|plumbing|food|consumer protection) codes?)\b|"
    r"\b[A-Z][\w'-]+(?:\s+(?:[A-Z][\w'-]+|\([A-Z][\w' -]+\)))*\s+(?:Act|Code|Regulations?|Directive|Convention)\b|"
    # "section 12 of the Housing (Scotland) Act", "art. 5 Zvw", "46 U.S.C. 4312"
    r"\b(?i:art\.|art|article|§)\s*\d+[a-z]?\s+(?:[A-Z][a-z]{1,5}[A-Z]\w*|[A-Z][a-z]{1,3}|[A-Z]{2,6})\b(?!\s+[a-z])|"
    # a section of an act by its initials, not of the manual: "section 3 Fees"
    r"\b(?i:section)\s*\d+[a-z]?\s+(?:[A-Z][a-z]{1,5}[A-Z]\w*|[A-Z]{2,6})\b(?!\s+[a-z])|"
    r"\b\d+\s+U\.S\.C\.|"
    r"\b(?:Section|Article|Title|Part|Chapter|Provision|Schedule|Standard|Rule)\s+[\dIVXL]+[\w.()]*\s+of\b|"
    r"\bSchedule\s+[\dIVXL]+[\w.()]*\s+to\s+the\s+(?:[A-Z][\w-]*\s?)+|"
    r"\bTitle\s+[IVXL]+\b|\b(?i:as required|required under|requires? (?:it|this|that)|by law)\b|"
    r"\b(?:GDPR|HIPAA|ADA|EMTALA|FCRA|FDCPA|TILA|RESPA|PCI DSS|AML|KYC|CFR|U\.S\.C\.|WHS|OSHA|COSHH|ACL|RSA)\b|"
    # a body's rules by its initials ("HHS rules", "ADR rules"), a named rule or obligation
    # ("the Hospital Price Transparency Rule"), a lettered regulation ("Regulation F"), "501(r)"
    r"\b[A-Z]{2,6}(?:'s)?\s+(?i:rules?|regulations?|requirements?|guidance|standards?|instructions|guidelines)\b|"
    r"\b(?:[A-Z][\w-]+\s+){1,5}(?:Rule|Obligation|Standard|Instructions|Guidelines)\b|"
    r"\b(?:Regulation|Reg\.)\s+[A-Z]{1,2}\b|\b\d{3}\([a-z]\)|"
    # a standard's code, a numbered principle, a ministry's or charter's rules
    r"\b(?:AS/NZS|NZS|AS|BS|EN|ISO|IEC|CSA|ANSI|ASTM|UL|DIN|NFPA|SANS|JIS)\s*(?:\d{3,5}|[A-Z]\d{2,5})\b|"
    r"\bPrinciple\s+\d+\b|"
    # an article and its paragraph: "art. 52, paragraph 1 of the ..."
    r"\b(?i:art\.|arts\.|article)\s*\d+[\w.()]*(?:,?\s*(?i:paragraph|para\.|item|clause|§)\s*"
    r"[\dIVX]+[\w.()]*)*\s+of\b|"
    r"\b(?:Ministry|Department|Charter)\s+of\b|§\s*\d+|"
    # rules a profession, a council or a court sets, and the bodies and statutes people cite
    # by their initials in many countries
    r"\b(?i:by-?laws?|constitution(?:al)?|court|tribunal|ombudsman|statutory|licensing|"
    r"licen[cs]ed (?:premises|practitioners?|professionals?|veterinarians?|vets?|pharmacists?|"
    r"dealers?|providers?)|code of (?:practice|conduct|ethics)|professional (?:standards|conduct|"
    r"code|body|bodies)|(?:medical|nursing|dental|veterinary|pharmacy|professions?) (?:council|"
    r"board)|accredit\w+|duty of care|fiduciary|clearance certificates?|zoning|"
    r"academic (?:integrity|misconduct)|harass\w*|discriminat\w*|immigration|visas?|"
    r"financial aid)\b|"
    r"\b(?:FERPA|COPPA|CCPA|GLBA|FDA|DEA|CMS|HHS|FTC|CFPB|EEOC|IRS|PDPA|MAS|AVS|POPIA|PAIA|"
    r"FICA|NCA|CPA|MFMA|NERSA|SARS|PIPEDA|CASL|FINTRAC|PSD2|DPA|ICO|FCA|PRA|Ofcom|Ofgem|Ofwat|"
    r"CQC|HSE|ASIC|ACCC|APRA|OAIC|AUSTRAC|NDIS|TGA|FMA|WorkSafe|CNIL|BaFin|ESMA|EBA|EIOPA|"
    r"NHS|RSPCA|SPCA|AAHA|RCVS|GMC|NMC|GDC|HCPC|SRA|TPO|PRS|OSC|CRA|CRTC|FSCA|NCR)\b|"
    r"\binsurance\s+(?:(?:policy|cover|terms)\s+)?(?:requires?|required|insists?)\b|\binsurer'?s'?\s+(?:[\w-]+\s+){0,4}?terms\b|"
    # the conditions of an insurance the organisation holds: "Under the conditions of the branch
    # cash insurance policy, a till may not hold more than 40,000 lei"
    r"\b(?i:(?:conditions?|terms|requirements?)\s+of\s+(?:the|our|its|each|every)\s+(?:[\w-]+\s+){0,3}?"
    r"insurance(?:\s+(?:policy|policies|cover|contract))?)\b|"
    # a law by what it is, a bare section of one, a public body's requirement, a licence's
    # terms, a central bank's limits
    r"\bthe (?:Act|Constitution|Regulations|Ordinance|Statute)\b|"
    r"\b(?i:(?:terms|conditions?) of (?:our|its|the|each|every|their) (?:[\w'’-]+ ){0,4}(?:licen[cs]e|"
    r"permit))\b|\b(?:Central|Reserve|National|Federal Reserve) Bank\b|"
    r"\b(?i:insurance (?:carrier|company|provider|underwriter)s?|(?:carrier|underwriter)s? requires?|"
    r"manufacturer(?:'s|’s|s')? (?:[\w-]+ ){0,5}?(?:requirements?|instructions|policies|procedures|"
    r"manuals?|specifications?|rules|guidelines|warranty terms)|"
    r"(?:fire|safety|occupancy|building|gas|electrical) (?:safety )?certificates?|"
    r"(?:permit|licen[cs]e|consent)\b[^.]{0,60}\b(?:municipality|council|city|local authority|"
    r"government|regulator)|(?:municipality|council|local authority)\b[^.]{0,40}\b(?:permit|"
    r"licen[cs]e|consent))\b|"
    r"\b(?i:(?:as )?a condition of (?:the|our|its|each|every) (?:[\w-]+ ){0,3}(?:tenancy|lease|licen[cs]e|"
    r"permit|approval|consent|registration|accreditation|insurance|use|certification|certificate))\b|"
    # a body's standards by its full name, an instrument followed, a licence to operate
    r"\b(?:Association|Institute|Federation|Society|Council|Board)\s+of\s+(?:[A-Z][\w'’-]*\s+){0,4}"
    r"[A-Z][\w-]*(?:'s|’s|'|’)?\s+(?:[\w-]+\s+){0,3}?(?i:procedures|standards?|rules|guidelines|code)\b|"
    r"\b(?i:follows|follow|derives|derive|stems|comes) from (?:the )?(?:[A-Z][\w-]*\s?){1,6}|"
    r"\b(?i:(?:route|operating|operator'?s?|premises|trading|liquor|alcohol|gaming|transport) "
    r"licen[cs]es?)\b|"
    r"\b(?i:licensed|registered|accredited|approved|certified|inspected)\s+(?:by|with)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’&-]+\s+){1,5}(?:Agency|Authority|Board|Council|Department|Service|Ministry|"
    r"Commission|Regulator)\b|"
    r"\b(?:[A-Z][\w.]*\s+){1,6}(?:Association|Institute|Federation|Society)(?:'s|’s)?\s+"
    r"(?:[\w-]+\s+){0,4}?(?i:procedures|standards?|rules|guidelines|code)\b|"
    r"\b(?:Decree|Decree-Law|Ley|Lei|Reglamento|Regolamento|Código|Codigo|"
    r"Codice|Legge|Norma Oficial)\b|\b(?i:garanzia legale|garantía legal|garantia legal)\b|"
    # the same in lower case and other languages: "rozporządzenie w sprawie", "21 § lagen
    # (2006:412)", "räntelagen", "Swedac:s föreskrifter", "LIVSFS 2022:12", "por ley",
    # "フロン排出抑制法第86条"
    r"\b(?i:ustaw(?:a|y|ie|ą)|rozporządzeni[eua]\w*|\w*lagen|\w+loven|\w*föreskrift(?:er)?(?:na)?|"
    r"\w*forskrift(?:en|er)?|\w*bekendtgørelse\w*|\w+laki|\w*förordningen)\b|"
    r"\b\d+\s?[a-z]?\s?§\s+\w|\((?:1[89]|20)\d\d:\d{1,4}\)|\b[A-Z]{2,8}FS\s?\d{4}:\d+|"
    # an instrument by its number and year after its designator, in any language ("Legii nr.
    # 129/2019", "zákona č. 634/1992", "ν. 2251/1994"), a section sign after its number ("6:159.
    # §-a", "16 §:n")
    r"\b(?i:nr|no|n|č|núm|ν)\.?\s?[°º]?\s?\d{1,5}/(?:19|20)\d{2}\b|\d\.?\s?§[-:]\w|"
    r"\b(?i:por ley|por la ley|por lei|según la ley|conforme a la ley|de acuerdo con la ley|par la loi|"
    r"selon la loi|per legge|a norma di legge|gesetzlich|laut Gesetz|enligt lag(?:en)?|ifølge loven|"
    r"wettelijk)\b|(?:第|제)\s?[0-9０-９一二三四五六七八九十百千]+\s?(?:条|조)|"
    r"[\u30a0-\u30ff\u4e00-\u9fff]{2,}(?<![方文手療寸用製技作])法(?![人務])|"
    r"\b(?i:laid down in|prescribed in)\s+(?:the\s+)?(?-i:[A-Z])|"
    # a Dutch act by its compound name, a court's order, an official instrument by number
    r"\b[A-Z]\w{3,}wet\b|\b(?i:subpoena|search warrant|court order)\b|"
    r"\b[A-Z]\w+ (?:Determination|Ordinance|Circular|Directive|Decree|Order|Notice|Regulation)\s+(?:No\.?\s*)?\d+\b|"
    # a permit a public body issues, a register an outside body keeps: "once the borough has
    # issued a permit", "registered with the Saudi Sports for All Federation"
    r"\b(?i:(?:issued|granted)\s+(?:a|the)\s+permit|permit to occupy|public domain)\b|"
    r"\b(?i:registered with)\s+(?:the\s+)?(?:[A-Z][\w'’&-]*\s+)(?:(?:[A-Z][\w'’&-]*|for|of|and)\s+){0,6}(?:Federation|Association|Council|"
    r"Board|Authority|Ministry|Commission|Institute|Registry|Register|Society|College|Chamber)\b|"
    r"\b(?i:articles|arts\.)\s*\d+[\w.()]*(?:\s*(?:,|and|y|e|i|et)\s*\d+[\w.()]*)+\s+(?i:of)\b|"
    r"\b(?i:art\.|article)\s*\d+[\w.()]*(?:,\s*(?i:fr|frac|fracc|inc|para|par|item|§)\.?\s*[\dIVXL]+[\w.()]*)*,\s+[A-Z]{3,8}\b|"
    r"\b[A-Z][a-z]{1,5}\.\s?Stat\.|\b(?!(?:The|Our|This|That|Your|Its|Company|House|Club|Store|Shop)\b)"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:law|statutes?)\b|"
    r"\b(?i:issued|granted|authori[sz]ed|licensed|approved|certified)\s+by\s+(?:the\s+)?"
    rf"{_NOT_A_BODY}[A-Z]{{3,8}}\b|"
    r"\bour\s+(?!Gift\b)(?:[A-Z][\w-]*\s+){1,4}(?:Certificate|Licen[cs]e|Permit|Authori[sz]ation|Concession)\b|"
    r"\b(?i:(?:required by|under|a condition of) our (?:[\w-]+ ){0,3}(?:permit|licen[cs]e|certificate|"
    r"authori[sz]ation|concession)|terms of (?:our|its|the) (?:[\w-]+ ){0,4}?(?:lease|licen[cs]e|permit|"
    r"concession|franchise) with|best management practices)\b|"
    r"\b(?:Coast Guard|Border (?:Guard|Force|Police)|Captain of the Port|Harbou?r ?master|"
    r"Fire (?:Brigade|Department)|Straż \w+|Guardia \w+|Carabinieri|Garante|Prefect|Préfet|Décret|"
    r"Arrêté|arrêté|Code (?:de la|de l'|du|des)|Loi|Agence|Agencia|Agência|Agenzia|Autorité|Autoridad|"
    r"Superintendencia|Superintendência|Defensa del Consumidor|Procon|Defensoría|"
    r"Autorità|Ministère|Ministerio|Ministero|Préfecture|Mairie|Ayuntamiento)\b|"
    r"\b(?i:the (?:rules|requirements|conditions|standards) of) (?:the )?(?:[A-Z][\w-]*\s+){0,5}?"
    rf"{_NOT_A_BODY}[A-Z]{{3,8}}\b|"
    r"\b(?i:fixed|set|determined|capped|prescribed|imposed|regulated|published) by (?:the )?"
    rf"{_NOT_A_BODY}(?:[A-Z]{{3,8}}|[A-Z]{{2,}}[a-z][A-Z]*)\b|"
    r"\b(?i:article|art\.)\s*(?:[A-Z]\.?\s?)?\d+[\w.()-]*\s+of\s+(?:the\s+)?[^\x00-\x7F]{2,}|"
    r"\b(?:Decree|Decree-Law)\b|\b(?:(?!The\b)[A-Z][\w'’&-]+\s+){1,5}(?:Authority|Tribunal|Commission|"
    r"Ombudsman|Regulator|Inspectorate|Ministry|Commissioner)\b|\b(?i:scheme rules)\b|"
    r"\b(?i:under|in terms of|pursuant to|required by)\s+(?:(?i:section|s\.|sec\.)\s*|§+\s*)\d+[A-Za-z]{0,2}\b(?![.]\d)|"
    r"\b(?i:(?:health|fire|building|environmental|licensing|planning|labou?r|transport|education|"
    r"revenue|tax|immigration|customs|police)\s+(?:department|ministry|authority|inspectors?|"
    r"inspectorate|officers?))\b|"
    # filings the law asks of a company or a taxpayer: "must still submit an annual report"
    r"\b(?i:annual (?:report|return|accounts)|tax returns?|VAT returns?|statutory (?:accounts|filings?))\b|"
    # the checks anti-money-laundering law asks for, by their usual names
    r"\b(?i:(?:enhanced |customer |simplified )?due diligence|beneficial own\w+|politically exposed|"
    r"source of (?:funds|wealth)|know your customer|financial intelligence unit|suspicious (?:activity|"
    r"transaction) reports?|Unidade de Informação Financeira)\b|\bPEPs?\b|\bFIU\b|"
    # what a licence or permit itself requires: "Our activity licence from the Financial
    # Intelligence Unit requires us to update due diligence information"
    r"\b(?i:licen[cs]e|permit|authori[sz]ation)\b(?:[^.;]{0,80})\b(?i:requires?|obliges?)\b|"
    # a tax or duty the organisation collects, charged as such (not "plus tax" beside a fee)
    r"(?<!plus )(?<!and )(?<!\+ )(?<!incl\. )(?<!including )(?<!excluding )"
    r"\b(?i:stamp duty|stamp tax|transfer tax|property transfer tax|value added tax|VAT|sales tax|"
    r"excise(?: duty)?|(?:[\w-]+ )?levy|tourist tax|city tax|Imposto\w*|impuesto\w*|impôts?|taxe "
    r"de s[ée]jour)\b(?:\s*\([^)]{1,60}\))?\s+(?i:is|are)\s+(?i:charged|payable|due|added|collected|"
    r"applied|levied)\b"
)
# How a sentence says that something outside the organisation binds it, whatever that
# something is called: "in line with General Condition C1", "under the Montreal Convention",
# "to comply with council permit conditions", "as Central Bank rules require".
CITES_AUTHORITY = re.compile(
    # a public body's own instrument, whatever it is called: "the county's retention schedule",
    # "the state's currency transaction log", "the Sheriff's post orders"
    r"\b(?i:(?:state|county|city|municipality|municipal|council|government|federal|provincial|"
    r"regional|national|ministry|sheriff|police|court|coroner|magistrate)(?:'s|’s)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:rules?|regulations?|orders?|log|register|schedule|list|records?|requirements?|standards?|"
    r"procedures?|instructions?|policy|policies|directions?|limits?|caps?))\b|"
    # an official's instructions or orders: "follows the instructions of the cantonal medical
    # officer", "on the orders of the fire service"
    r"\b(?i:(?:instructions?|orders?|directions?|directives?|guidance|advice)\s+(?:of|from|given\s+by)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:medical\s+officer|health\s+(?:officer|authorit(?:y|ies)|department|"
    r"inspector)|public\s+health|police|fire\s+(?:service|brigade|department|officer)|coastguard|"
    r"authorit(?:y|ies)|inspectorate|regulator|ministry))\b|"
    r"\b(?i:in line with|in accordance with|in keeping with|pursuant to|under|as (?:required|"
    r"permitted|allowed|set out|laid down|defined|prescribed|directed) (?:by|in|under)|"
    r"mandated by|prescribed by|as directed by|subject to|as provided (?:by|for in|in)|as laid down in|"
    r"as stipulated in)\s+(?:the\s+|its\s+)?(?:[A-Z][\w'’().-]*)"
    r"(?:\s+(?:[A-Z(][\w'’().-]*|of|for|and|No|\d+))*|"
    # a public body's instruction, a scheme's own rules, a named source followed
    r"\b(?i:(?:as\s+)?(?:instructed|directed|ordered|advised)\s+by\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}?"
    r"(?:(?<!head )(?<!front )(?<!box )(?<!back )(?:centre|center|office)|department|authority|"
    r"agency|ministry|council|police|inspectors?|inspectorate|regulator|government|commission)|"
    r"(?:under|by)\s+the\s+(?:rules|terms|conditions|requirements)\s+of\s+(?:the\s+|both\s+|"
    r"each\s+|either\s+|these\s+|those\s+)?(?:[\w-]+\s+){0,3}?(?:schemes|programs|programmes))\b|"
    r"\b(?<!the )(?i:following|according to)\s+(?:[A-Z]{2,6}\s+[A-Z]?\d{2,5}|(?:[A-Z][\w'’-]+\s+)"
    r"{0,4}(?:Act|Code|Regulations?|Standards?|Rules))\b|"
    r"\b(?i:to comply with|in compliance with|complies with|comply with|compliant with|"
    r"a condition of (?:the|our) (?:licen[cs]e|permit|registration|accreditation|insurance)|"
    r"(?:licen[cs]e|permit|registration|accreditation) conditions?)\b|"
    r"\b(?i:(?:as|because|since)\s+(?:the\s+|our\s+|its\s+)?(?:[\w'’-]+\s+){0,4}?(?:rules?|laws?|regulations?|"
    r"codes?|conditions?|licen[cs]e|insurers?|regulators?|authorit(?:y|ies)|guidance|standards?)\s+"
    r"(?:requires?|require|permits?|demands?|mandates?|stipulates?|says?|states?|allows?))\b|"
    # an outside source by its own name, however it is called: "as Revenue requires", "as the
    # Abgabenordnung requires", "as NOM-007-SSA3-2011 requires"; not a role of the organisation
    # or the customer ("as the Duty Manager requires", "as the Customer requires")
    r"\bas\s+(?:the\s+)?(?!(?:[\w'’-]+\s+){0,5}?(?:Manager|Director|Supervisor|Officer|Team|Lead|"
    r"Leader|Desk|Head|Management|Company|Customer|Client|Member|Guest|Tenant|"
    r"Resident|Patient|Student|Passenger|User|Buyer|Renter|Owner|Host|Staff|Housekeeping|Finance|"
    r"Accounts|Operations|Security|Reception|Maintenance|Marketing|Sales|Payroll|Catering|"
    r"Facilities|Admissions|Billing|Procurement|Purchasing)s?\b)"
    r"[A-Z][\w'’().-]*(?:\s+(?:[A-Z(][\w'’().-]*|of|for|and|No\.?|\d+[\w.()/-]*)){0,6}\s+"
    r"(?i:requires|demands|prescribes|stipulates|mandates|directs|permits|allows)\b"
)
# Read on the rule's own words, apart from ingest: what a rule plainly guards even when it
# names no law (a person's safety, health, identity or data, a child, a hazard).
GUARDS_SAFETY = re.compile(
    r"\b(?:injur\w*|danger\w*|risk to (?:life|health)|life-threatening|emergenc\w*|evacuat\w*|"
    r"fire|flames?|smoke|gas|carbon monoxide|electric\w*|live (?:mains|wires?|circuits?)|voltage|"
    r"ladders?|scaffold\w*|harness\w*|at height|roofs?|asbestos|chemicals?|toxic|poison\w*|"
    r"lifeguards?|drown\w*|supervis(?:ed|es|e|ing|ion|ory)\b|unattended|minors?|infants?|babies|child(?:ren)? under|"
    r"under (?:the age of )?1[0-8]|aged? (?:under|over) \d+|1[68] or over|intoxicated|alcohol|liquor|"
    r"aged \d{1,2} (?:or|and) (?:over|older|above)|"
    r"(?:under|below|younger than) (?:the age of )?\d{1,2}\b(?!\s*(?:%|kg|km|cm|mm|m\b|mins?\b|minutes?|hours?|hrs?|days?|nights?|weeks?|months?|items?|bags?|pieces?|people|persons|guests|per\b|euros?|dollars?|pounds?|miles?|metres?|meters?|feet|ft\b|inches|kilos?|litres?|liters?|[ap]\.?m\b))[^.]{0,60}\b(?:parent|"
    r"guardian|adult|accompanied|supervised|escorted)|"
    r"(?:shorter|taller) than \d|\d+(?:\.\d+)?\s?(?:cm|m|metres?|meters?|inches|in|ft|feet)\)? tall|"
    r"(?:minimum|maximum) height|height (?:limits?|restrictions?|requirements?)|"
    r"passports?|public health|subsid(?:y|ies|ised|ized)|"
    r"newborns?|pregnan\w*|expectant mothers?|(?:child|children)\b[^.]{0,30}\b(?:left alone|unattended|"
    r"unsupervised)|fever|cough\w*|respiratory|face ?masks?|symptoms|"
    r"(?:stay|wait|remain)\w*\b[^.]{0,40}\bminutes?\b[^.]{0,30}\bafter (?:the |their |each )?(?:collection|"
    r"vaccination|injection|infusion|procedure|donation|treatment|dose|sample)|"
    r"(?:fire )?alarms?|hurricanes?|storms?|severe weather|gales?|floods?|flooding|port condition|"
    r"swimming|wading|bathing|only\b[^.]{0,30}\bstaff\b[^.]{0,20}\b(?:may|can) (?:enter|go into|access)|"
    r"fuel(?:l?ing)|refuel\w*|ventilat\w+|(?<!credit )(?<!scoring )(?<!decision )(?<!search )engines?|pollut\w+|contaminat\w+|containment|spills?|"
    r"discharg\w*\s+(?:of\s+|into\s+|to\s+)?(?:[\w-]+\s+){0,2}?(?:water|waste|sewage|oil|fuel|effluent|"
    r"drains?|sea|rivers?|sewers?|pollutants?|chemicals?)\b|(?:waste|oil|effluent|sewage|bilge|fuel)\s+"
    r"discharg\w*|sewage|bilge|run-?off|environment\w*|thunder\w*|lightning|mechanical lifts?|"
    r"hoists?|bear (?:their own )?weight|manual handling|generators?|changeover switch|backfeed\w*|"
    r"cables?|power lines?|meter enclosures?|poles?|confirm\w* the caller(?:'s|’s)|"
    r"belay\w*|tie in|figure[- ]of[- ]eight|induction (?:course|session)|(?<!lost or )(?<!loss or )stolen|blacklist\w*|fire-safe|"
    r"escort\w*|armed|rangers?|wild(?:life| animals?)|predators?|game drives?|counterfeit|vaults?|"
    r"(?:compulsory|mandatory) (?:[\w-]+ ){0,4}insurance|while the (?:coach|bus|vehicle|train|boat|vessel|"
    r"tram|ferry|car) is (?:moving|in motion|running|under way)|metal detectors?|screen(?:ed|ing)|"
    r"security (?:checks?|screening|classification|reasons?|rules?|procedures?|protocols?|"
    r"clearance)|bag (?:checks?|searches)|"
    r"safe deposit box(?:es)?|(?:car|vehicle) decks?|swim\w*|red flags?|deeper than|depth|rip currents?|"
    r"e-?(?:bikes?|scooters?)|passenger certificate|certification scheme|fidelity bond|surety|"
    r"(?:EU|EC|EEC)\)\s*(?:No\.?|nr\.?|n[°º]\.?)?\s*\d+/\d+|(?-i:[Ll]oven?|[Ff][oö]rordning(?:en)?) (?:om|\(EU\)|nr)|"
    r"(?:rules|regulations|requirements|code of conduct|by-?laws) of the (?:[\w-]+ ){0,3}?(?:authority|"
    r"authorities|ministry|regulator|agency|department|board|park service)|(?:park|parks|wildlife|marine|"
    r"fisheries|forestry|heritage) (?:law|laws|rules|regulations|code)|\w+(?:direktoratet|tilsynet|styrelsen|"
    r"verket|myndigheten)|(?-i:Capitania|Autoridade|Câmara Municipal|edital|Federação|Federación|Fédération|"
    r"Federazione|Regulamento)|(?-i:[A-Z]{2,6}(?:'s|’s) (?:[a-z-]+ ){1,2})(?:rules|requirements|regulations)|"
    r"without (?:the )?[\w-]+(?:'s|’s) (?:signed |written )?(?:authori[sz]ation|consent)|"
    r"(?:account|personal) (?:information|details)|personal appearance|"
    # what is done only with a person's own say: "unless that individual has authorised us in
    # writing"; notarial acts and what a deed must say, which the law shapes; blood and the
    # health history asked of those who give it
    r"unless\b[^.;]{0,60}\b(?:has|have) (?:authori[sz]ed|consented|given (?:their |written )?consent)|"
    r"notar\w+|(?:the|a|every|each) deed (?:must|shall|will) (?:state|contain|include|record|show|say)|"
    r"blood|plasma|(?:health|medical|donor|patient) history|health questionnaire|retention period|"
    # what is the customer's own, kept from others: "money shall not be released to family
    # members", "keys are never handed to relatives", "details are not given to anyone else"
    r"(?:released|given|handed(?: over)?|paid(?: out)?|disclosed|passed on|shown) to (?:(?:their|his|"
    r"her|the [\w-]+(?:'s|’s)) )?(?:family(?: members?)?|relatives?|friends?|spouses?|partners?|"
    r"third parties|anyone (?:else|other than))|"
    r"(?:building|occupancy|fire|operating|environmental|event|premises) (?:permit|licen[cs]e)s?|"
    r"(?:set|fixed|stated|laid down) in (?:our|its|the) (?:[\w-]+ ){0,3}(?:permit|licen[cs]e|certificate|"
    r"approval|consent)|underwriters?|Gesetz\w*|\w+gesetz(?:es)?|\w+verordnung|\w+genehmigung|"
    r"Verordnung|(?:[A-Z]\.){1,3}\s?(?:[A-Z]\.\s?)?(?:N°|Nº|No\.?)\s?\d+|(?:N°|Nº)\s?\d+|"
    r"(?:[A-Z][a-z]{1,5}\.\s?){1,3}Code(?:\s+Ann\.)?\s*§|"
    r"(?:confirm\w*|check\w*|verif\w+) (?:that )?(?:the )?(?:person|caller) is (?:the )?(?:account holder|"
    r"member|customer|patient|client|owner)|(?:caller|customer|member|patient|visitor|guest|person|client)"
    r"(?:'s|’s) identity|"
    r"(?:1[0-9]|2[01])\s*(?:years?(?: of age)?)\s+(?:or|and)\s+(?:older|over|above)|"
    r"below (?:the age of )?(?:1[0-9]|2[01])|sign(?:s|ed)? (?:[\w']+ ){0,3}(?:in|out)\b[^.]{0,60}\bchild\w*|"
    r"sign(?:s|ed)? (?:your|the|a|their|each|every) child(?:ren)? (?:in|out)\b|"
    r"smoking|smoke-free|e-cigarettes?|vaping|tobacco|suspicious|tipping[- ]off|"
    r"weapons?|knives|firearms?|drugs?|medicines?|medications?|prescriptions?|allerg\w*|infect\w*|"
    r"drunk\w*|under the influence|coroner|medical examiner|VPN|proxy servers?|(?:child|baby) seats?|"
    r"(?:information|details|updates?) (?:about|on|of) (?:a |the |their )?(?:patient|resident|client|pupil)(?:'s|’s)? "
    r"(?:condition|health|treatment|care|progress)|"
    r"contagious|sterile|steril\w*|protective (?:equipment|clothing|eyewear|gloves|footwear)|PPE|"
    r"helmets?|goggles|seat ?belts?|car seats?|capacity|occupancy|identity|identification|photo ID|"
    # an identity document by its short name: "Expired IDs ... are not accepted", "a valid ID"
    r"(?-i:IDs?)|"
    r"verif(?:y|ied|ication)|security questions?|passwords?|(?-i:PIN)|fingerprints?|biometric\w*|personal (?:data|information|details)|"
    r"privacy|confidential\w*|consent|safeguarding|vulnerable|power of attorney|fraud\w*|"
    r"only after the caller has (?:given|confirmed|answered|provided|passed)|security details|"
    r"last (?:four|4) digits|"
    r"money[- ]laundering|sanctions|date of birth|the caller(?:'s)? (?:is|identity)|warrants?|court orders?|"
    r"police|(?:released|disclosed|given|shown) only to|only (?:released|disclosed|given|shown) to|"
    r"(?:discussed|disclosed|shared|released)\s+only\s+with|only\s+(?:discussed|disclosed|shared)\s+with|"
    # information given only to named people, once staff know who they are; phones and cameras
    # where people undress
    r"\b(?:give|share|disclose|release|discuss|pass on)\b[^.;]{0,60}\bonly\s+to\b|"
    r"\b(?:after|once|having)\s+(?:checking|confirming|verifying|establishing)\s+who\s+(?:they|the\s+\w+)\s+(?:is|are)\b|"
    r"\b(?:changing|locker|dressing)\s+rooms?\b|\bshowers?\b|\btoilets?\b|"
    # machinery in motion, and climbing on what is not for standing on: "reach into a washer
    # while the drum is turning", "force open a locked door", "stand on machines"
    r"\bwhile\s+(?:the|a|an|it|its)\s+(?:[\w-]+\s+){0,2}?(?:is|are)\s+(?:still\s+)?(?:turning|moving|"
    r"running|spinning|rotating|operating|in motion|in use|hot|switched on)\b|\bmoving parts?\b|"
    r"\bforce\s+(?:open|the)\b|\breach\s+into\b|\b(?:sit|stand|climb|lean|jump)\s+(?:or\s+\w+\s+)?on\s+"
    r"(?:the\s+)?(?:machines?|tables?|counters?|equipment|railings?|rails?|ledges?|furniture|appliances?)\b|"
    r"(?:hand|collect|release|pick)\w* (?:\w+ ){0,3}(?:child|children)|(?:child|children) (?:\w+ ){0,3}"
    r"(?:collected|handed over|released|supervised|left alone)|glass(?:es)?|breakable|diving|dive|"
    r"shallow end|slipp\w+|wet floors?|balcon\w+|climb\w*|railings?|extension leads?|adapt[eo]rs?|"
    r"work areas?|worksites?|building sites?|construction|only (?:when|to|if) (?:a|the|an) (?:parent|"
    r"guardian|adult|carer)|planning (?:permission|consent)|building consent|resource consent|"
    r"whether (?:a|the|any) (?:person|guest|patient|customer|resident|tenant|student|member|passenger)"
    r" is (?:staying|a patient|a customer|registered|enrolled|a resident|a member|a tenant|here)|"
    r"footwear|shoes|closed-toe|plant rooms?|chemical stores?|"
    r"pump rooms?|workshops?|service bays?|fuel (?:island|pumps?)|forklifts?|machinery|staff[- ]only|"
    r"aerosols?|perfumes?|nail varnish|batter(?:y|ies)|solvents?|flammable|explosives?|"
    r"(?:carry|carried|lift|lifted)\w*\b[^.]{0,60}\b\d+(?:\.\d+)?\s?kg|\d+(?:\.\d+)?\s?kg\b[^.]{0,80}\b(?:carry|carried|lift|two-person|crew)|"
    # lifting people: "Crews must not lift a fallen patient from the floor by hand"
    r"(?:lift|lifting|lifted|carry|carrying|move|moving)\s+(?:a |an |the )?(?:fallen |heavy |bariatric )?"
    r"(?:patients?|persons?|residents?|clients?|casualt(?:y|ies)|service users?|people|children|passengers?)"
    r"\b[^.]{0,40}\b(?:by hand|manually|alone|without)|manual(?:ly)? handl\w*|hoists?|lifting (?:cushion|aid|equipment)|"
    r"kitchens?|food preparation|(?:swimming |spa |hydrotherapy )?pools?|spas?|saunas?|steam rooms?|"
    r"hot tubs?|platforms?|(?:train|tram|railway|rail) tracks?|yellow line|level crossings?|"
    r"moving (?:vehicles?|trains?|machinery|parts)|traffic(?!\s+(?:fines?|tickets?|penalt\w+|offen[cs]es?|violations?))|hot (?:water|surfaces?|liquids?|oil)|"
    r"boiling|burns?|scald\w*|sharps?|blades?|needles?|syringes?|cranes?|excavat\w*|trench\w*|"
    r"muzzle\w*|on a (?:lead|leash)|leash\w*|(?:closed|secure|pet|travel) (?:carriers?|crates?)|"
    r"in a (?:carrier|crate|cage)|escorted|nil by mouth|fasting|(?:food|eat|eating|drink|drinking)"
    r"\b[^.]{0,60}\b(?:before|prior to) (?:\w+ ){0,3}(?:admission|surgery|operation|procedure)|"
    r"bites?|bitten|aggressive|rabies|zoonotic|vaccin\w*|immuni[sz]\w*|quarantin\w*|"
    r"isolat\w*|anaesthe\w*|anesthe\w*|sedat\w*|euthan\w*|controlled (?:drugs?|substances?)|"
    r"biohazard\w*|clinical waste|radiation|x-rays?|radiograph\w*|assault\w*|abus\w+|"
    r"threat\w*|violen\w+|self-harm|suicid\w*|overdose|choking|disabilit\w*|"
    r"working alone|lone work\w*|two-person|film(?:ing)? or record|photograph(?:ing|y)\b|"
    r"(?:take|takes|taking|took|no)\s+(?:\w+\s+){0,2}?photographs?\b|live photograph|photographs?\s+(?:of\s+)?"
    r"(?:staff|other|children|students|pupils|patients|residents|guests|members|people|anyone|the "
    r"(?:children|students|pupils|patients|residents))|"
    # how many children one adult may look after, how heavy, how old: limits set for safety
    r"(?:children|students|pupils|participants|swimmers|climbers|campers|kids|infants|riders|divers)"
    r" per (?:instructor|teacher|adult|staff member|guide|coach|leader|carer|educator|lifeguard)|"
    r"weigh\w*\s+(?:no more than|not more than|less than|under|over|more than|at most|up to|a maximum of|"
    r"at least|a minimum of|no less than)"
    r"\s+\d+\s?(?:kg|lbs?|pounds|stone)|"
    r"(?:at least|a minimum age of|must be(?: aged)?) \d{1,2} years?(?: old| of age)|"
    r"(?:accept|take|ask for|solicit)\w*\s+(?:[\w,]+\s+){0,3}?(?:tips|gratuities|bribes|kickbacks)|"
    r"drones?|laser pointers?|fireworks|flares|pyrotechni\w*|smoke bombs?|"
    r"distract\w* the (?:driver|pilot|skipper|captain|operator)|out of (?:a|the) (?:bus |coach |car )?"
    r"windows?|"
    r"certified cop(?:y|ies)|(?:let|set|put|drop)\s+(?:any |a |the )?(?:students?|pupils?|child|children|"
    r"passengers?|riders?)\s+(?:off|down)\b|"
    # a person's body and dignity in staff's hands, allergies, speed, structure, leaks
    r"(?:physical|corporal) punishment|humiliat\w*|restrain\w*|smack\w*|"
    r"alone with (?:a|an|one|any|the) (?:[\w-]+ )?(?:child|children|student|pupil|patient|client|"
    r"resident|minor|learner|camper|young person)|allerg\w*|anaphyla\w*|nuts?|peanuts?|gluten|"
    r"\d+\s?(?:km/h|kph|mph|knots)|speed limits?|load-bearing|structural|leak\w*|"
    r"medical oxygen|stretchers?|fit to (?:fly|travel|dive|swim|ride|drive)|"
    r"(?:notes|records?)\b[^.]{0,80}\b(?:released|disclosed|shared)|authori[sz]ation that names|"
    r"psychotherap\w*|substance use|mental health|diagnos\w+|"
    r"customs|import (?:VAT|duty|duties|tax)|excise|tax(?:es)?|"
    r"Medicare|Medicaid|(?:government|federal|provincial|state)\s+(?:rules?|regulations?|requirements?|"
    r"guidelines|orders?|directives?|mandates?|agenc(?:y|ies)|inspectors?|authorit(?:y|ies))|"
    r"heavy rain|landslides?|avalanches?|tsunamis?|earthquakes?|cyclones?|typhoons?|volcan\w*|regulat\w+|(?:per|under) (?-i:[A-Z]{2,})\b|"
    # a ratio of adults to children, protective wear
    r"(?:one|two|\d+) (?:[\w-]+ ){0,2}?(?:staff(?: members?)?|adults?|monitors?|supervisors?|instructors?|"
    r"teachers?|carers?|educators?|lifeguards?|guides?|leaders?|coaches) (?:for|to|per) (?:every |each )?"
    r"(?:\d+|[a-z]+) (?:[\w-]+ ){0,3}?(?:children|students|pupils|participants|swimmers|climbers|campers|"
    r"infants|babies|minors|kids)|gloves|aprons|face shields?|goggles|"
    # waste, swallowing, heat, water, vehicles, refrigerants, a decision against medical advice
    r"(?:medical|clinical|hazardous) waste|sharps|thickened liquids?|texture-modified|dysphagia|"
    r"swallow\w*|(?:above|over|exceeds?|below|under) -?\d+\s?°|heat ?stroke|heat (?:stress|exhaustion|"
    r"illness)|dehydrat\w*|boil-water|drinking water|safe to drink|water quality|"
    r"revers(?:e|es|ing) (?:into|down|up|along|out)|refrigerants?|fluorocarbons?|F-gas\w*|"
    r"at risk of (?:harm|abuse)|safeguarding|child protection|adult protection|social work services|"
    r"back-?up|(?:medical|health|patient) data|"
    r"against medical advice|(?:driving|driver'?s|motorbike|motorcycle|boat|pilot'?s?|firearms?|gun) "
    r"licen[cs]es?|(?:rides?|riding|drives?|driving|swim\w*|climb\w*|hik\w*|dives?|diving) after dark|"
    r"lead paint|old paint|lead-based|sanding|paint (?:is being |is )?(?:sanded|stripped)|silica|"
    # personal and health data, in the languages customers and staff write
    r"informaci[oó]n (?:cl[ií]nica|m[eé]dica|de salud)|datos (?:personales|de salud|sensibles|cl[ií]nicos)|"
    r"historia cl[ií]nica|dados (?:pessoais|de saúde)|données (?:personnelles|de santé|médicales)|"
    r"personuppgifter|personopplysninger|Personendaten|dati personali|consentimiento informado|"
    r"consentimento informado|VIH|HIV|(?:verific|confirm|valid)\w* (?:la |a )?identi(?:dad|dade)\w*|"
    r"identité|consentement)\b",
    re.IGNORECASE,
)
_PERSON_PROTECTED = (
    r"(?:customers?|clients?|patients?|members?|tenants?|residents?|guests?|passengers?|riders?|"
    r"students?|pupils?|children|child|users?|travell?ers?|visitors?|learners?|campers?|minors?)"
)
# The organisation binds itself in the customer's favour: "we never disconnect", "free of
# charge", "always welcome", "is entitled to".
PROTECTS_CUSTOMER = re.compile(
    r"\b(?:we|staff|our [\w-]+|the (?:company|bank|practice|clinic|venue|operator|insurer|landlord|"
    r"agency|council|hospital)|agents?|crews?|drivers?|technicians?|engineers?|installers?|operatives?|"
    r"couriers?|employees?)\s+(?:will\s+|shall\s+|must\s+)?(?:never|not|do not|does not|will not|won't|"
    r"must not|may not|cannot|shall not)[\s:]+(?:\w+\s+)?(?:charge|bill|disconnect|cut off|switch off|"
    r"withhold|hold back|deactivate|deny|terminate|end|disable|require|demand|pressure|"
    r"punish|retaliate|discriminate|"
    r"evict|repossess|suspend|cancel|penali[sz]e|share|sell|disclose|pass on|refuse|turn away|"
    r"add (?:an? |any )?(?:optional|extra|charges?|fees?)|"
    r"increase|raise|contact|call|visit|enter|ask)\b|"
    # the organisation gives something of its own accord: "we refund the full price
    # automatically", "we provide hotel accommodation", "receives a full refund"
    r"\b(?:we|staff) (?:will |shall )?(?:always |automatically )?(?:refund|provide|pay for|repair|replace|"
    r"reverse|reimburse|cover)\b(?![^.;]{0,40}\b(?:only|unless|provided that)\b)|"
    r"\b(?:receives?|gets?|is given|are given) a full refund\b|(?:reverse[sd]?|refund(?:s|ed)?|credit(?:s|ed)?)"
    r" (?:[\w'’-]+ ){0,4}automatically\b|without the need (?:for|to)\b|"
    r"\bwill (?:give|offer|provide) (?:the |a |an )?(?:[\w-]+ ){0,2}(?:replacement|refund)|"
    r"\brefund the full price\b|"
    # staff who take no money from customers on the spot: "Crews never accept cash, cheques or
    # any other payment on site"; an instruction never to charge: "Never charge for a return visit"
    r"\b(?:agents?|crews?|drivers?|technicians?|engineers?|installers?|operatives?|couriers?|riders?|"
    r"fitters?|guides?)\s+(?:must\s+|will\s+|may\s+)?(?:never|not)\s+(?:accept|take|collect|ask for|"
    r"request)\s+(?:any\s+)?(?:cash|cheques?|checks?|payments?|money)\b|"
    r"(?:^|[.;:]\s*)(?:\w+\s+)?never (?:charge|bill)\b|"
    # what the organisation will not do to an account: "No account will be sent to a collection agency"
    r"\bno (?:account|debt|balance)s?\b[^.;]{0,40}?\b(?:will|shall|may|can|is|are) (?:be )?(?:sent|referred|"
    r"passed|reported|sold)\s+to\b|"
    r"\bno (?:charge|fee|surcharge)s?(?: of any kind)? (?:is|are|will be) (?:made|charged|added|payable)\b|"
    # "No fine may be levied and no suspension imposed until the Owner has had notice"
    r"\bno (?:fines?|fees?|charges?|penalt(?:y|ies)|late fees?|suspensions?|sanctions?)\b[^.;]{0,20}?\b(?:may|will|"
    r"shall|can|is to|are to) be (?:levied|imposed|charged|applied|made|issued)\b|"
    # a person protected from what the organisation might do to them: "No resident will be
    # asked to leave", "a rider whose card is declined must not be left at the roadside", "no
    # eviction for rent arrears is to be carried out"
    r"\bno (?:customer|client|patient|member|tenant|resident|guest|passenger|rider|student|user|"
    r"pupil|child|person|one|family|consumer|subscriber|borrower|policyholder|buyer)s?\b[^.;]{0,40}?\b(?:will|shall|may|can|is|are)(?: ever)? "
    r"(?:be )?(?:asked to leave|prevented|treated|left|removed|excluded|punished|disadvantaged|"
    r"charged|billed|fined|"
    r"discharged|penali[sz]ed|refused|turned away|denied|threatened|evicted)\b|"
    rf"\b{_PERSON_PROTECTED}\b[^.;]{{0,60}}?\b(?:must|shall|will|may) (?:not|never) be (?:\w+ )?"
    r"(?:left|abandoned|removed|restrained|put off|set down|refused|turned away|asked to leave|"
    r"treated|evicted|disconnected|searched|detained)\b|"
    r"\bno (?:disconnections?|evictions?|repossessions?|cut-?offs?|shut-?offs?|suspensions?)\b"
    r"[^.;]{0,40}?\b(?:shall|will|may|can|is|are)(?: to)? (?:be )?(?:carried out|made|done|allowed|"
    r"permitted|enforced|started)\b|"
    r"\bno (?:disconnections?|evictions?|repossessions?|cut-?offs?|shut-?offs?|suspensions?) "
    r"(?:shall|will|may|can|is|are) "
    r"(?:be )?(?:carried out|made|done|allowed|permitted)\b|"
    r"\bnothing in (?:these|this) (?:[\w-]+ ){0,3}(?:affects|limits|removes)\b|cooling-off|"
    r"\b(?:free of charge|at no (?:extra |additional )?(?:cost|charge)|no (?:charge|fee|surcharge) "
    r"(?:is|will be) (?:made|charged|added)|(?:is|are) always (?:welcome|available|honou?red|free)|"
    r"(?:is|are) entitled to|has the right to|have the right to|without first (?:giving|telling|"
    r"offering|warning|contacting)|(?:is|are|will be) (?:never|not) (?:charged|billed|penali[sz]ed|"
    r"fined)|(?:will|shall) (?:not|never) be (?:charged|billed|fined|penali[sz]ed|cancell?ed|suspended|"
    r"disconnected|terminated|evicted)|won['’]t be (?:charged|billed|fined|penali[sz]ed|cancell?ed|"
    r"suspended|disconnected|terminated)|(?:may|will|shall|must|can|is|are) (?:not|never) be (?:\w+ )?(?:disconnected|cut off|"
    r"switched off|evicted|repossessed|restricted|deactivated|withheld|refused|turned away|denied)|"
    r"\bno (?:[\w-]+ ){0,2}(?:may|will|shall|can|is|are)"
    r" (?:be )?(?:disconnected|cut off|switched off|evicted|repossessed|restricted|refused|turned away|"
    r"denied)|"
    # the organisation's warranty, answers and make-ups it always gives, a charge it waives
    r"(?:gives?|provides?|offers?|carries|comes with) (?:a|an|our) (?:[\w-]+ ){0,3}(?:warranty|guarantee)\b|"
    r"always (?:receive|get|be given|be offered|be answered)|(?:is|are) always (?:made up|refunded|replaced|"
    r"repaired|answered)|(?:is|are) waived for\b|"
    # money the organisation gives back or pays the customer: "refund the release fee in full,
    # and add a goodwill payment of €25"
    r"\b(?:refund|reimburse|repay|credit back)\b[^.;]{0,60}\bin full\b|"
    r"\bbinds? (?:itself|themselves) to\b|"
    # what the organisation gives of its own accord, or never does: "are automatically credited
    # with the missed days", "participants get the full fee back", "is never increased during a
    # Term", "with no second copay", "announced at least 72 hours in advance"
    r"\bautomatically (?:credited|refunded|reversed|extended|repaid|replaced)\b|"
    r"\b(?:credited|refunded|reversed|repaid)\b(?:\s+\S+){0,5}?\s+automatically\b|"
    r"\b(?:participants?|attendees?|you|customers?|members?|guests?|patients?|students?|families) "
    r"(?:will )?(?:get|receive|are given) (?!no\b|nothing\b|not\b)(?:(?!no\b|not\b)\w+ ){0,3}?"
    r"(?:back|refund(?:ed)?)\b|"
    r"\bfull (?:amount|fee|price|cost|payment) is (?:refunded|repaid|credited|returned)\b|"
    r"\b(?:is|are|will be|shall be) (?:never|not) (?:increased|raised|changed) during\b|"
    r"\bwith no (?:second |extra |additional |further )?(?:co-?pay\w*|charge|fee|cost|interest)s?\b|"
    r"\b(?:(?:shall|will) be|is|are) (?:announced|published|communicated|notified to (?:the )?(?:customers?|members?|parents?|"
    r"residents?|tenants?|consumers?|subscribers?|guests?|patients?|students?))\b[^.;]{0,60}\bin advance\b|"
    r"\bno deductions?\b[^.;]{0,60}\b(?:may|will|shall|can|is|are) (?:be )?made\b|"
    r"\b(?:may|must|will|shall) not be closed without\b|"
    r"\bin financial difficult(?:y|ies)\b[^.;]{0,60}\b(?:may|can) (?:pause|defer|freeze|ask)\b|"
    r"\b(?:goodwill|compensation|courtesy) (?:payment|credit|gesture) of\b|"
    r"\bfree (?:[\w-]+ ){0,4}(?:is|are) (?:always )?(?:offered|provided|available|given)\b|"
    r"\b(?:you|customers?|members?|patients?|clients?) (?:do|does) not (?:have|need) to pay (?:in advance|upfront|first)\b|"
    r"(?:is|are) never (?:asked|required|expected) to (?:bring|pay|provide|find)\b|"
    # what the organisation must do before it acts against the customer, and the time it gives
    # them to answer: "the CA must offer an instalment plan ... before any access card is
    # deactivated", "has 7 days to respond before the deduction is made"
    r"\b(?:must|will|shall)\s+(?:first\s+|always\s+)?(?:offer|give|send|tell|warn|notify|explain)\b[^.;]{0,80}"
    r"\bbefore\s+(?:any\s+|the\s+|a\s+|their\s+)?(?:[\w-]+\s+){0,3}(?:is|are)\s+(?:deactivated|disconnected|"
    r"cancell?ed|suspended|terminated|withheld|deducted|charged|made|closed|cut off)\b|"
    r"\b(?:has|have|is given|are given|gets?)\s+(?:at least\s+)?\w+\s+(?:working\s+|business\s+|calendar\s+)?"
    r"(?:days?|weeks?|hours?)\s+to\s+(?:respond|reply|object|answer|dispute|comment)\b[^.;]{0,20}\bbefore\b|"
    # proof the customer is spared: "No receipt is needed", "No documents or proof of income are
    # asked for", "the customer does not have to fill in a form"
    r"\bno (?:[\w-]+ ){0,2}(?:receipts?|proof|documents?|forms?|paperwork|evidence)\b[^.;]{0,30}\b(?:is|are)"
    r" (?:needed|required|asked for|necessary)\b|"
    r"\b(?:does|do) not (?:have|need) to (?:fill in|fill out|complete|provide|show|bring|present)\b|"
    # in French: at the contractor's cost, no work without a signed order, a right to cancel
    r"\baux frais de (?:l['’](?:Entrepreneur|entreprise)|la (?:Compagnie|Société|Ville))|\bà nos frais\b|"
    r"\bsans frais (?:pour|supplémentaires?)\b|\b(?:est|sont) (?:toujours )?gratuit\w*|"
    r"\baucun(?:e)? (?:[\w'’-]+ ){0,3}n['’](?:est|sont) (?:exécuté|facturé|commencé|entrepris)\w* "
    r"(?:ni \w+ )?(?:sans|avant)\b|\bpeut (?:résilier|annuler) (?:le|son|ce) contrat\b|"
    # free, priority, in Spanish and Portuguese: "son gratuitas", "atención prioritaria"
    r"(?<!\bno )(?<!\bnão )\b(?:son|es|são|é|serán?|será|quedan?) (?:siempre )?(?:gratuit[oa]s?|gratis)\b|"
    r"\b(?:atención prioritaria|atendimento prioritário|prioridad de atención)\b|"
    r"\b(?:staff|we|our [\w-]+) (?:must|will|shall) (?:always )?(?:help|assist) (?:any|every|the|a|an)\b|"
    # the customer's say before the organisation acts: "staff must get the client's approval
    # before the bill goes more than 10% above the estimate"
    # (not the customer's own duty: "Tenants must obtain the landlord's consent before ...")
    r"\b(?:must|will|shall)\s+(?:first\s+|always\s+)?(?:get|obtain|seek|have)\s+(?:the\s+)?"
    rf"{_PERSON_PROTECTED}['’]s?\s+(?:written\s+|express\s+|signed\s+)?(?:approval|consent|agreement|"
    r"permission|authori[sz]ation)\s+(?:before|first)\b|"
    r"(?:never|not) (?:be )?used to (?:charge|bill|penali[sz]e|fine|restrict|disconnect|"
    r"cut off|suspend|evict|refuse)|(?:there is )?never an? "
    r"(?:surcharge|charge|fee)|there is no (?:surcharge|charge|fee)|"
    # "no late payment charge is applied", "no extra-night charge applies", "no fines accrue"
    r"no (?:[\w-]+ ){0,3}(?:fee|charge|surcharge|fine|penalt(?:y|ie)|interest)s? (?:(?:is|are|will be) "
    r"(?:made|charged|added|applied|taken|levied|due|payable)|applies|apply|accrues?)|\bcharges? no (?:[\w-]+ )?(?:interest|fees?|charges?|penalt(?:y|ies))\b|"
    r"\b(?:does|do|will|shall) not (?:send|pass|refer|hand)\b[^.;]{0,40}\bto (?:debt )?collection|"
    r"\bno (?:[\w-]+ ){0,3}(?:work|repairs?|treatment|procedures?|services?)s? (?:is|are|will be) "
    r"(?:started|begun|carried out|done|performed) (?:until|before|without)\b|"
    r"no (?:[\w-]+ ){0,3}(?:tickets?|fares?|admissions?|payments?) (?:is|are|will be) (?:charged|taken|asked for)|"
    r"(?:will|shall|may|must|can) (?:not|never) be (?:suspended|reduced|ended|terminated|stopped|withdrawn)|"
    r"(?:is|are) (?:extended|renewed|refunded|credited) automatically|"
    r"at our (?:own )?(?:cost|expense)|whether or not the (?:[\w-]+ )?has asked|"
    r"never (?:added|charged|applied|taken) (?:to|from) (?:[\w-]+ ){0,2}(?:bill|account|card)|"
    r"without (?:the |an? )(?:[\w-]+ ){0,2}(?:surcharge|extra charge|additional charge|charge|fee)|"
    r"\bno (?:guide|agent|staff|employee|driver|courier|technician|member of staff|staff member|cashier|teller|"
    r"officer|representative|adviser|[\w-]+ member)s?(?: or (?:[\w-]+ ){0,3}?(?:staff|employee|agent)s?)? (?:may|can|will|shall) "
    r"(?:charge|ask|take|demand|request)|"
    r"no (?:customer|client|patient|member|tenant|resident|guest|passenger|rider|student|user|one) "
    r"(?:will|shall|may|can) (?:have|be) (?:[\w-]+,? ){0,3}?(?:reduced|changed|ended|cut|withdrawn|suspended|"
    r"terminated|cancelled|disconnected|penali[sz]ed|charged)|"
    r"without (?:the |a |any )?(?:customer|client|patient|member|tenant|resident|guest|passenger|rider|"
    r"student|user)s? (?:having|needing) to (?:ask|complain|claim|apply|request|chase)|"
    r"rather than (?:asking|making|requiring|expecting) (?:the |a |our )?(?:customers?|passengers?|patients?|"
    r"guests?|members?|visitors?|clients?|tenants?|residents?|riders?|travell?ers?|users?) to|"
    r"(?:will|shall|does|do|must|may) (?:never|not) (?:affect|harm|prejudice|disadvantage|count against|"
    r"be used against|be held against)|"
    r"without (?:any )?(?:interest|reminder fees|late fees|fees|charges|penalt(?:y|ies))|"
    r"no (?:customer|rider|passenger|patient|guest|member|tenant|client|student|shopper|diner|user|one) "
    r"(?:ever )?(?:pays|is charged|is billed|is asked to pay)|without (?:any |an? )?(?:surcharge|"
    r"extra charge|additional charge|charge|fee))\b",
    re.IGNORECASE,
)
_CUSTOMER = (
    r"(?:customers?|members?|patients?|guests?|renters?|hirers?|tenants?|riders?|passengers?|"
    r"travell?ers?|applicants?|students?|residents?|clients?|users?|visitors?|parents?|carers?|"
    r"policyholders?|claimants?|account holders?|cardholders?|subscribers?|buyers?|shoppers?|"
    r"diners?|callers?|borrowers?|learners?|the public)"
)
_PROVIDER = (
    r"(?:we|staff|colleagues?|agents?|every colleague|(?:the|your|our|a|each) (?:[\w-]+\s+)?(?:team|staff|"
    r"crew) member|(?:the|your|our) (?:[\w-]+\s+)?representative|our (?:[\w-]+\s+)?(?:staff|team|agents?|"
    r"advisers?|advisors?|colleagues?)|(?:the|your|our) (?:[\w-]+\s+){0,2}(?:team|staff|desk|agent|"
    r"adviser|advisor|adjuster|manager|officer|director|coordinator|educator|teacher|nurse|doctor|"
    r"veterinarian|vet|pharmacist|driver|crew|clinic|practice|company|bank|hospital|council|"
    r"insurer|landlord|agency|operator|venue|club|school|university|library|store|shop|branch|"
    r"centre|center))"
)


class _Undertaking:
    """The organisation binds itself to do something for the customer ("we will tell",
    "the clinic will arrange", "staff must explain"), or grants the customer a way to act
    ("customers can pay by", "any patient may ask for"), in a sentence that restricts
    nothing (no "only", "not", "never", no refusal): the customer relies on it as written."""

    _PATTERN = re.compile(
        rf"\b{_PROVIDER}\s+(?:will|must|shall|always|aims? to|undertakes? to|commits? to|"
        r"(?:is|are) (?:required|obliged|expected) to)\s+(?:also\s+|then\s+|first\s+)?"
        r"(?:tell|inform|notify|explain|give|send|offer|provide|arrange|pay|refund|reimburse|"
        r"acknowledge|reply|respond|text|e-?mail|call|phone|ring|remind|confirm|update|write to|"
        r"visit|deliver|show|help|book|keep (?:\w+\s+){1,2}updated|let (?:\w+\s+){1,3}know|"
        r"go through|walk (?:\w+\s+){0,2}through|talk (?:\w+\s+){0,2}through|"
        r"issue|return|contact (?:the |every |each )?" + _CUSTOMER + r")\b|"
        rf"\b(?:any|every|each|a|the|all)?\s*{_CUSTOMER}\s+(?:can|may|(?:is|are) (?:entitled|"
        r"welcome|free) to)\s+(?:also\s+)?(?:ask|request|choose|pay|name|nominate|bring|book|"
        r"refer|apply|appeal|claim|use|have|get|cancel|change|see|receive|report|contact|call)\b|"
        r"\b(?:can|may) be (?:made|paid|sent|reported|booked|requested|arranged|submitted|"
        r"renewed|changed|cancelled|canceled)\s+(?:at any time|by|online|in person|through|via|"
        r"on|from)\b|"
        rf"\b{_CUSTOMER}\s+(?:receives?|earns?|gets?|(?:is|are) (?:given|sent|offered|told))\b|"
        # help a customer relies on, whoever gives it
        r"\b(?:grace period|(?:full|pro[- ]rata) refund|reasonable adjustments?|accommodations? "
        r"for|interpret(?:er|ers|ing)|wheelchairs?|step-free|hearing loops?|large print|braille|"
        r"(?:service|assistance|guide) (?:animals?|dogs?)|hardship|payment (?:plans?|arrangements?)|"
        r"instal?ments|priority (?:is given|for|booking|appointments?)|(?:is|are) (?:always )?"
        r"(?:seen|treated|admitted|accepted|served|helped) (?:first|straight away|the same day|at once))\b",
        re.IGNORECASE,
    )

    # A rule that also limits, charges or refuses is not a plain promise: its other sentences
    # are what a rewrite would loosen, and they are the customer's burden.
    _LIMITS = re.compile(
        r"\b(?:limited to|maximum|at most|no more than|up to|cancell?ed|falls? due|minimum|"
        r"reserved for|regardless)\b",
        re.IGNORECASE,
    )

    def search(self, text: str) -> re.Match[str] | None:
        if any(
            pattern.search(text) for pattern in (PROHIBITIVE, _NEGATION, CHARGE_WORDS, self._LIMITS)
        ):
            return None
        return self._PATTERN.search(text)


UNDERTAKES_FOR_CUSTOMER = _Undertaking()
# Words that let someone off an obligation.
WAY_OUT = re.compile(
    r"\b(?:waive[sd]?|waiving|exception|exceptions|exempt\w*|need not|needn't|"
    r"(?:does|do) not (?:have|need) to|not (?:be )?(?:required|necessary|needed|mandatory)|"
    r"no longer (?:required|needed|applies|apply)|does not apply|optional|override|overrule|"
    r"set aside|disregard|skip|skipped|omit|omitted|relax(?:ed)?|bypass|at (?:their|his|her|the "
    r"staff member's|your) (?:own )?discretion|unless|except|excepting|if (?:they|the customer) prefer)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|none|nobody|cannot|can't|won't|don't|doesn't|isn't|aren't|neither|nor|without)\b",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"\b(?:must|shall|may|might|can|could|should|will|would|needs? to|ha(?:ve|s) to|"
    r"(?:is|are) (?:required|obliged|expected) to|(?:is|are) to be|only|always|optional)\b",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    return squash(text.replace("**", "").replace("__", "")).lower().strip(" .;")


# The gate's own readings of what a rule guards, and how a reviewer is told.
GUARD_READINGS = (
    (RESTS_ON_LAW, "law or safety"),
    (CITES_AUTHORITY, "a rule from outside the organisation"),
    (GUARDS_SAFETY, "a person's safety, identity or data"),
    (PROTECTS_CUSTOMER, "a customer protection"),
    (UNDERTAKES_FOR_CUSTOMER, "a promise to customers"),
)


def guarded_rule_kept(data: CheckInput) -> CheckResult:
    """A rule resting on law, safety or a customer protection is kept word for word; the
    draft may add help around it but no way out of it, in any field a reviewer reads."""
    answer = data.answer
    why = data.guarded or data.legal_basis
    whole = f"{data.lead_in} {data.original}" if data.lead_in else data.original
    # the gate's own readings, where ingest found nothing: each that finds words in the rule
    found = (
        []
        if why
        else [
            (reading, what, m) for reading, what in GUARD_READINGS if (m := reading.search(whole))
        ]
    )
    if found:
        _, what, first = found[0]
        why = f"{what} (it says {first.group(0)!r})"
    # A rule read as guarding a person's safety, identity or data on a word of its own, and on
    # nothing else (no law, no outside rule, no protection or promise, nothing ingest found):
    # money given back or not taken does not touch what it guards, so a waiver of its charge or
    # a refund may stand beside it; any other way out may not.
    money_only = [reading for reading, _, _ in found] == [GUARDS_SAFETY] and not (
        _NOT_ONLY_MONEY.search(whole)
    )
    if why is None:
        return CheckResult(
            name="guarded_rule_kept",
            passed=True,
            detail="nothing in the rule rests on law or safety",
        )
    problems = []
    if _fold(data.original) not in _fold(answer.proposed):
        problems.append(
            f"the rule rests on {why}: its text must stand word for word in the rewrite"
        )
    ways_out = _ways_out_added(data)
    granted_all = _discretion_granted(data)
    if (
        money_only
        and not problems
        and _MONEY_RELIEF.search(f"{answer.proposed} {answer.discretion}")
        and all(w in _MONEY_WORDS for _, words in ways_out + granted_all for w in words)
    ):
        return _result(
            "guarded_rule_kept",
            [],
            f"kept word for word ({why}); what is added only waives or gives back money",
        )
    for name, added in ways_out:
        problems.append(f"the {name} offers a way out of it: {', '.join(added)}")
    for name, granted in granted_all:
        problems.append(
            f"the {name} lets someone do more than help the customer meet it: {', '.join(granted)}"
        )
    return _result("guarded_rule_kept", problems, f"kept word for word ({why})")


# Money that is not only the organisation's to give up: a tax, levy, duty, fine or penalty, a
# public subsidy, anything cited by article or section; and a charge that keeps people from
# tampering with what protects them (a smoke detector, an alarm).
_NOT_ONLY_MONEY = re.compile(
    r"\b(?:tax(?:es)?|levy|levies|dut(?:y|ies)|fines?|fined|penalt(?:y|ies)|subsid\w*|government|"
    r"state|federal|municipal|council|article|art\.|section|sec\.|§|regulat\w*|statut\w*|"
    r"tamper\w*|detectors?|alarms?|extinguishers?|sprinklers?|defibrillators?|first[- ]aid)\b|§",
    re.IGNORECASE,
)
# What money given back or not taken reads as, and the only words of a way out it may add
_MONEY_RELIEF = re.compile(
    r"\b(?:waive|refund|give a credit)\b|\bgive the [^.;]{0,20}\b(?:discount|rebate)\b",
    re.IGNORECASE,
)
_MONEY_WORDS = frozenset(
    [
        "exception",
        "waive",
        "waived",
        "can waive",
        "refund",
        "refunded",
        "can refund",
        "give",
        "can give",
        "credit",
        "ask",
        "can ask",
    ]
)


# What anyone may be let do around a guarded rule: help the customer meet it, explain it, act
# for the customer, or pass the case on. Any other "can", "may" or "allow" the draft adds is
# discretion over the rule itself ("staff can accept a utility bill", "can extend the 6 months"),
# whatever words it is put in.
_GRANTS = re.compile(
    r"\b(?:can|may|could|(?:is|are) (?:allowed|permitted|free|able) to)\s+(?:still\s+|also\s+|"
    r"then\s+|always\s+)?(?P<verb>[a-z-]+)\b|\b(?P<grant>allow|allows|let|lets|permit|permits)\b",
    re.IGNORECASE,
)
_HELP = frozenset(
    [
        "explain",
        "tell",
        "inform",
        "notify",
        "show",
        "help",
        "assist",
        "support",
        "remind",
        "book",
        "arrange",
        "refer",
        "call",
        "phone",
        "ring",
        "contact",
        "email",
        "e-mail",
        "text",
        "write",
        "send",
        "offer",
        "translate",
        "interpret",
        "read",
        "walk",
        "go",
        "talk",
        "speak",
        "answer",
        "note",
        "record",
        "log",
        "ask",
        "request",
        "apply",
        "escalate",
        "pass",
        "hand",
        "act",
        "sign",
        "accompany",
        "name",
        "nominate",
        "choose",
        "check",
        "confirm",
        "print",
        "find",
        "meet",
        "see",
        "visit",
        "prove",
    ]
)
# "ask" is help when the customer asks, or staff ask for something; asking a person to do
# something ("can ask them to leave") is a demand.
_ASKS_SOMEONE_TO = re.compile(r"\s+(?:them|him|her|you|the\s+[\w-]+|[\w-]+s?)\s+to\b", re.I)


def _granted(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for match in _GRANTS.finditer(text):
        verb = (match.group("grant") or match.group("verb")).lower()
        demand = verb == "ask" and _ASKS_SOMEONE_TO.match(text, match.end())
        if match.group("grant") or verb not in _HELP or demand:
            found[verb] += 1
    return found


def _discretion_granted(data: CheckInput) -> list[tuple[str, list[str]]]:
    before = _granted(f"{data.lead_in or ''} {data.original}")
    found = []
    for name in ("proposed", "default", "discretion", "escalation"):
        added = _granted(getattr(data.answer, name)) - before
        if added:
            found.append((name, sorted(added)))
    return found


def _ways_out_added(
    data: CheckInput, spare: re.Pattern[str] | None = None
) -> list[tuple[str, list[str]]]:
    """Each field a reviewer reads that offers a way out of the rule its text did not already
    offer, with the words; what `spare` matches (a relief the check allows) is read past."""
    before = {m.lower() for m in WAY_OUT.findall(data.original)}
    forbidden = {m.lower() for m in _FORBIDDEN.findall(data.original)}
    found = []
    for name in ("proposed", "default", "discretion", "escalation", "purpose"):
        field = getattr(data.answer, name)
        if spare is not None:
            field = spare.sub(" ", field)
        added = {m.lower() for m in WAY_OUT.findall(field)} - before
        # what the rule forbids, now allowed: "staff will not lift a client" -> "staff can lift"
        for permitted in _PERMITTED.finditer(field):
            verb = permitted.group("verb").lower()
            if verb in forbidden and len(_permitted(field, verb)) > len(
                _permitted(data.original, verb)
            ):
                added.add(permitted.group(0).lower())
        if added:
            found.append((name, sorted(added)))
    return found


# The acts a rule forbids ("will not lift", "must never enter", "is not allowed to bring"),
# and the words that allow one.
_FORBIDDEN = re.compile(
    r"\b(?:will not|won't|must not|mustn't|may not|shall not|cannot|can't|do not|does not|never|"
    r"(?:is|are) not (?:allowed|permitted) to|(?:is|are) never to|not to)\s+(?:ever\s+)?(?:be\s+)?"
    r"([a-z]+)\b",
    re.IGNORECASE,
)
_PERMITTED = re.compile(
    r"\b(?:can|may|could|(?:is|are) (?:allowed|permitted|free) to)\s+(?:still\s+|also\s+)?"
    r"(?P<verb>[a-z]+)\b",
    re.IGNORECASE,
)


def _permitted(text: str, verb: str) -> list[str]:
    return [m.group(0) for m in _PERMITTED.finditer(text) if m.group("verb").lower() == verb]


# A way out aimed at one figure of the rule ("waive the $25 fee"), which leaves the rest of it,
# promises included, standing.
_TARGETED_WAIVER = re.compile(
    r"\bwaiv\w*\s+(?:the\s+)?(?:[£$€]\s?\d[\d,.]*|\d[\d,.]*\s?%)?\s*(?:[\w-]+\s+){0,2}?"
    r"(?:fee|charge|surcharge|penalty|fine|cost)s?\b",
    re.IGNORECASE,
)


def _promise_clause(text: str) -> str | None:
    """A clause of the rule in which the organisation binds itself for the customer ("we will
    book a free interpreter", "no supply may be disconnected"), read clause by clause: the
    rest of a rule that also limits the customer does not unmake its promise."""
    for clause in re.split(r"(?<=[.;:,])\s+|\s+(?:but|and then|while)\s+", text):
        found = (
            PROTECTS_CUSTOMER.search(clause)
            or UNDERTAKES_FOR_CUSTOMER.search(clause)
            or _INFORMS.search(clause)
            or _GIVES_BACK.search(clause)
        )
        # a bare mention ("the payment plan is cancelled") promises nothing; a promise says
        # who does what, or that the customer is spared something
        if found and _PROMISING.search(found.group(0)):
            return found.group(0)
    return None


# Staff bound to tell the customer something, whatever it is about ("the coordinator must go
# through every charge with the shipper"): the customer relies on being told.
_INFORMS = re.compile(
    rf"\b(?:{_PROVIDER}|reception|the front desk|(?-i:the [A-Z]{{2,5}})|the (?:[\w-]+ )?(?!customer|"
    rf"member|owner|user|buyer|borrower|passenger|rider|renter|hirer|subscriber|caller|tenant|"
    rf"resident|holder|parent|student|patient|client|applicant|participant|entrant|claimant|"
    rf"occupant|travell?er|shipper|consumer|guardian|visitor)[a-z]+(?:or|er|ist|ian|ant|ent))\s+"
    r"(?:will|must|shall|always)\s+(?:first\s+|also\s+)?(?:tell|inform|notify|"
    r"explain|go through|walk (?:\w+\s+){0,2}through|talk (?:\w+\s+){0,2}through|show|warn)\b",
    re.IGNORECASE,
)
# Money the organisation gives back of its own accord: "the $59 fee is refunded in full"
# ("refunded only if ..." is a limit, not a promise).
_GIVES_BACK = re.compile(
    r"\b(?:is|are|will be) (?:automatically )?(?:refunded|credited back|reimbursed|waived)\s+"
    r"(?:in full|automatically|without)\b(?![^.;]{0,30}\b(?:only|unless|provided)\b)",
    re.IGNORECASE,
)
_PROMISING = re.compile(
    r"\b(?:will|must|shall|always|can|may|never|not|no|without|free|entitled|right|aims?|is|are|"
    r"undertakes?|commits?|receives?|gets?|given|sent|offered|told|seen|treated|admitted|"
    r"accepted|served|helped|first)\b",
    re.IGNORECASE,
)


def promises_kept(data: CheckInput) -> CheckResult:
    """A rule that also promises something to customers may have one of its figures relieved,
    but no way out of the rule as a whole: an exception to the whole rule lets staff break the
    promise too."""
    whole = f"{data.lead_in} {data.original}" if data.lead_in else data.original
    promise = _promise_clause(whole)
    if promise is None:
        return CheckResult(name="promises_kept", passed=True, detail="the rule promises nothing")
    problems = [
        f"the rule promises customers something ({promise!r}); the {name} offers a way out of "
        f"the whole rule: {', '.join(added)}"
        for name, added in _ways_out_added(data, spare=_TARGETED_WAIVER)
    ]
    return _result("promises_kept", problems, f"the promise stands ({promise!r})")


# An exception to the rule as a whole, with nothing said about what it allows: "staff can make
# one exception to rule 4.2", "may waive this policy in exceptional cases", "set the rule aside"
_WHOLE_RULE_EXCEPTION = re.compile(
    r"\bexceptions?\s+to\s+(?:(?:this|the|that|our)\s+(?:[\w-]+\s+)?(?:rule|policy|requirement|"
    r"condition|clause|section)\b|(?:rule|clause|section|policy|article|paragraph)\s+[\w.()-]*\d)|"
    r"\b(?:waive|set\s+aside|disregard|suspend|override|lift|relax)\s+(?:this|the|that)\s+"
    r"(?:rule|policy|requirement|clause|section)\b|"
    r"\b(?:rule|policy|requirement)\s+(?:can|may)\s+be\s+(?:waived|set\s+aside|relaxed|disregarded|"
    r"lifted)\b",
    re.IGNORECASE,
)


def relief_is_specific(data: CheckInput) -> CheckResult:
    """The relief a draft offers says what it allows. An exception to the rule as a whole sets
    aside everything the rule does, including whatever law, safety or promise it carries that
    the readings here do not know, so it goes to a reviewer to say what it covers."""
    problems = []
    if not _WHOLE_RULE_EXCEPTION.search(data.original):  # the rule's own wording is not added
        for name in ("proposed", "discretion", "default"):
            found = _WHOLE_RULE_EXCEPTION.search(getattr(data.answer, name))
            if found:
                problems.append(
                    f"the {name} sets the whole rule aside ({found.group(0)!r}) without saying "
                    "what the exception allows; name the case and what staff may do"
                )
    return _result("relief_is_specific", problems, "the relief says what it allows")


def _guarding(sentence: str) -> bool:
    return any(reading.search(sentence) for reading, _ in GUARD_READINGS)


def _signature(sentence: str) -> tuple[int, frozenset[str]]:
    """Negation (odd or even) and the modal words: "must" to "may", or "not" dropped, differ."""
    modals = frozenset(" ".join(m.lower().split()) for m in _MODAL.findall(sentence))
    return len(_NEGATION.findall(sentence)) % 2, modals


def obligations_not_reversed(data: CheckInput) -> CheckResult:
    """Each sentence of the rule that rests on law, a code or safety, or protects the customer,
    has a counterpart in the rewrite with the same negation and modality ("must" is not
    "may", "not" is not gone)."""
    proposed = _sentences(data.answer.proposed)
    problems = []
    for sentence in _sentences(data.original):
        if not _guarding(sentence) and not (
            data.legal_basis and data.legal_basis.lower() in sentence.lower()
        ):
            continue
        words = _content(sentence)
        best = max(
            proposed,
            key=lambda p: len(words & _content(p)) / max(len(words), 1),
            default="",
        )
        overlap = len(words & _content(best)) / max(len(words), 1)
        if overlap < 0.5:
            problems.append(f"no counterpart for {squash(sentence)[:80]!r}")
        elif _signature(sentence) != _signature(best):
            problems.append(
                f"meaning changed: {squash(sentence)[:60]!r} became {squash(best)[:60]!r}"
            )
    return _result("obligations_not_reversed", problems, "every obligation keeps its sense")


PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|per ?cent)", re.IGNORECASE)
# A charge named in French, Spanish or Portuguese is the same charge named in English: a draft
# may say "waive the fee" of a rule's "frais", and may not add "des frais" a rule did not have
_CHARGE_IN_ENGLISH = {
    "frais": "fee",
    "supplément": "fee",
    "redevance": "fee",
    "forfait": "fee",
    "pénalité": "penalty",
    "pénalités": "penalty",
    "recargo": "charge",
    "recargos": "charge",
    "multa": "fine",
    "multas": "fine",
    "comisión": "fee",
    "comisiones": "fee",
    "penalidad": "penalty",
    "penalidades": "penalty",
    "taxa": "fee",
    "taxas": "fee",
}
CHARGE_WORDS = re.compile(
    r"\b(?:fees?|charges?|charged|surcharges?|penalt(?:y|ies)|fines?|levy|deposit|forfeit\w*|"
    rf"deduct\w*|non-refundable|handling|admin(?:istration)? cost|{'|'.join(_CHARGE_IN_ENGLISH)})"
    r"(?!\w)",
    re.IGNORECASE,
)


# A charge named only to lift it: "staff can waive the $1 charge", "with no fee"
_RELIEF = re.compile(
    r"\b(?:waive[sd]?|waiving|refund(?:s|ed)?|cancel(?:s|led)?|remove[sd]?|no|without|free of|"
    r"not|never|reduce[sd]?|drop(?:s|ped)?)\s+(?:the\s+|any\s+|a\s+|one\s+|that\s+|this\s+|their\s+)?"
    r"(?:[$£€]?[\d.,]+\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)


def _charge_stem(word: str) -> str:
    """ "charge", "charges" and "charged" are one kind of charge; "fee" and "fees" one too."""
    word = word.lower()
    word = _CHARGE_IN_ENGLISH.get(word, word)
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ged", "ces")) or (word.endswith("s") and not word.endswith("ss")):
        return word[:-1]
    return word


def no_new_burden(data: CheckInput) -> CheckResult:
    """No field a reviewer reads adds a charge, a percentage, an amount or a prohibition the
    rule did not have (a new penalty slipped into the default is as bad as in the text)."""
    answer = data.answer
    original = data.original
    problems = []
    amounts = {squash(m) for m in MONEY.findall(original)} | set(PERCENT.findall(original))
    # a charge the list names is each item's ("The following fees apply: a stop payment, $30")
    charges = {_charge_stem(m) for m in CHARGE_WORDS.findall(f"{data.lead_in or ''} {original}")}
    prohibitions = {m.lower() for m in PROHIBITIVE.findall(original)}
    for name in ("proposed", "default", "discretion", "escalation", "purpose"):
        text = getattr(answer, name)
        new_amounts = sorted(
            ({squash(m) for m in MONEY.findall(text)} | set(PERCENT.findall(text))) - amounts
        )
        if new_amounts:
            problems.append(f"the {name} adds {', '.join(new_amounts)}")
        new_charges = sorted(
            {
                m.group(0).lower()
                for m in CHARGE_WORDS.finditer(text)
                if _charge_stem(m.group(0)) not in charges and not _RELIEF.search(text[: m.start()])
            }
        )
        if new_charges:
            problems.append(f"the {name} adds a charge: {', '.join(new_charges)}")
        if name in ("default", "escalation", "purpose"):
            new_noes = sorted({m.lower() for m in PROHIBITIVE.findall(text)} - prohibitions)
            if new_noes:
                problems.append(f"the {name} adds a prohibition: {', '.join(new_noes)}")
    return _result("no_new_burden", problems, "no field adds a charge, amount or prohibition")


_UNIT = (
    r"(?P<unit>minutes?|mins?|hours?|hrs?|days?|working days?|business days?|weeks?|months?|"
    r"years?|nights?|times|visits?|items?|bags?|people|guests?|kg)"
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty-five": 45, "sixty": 60, "ninety": 90,
}  # fmt: skip
FIGURE = re.compile(
    rf"\b(?P<n>\d+(?:\.\d+)?|{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})"
    rf"[\s-]*(?:more\s+|extra\s+|calendar\s+|clear\s+)?{_UNIT}\b",
    re.IGNORECASE,
)
# Words before a figure saying that less of it is better for the customer.
_LESS_IS_BETTER = re.compile(
    r"\b(?:before|in advance|notice|at least|minimum|min\.|no later than|deadline|closes?|"
    r"closing|wait(?:ing)?|takes?(?!\s+place)|taking(?!\s+place)|after|cool(?:ing)?-down|older than|over|"
    r"suspen\w*|bann?(?:ed)?|"
    r"barred|block(?:ed)?|exclu\w*|locked out|for the (?:next|following))\b|"
    # what the organisation owes the customer within a time: a longer time is worse for them
    # (a payment, a return or a refund only where the organisation does it: "Returns are accepted
    # only within 14 days" is the customer's window)
    r"\b(?:repl(?:y|ies)|responds?|answers?|acknowledges?|decides?)\b[^.;]{0,40}\bwithin\s*$|"
    r"\b(?:we|staff|the (?!customers?\b|clients?\b|members?\b|guests?\b|patients?\b|tenants?\b|renters?\b|passengers?\b|students?\b|buyers?\b|users?\b|residents?\b|parents?\b)[\w-]+(?: [\w-]+)?)\s+(?:will\s+|shall\s+|must\s+|aims?\s+to\s+|always\s+)?(?:pays?|refunds?|sends?|issues?|returns?|releases?|credits?|repairs?|"
    r"fix(?:es)?|resolves?)\b[^.;]{0,40}\bwithin\s*$|"
    # money owed to the customer, paid back within a time: "Refunds are paid only by bank
    # transfer, within 30 days"
    r"\b(?:refunds?|reimbursements?|repayments?|deposits?|balances?)\s+(?:are|is|will\s+be|shall\s+be)\s+"
    r"(?:only\s+)?(?:paid|made|issued|sent|processed|returned|transferred)\b[^.;]{0,40}\bwithin\s*$",
    re.IGNORECASE,
)
# A count of the customer's slips before a period: the window they are tallied over, where
# a longer window counts more against them ("three no-shows in one calendar month"). The
# built-in drafter reads this with its own pattern: the gate shares no reading with what it
# checks.
_TALLIED_OVER = re.compile(
    # not a clause's own number: "(2) Complaints must be made within", "C.2 Guests ...",
    # "Para 4(a) Claims ..."
    r"(?<![(\w.§:-])(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twice|once)\b(?!\(|[).:]\S)"
    # nor an amount: "a deposit of 200 PLN within 24 hours", "a deposit of 30% ... within"
    r"(?!\s*(?:(?:(?-i:[A-Z]{3})|kr)(?:\b|$)|%|per\s*cent))(?<![$£€¥]\d)(?<![$£€¥]\d\d)(?<![$£€¥]\d\d\d)"
    r"[^.;:,]{0,40}?"
    r"\b(?:in|within|over|during|per|every|across)\s+(?:one\s+|a\s+|any\s+|the\s+|each\s+|"
    r"rolling\s+)?$",
    re.IGNORECASE,
)
# ... and words just after it: "30 days' notice", "a 6-month suspension", "14 days before"
_LESS_IS_BETTER_AFTER = re.compile(
    # what must be left for a refund: "passes with fewer than 10 days of validity left"
    r"\s*(?:of\s+[\w-]+\s+)?(?:left|remaining|to run)\b|"
    r"['’]?\s*(?:of\s+)?(?:(?:written|prior|advance|clear)\s+)?(?:notice|in advance|before|ahead|"
    r"suspension|ban|block|bar|exclusion|"
    r"cool(?:ing)?-down|wait)\b",
    re.IGNORECASE,
)
# ... a time the organisation takes ("letters are completed within 28 days", "not resolved
# within 10 working days", "no sooner than 90 days after"), a stretch counted back over ("no
# reminder in the last 24 months", "statements for the past 6 months") or one the customer is
# kept out for ("cannot request a change for six months")
_LESS_IS_BETTER_TOO = re.compile(
    r"\b(?:is|are|will be|has been|have been)\s+(?:not\s+)?(?!(?:accepted|allowed|permitted|valid|"
    r"available|made|submitted|lodged|requested|reported|returned|paid|filed|raised|received|"
    r"booked|used|collected|claimed|included|investigated|considered)\b)[a-z]+(?:ed|en)\b"
    r"(?:\s+(?!if\b|when\b|unless\b|only\b)[a-z]+){0,5}\s+within\s+$|"
    r"\b(?:sooner than|not (?:before|until)|only after|at the earliest)\s+$|"
    r"\b(?:binds? (?:itself|themselves)|undertakes?|commits?|promises?|guarantees?|pledges?)\s+to\b"
    r"[^.;]{0,60}\bwithin\s+$|"
    r"\b(?:deposits?|bonds?|refunds?|balances?|credits?|payments?|money|holds?)\s+(?:is|are|will be)\s+"
    r"(?:returned|refunded|released|repaid|credited|paid)\s+(?:[a-z]+\s+){0,2}?within\s+$|"
    r"\b(?:receives?|gets?|is sent|are sent|is given|are given)\b[^.;]{0,40}\bwithin\s+$|"
    r"\b(?:in|within|during|over|covering|for|of)\s+the\s+(?:last|past|latest|previous|preceding|"
    r"most recent)\s+$|"
    r"\b(?:cannot|may not|can't|(?:not|never) be able to|lose|loses)\b[^.;]{0,60}\bfor\s+$|"
    # a stretch at the start or end of something, barred: "not permitted during the first 30
    # minutes of any exam"
    r"\b(?:not|no|never)\b[^.;]{0,50}\b(?:during|in|for)\s+the\s+(?:first|last|final|opening|closing)\s+$",
    re.IGNORECASE,
)
# Words that say more of a figure is better for the customer, whatever else is near: how
# old a document may be ("dated no more than 6 months before"), notice the organisation gives
# ("is notified at least one month in advance"), a pause the customer may take ("may freeze
# their membership for up to three months").
_MORE_IS_BETTER = re.compile(
    r"\b(?:dated|issued|signed|taken|obtained|no older than|not older than)\b[^.;]{0,40}$|"
    r"\b(?:(?:is|are|will be|shall be|must be) (?:notified|told|announced|published|posted|"
    r"advertised|communicated)|we (?:will |must |always )?"
    r"(?:give|send|notify|tell|publish)|(?:has|have|had) (?:been )?(?:received|given|sent|served))\b"
    r"[^.;]{0,50}$|"
    r"\b(?:may|can) (?:\w+ )?(?:suspend|pause|freeze|defer)\b[^.;]{0,60}$|"
    # the organisation's people waiting for the customer, the customer's time before they lose
    # something ("disposed of after three days", "entries lapse after 24 months", "not collected
    # within 90 days")
    r"\b(?:drivers?|crews?|we|staff|the (?:driver|coach|bus|crew|taxi|train|boat|ferry|shuttle|"
    r"operative|technician|engineer|guide|instructor))\s+(?:will\s+)?waits?\s+(?:for\s+)?(?:up to|no "
    r"(?:longer|more) than|at most|a maximum of|only)?\s*$|"
    r"\b(?:removed|disposed of|discarded|donated|destroyed|lapses?|expires?|deleted|forfeited|"
    r"returned to (?:the )?sender)\s+(?:\w+\s+){0,2}after\s*$|"
    r"\bnot (?:collected|claimed|picked up|used|redeemed|renewed)\s+within\s+(?:the\s+)?$|"
    # a benefit kept for a time: "keeps the reduced rate for 60 days"
    r"\bkeeps?\b[^.;]{0,40}\bfor\s+(?:up to\s+|another\s+|a further\s+)?$",
    re.IGNORECASE,
)
_LONGER = re.compile(
    r"\b(?:extend\w*|lengthen\w*|increas\w*|doubl\w*|prolong\w*)\s+(?:the\s+)?$", re.I
)
_SHORTER = re.compile(r"\b(?:shorten\w*|reduc\w*|cut\w*|halv\w*)\s+(?:the\s+)?$", re.I)


def _unit(word: str) -> str:
    word = word.lower().removesuffix("s")
    return {"min": "minute", "hr": "hour", "business day": "working day"}.get(word, word)


def _figure(n: str) -> float:
    return float(_NUMBER_WORDS.get(n.lower(), 0) or n)


# A figure the organisation promises, not one it holds the customer to: its own deadline ("the
# deposit hold is released within 24 hours", "the clamp is removed within two hours at the
# latest"), how long what it gives lasts ("a credit valid 24 months"), or the time in which the
# customer may walk away ("If you leave within 90 days ..., you may end your contract"). Moved
# either way, it is another promise: a reviewer's to make.
_PROMISED_BEFORE = re.compile(
    r"\b(?:(?:(?:is|are|will\s+be|shall\s+be|gets?|get)\s+(?:(?!not\b|never\b)\w+\s+)?|"
    r"and\s+)(?:released|removed|refunded|repaid|processed|repaired|replaced|answered|dispatched|"
    r"credited|resolved|reconnected|restored|lifted|acknowledged|investigated|reimbursed|unlocked|"
    r"sent|issued|posted|mailed)|"
    r"(?:deposit|bond|hold)s?\s+(?:is|are|will\s+be)\s+returned)\s+"
    r"(?:in\s+full\s+)?(?:within|in)\s+(?:the\s+)?$|"
    # money the customer has back: "Tenants may have their deposit returned in full within 10
    # days", "members get their fees refunded within"
    r"\b(?:has|have|had|get|gets|receive|receives)\s+(?:their|his|her|your|the|its)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:deposits?|bonds?|money|balances?|payments?|fees?|credits?|refunds?|funds|charges?)\s+"
    r"(?:returned|refunded|repaid|released|paid\s+back|credited|reimbursed)\s+(?:in\s+full\s+)?"
    r"(?:within|in)\s+(?:the\s+)?$|"
    r"\b(?:we|staff|our\s+[\w-]+|the\s+(?:[\w-]+\s+)?(?:team|office|department|desk|manager|company|"
    r"bank|clinic|practice|council|operator|landlord|agency|insurer|school|club|centre|center|hotel|"
    r"provider|utility|lender|store|shop))\s+(?:(?:will|shall|must|always)(?:\s+|(?=,)))?"
    # "the Outlet Manager must, at the guest's request, refund ..."
    r"(?:,[^,.;]{0,40},\s+)?(?:(?:try|tries|aim|aims|undertake|undertakes)\s+to\s+)?"
    r"(?:release|remove|return|refund|repay|process|repair|replace|answer|dispatch|send|credit|pay|"
    r"resolve|reconnect|restore|respond|reply|acknowledge|investigate|reimburse|call\s+back|hand|"
    r"give|reach|contact|call|notify|inform|tell|write\s+to|visit|inspect)(?:s|es)?\b"
    r"[^.;]{0,70}\bwithin\s+(?:the\s+)?$|"
    # what the organisation does once a time has passed: "If a pre-authorisation has not been
    # released 7 days after check-out, the manager must refund it"
    r"\b(?:has|have)\s+not\s+(?:yet\s+)?been\s+(?:released|refunded|returned|repaid|credited|resolved|"
    r"answered|repaired|delivered|processed|reconnected|restored)\s+(?:within\s+|in\s+)?$|"
    # what the customer is to receive, and by when: "Every complaint receives a written
    # acknowledgement within two working days", "Members will get an SMS at least 15 days before
    # any points expire", "Reimbursements are paid within 30 calendar days"
    r"(?<!\bmust\s)(?<!\bshould\s)(?<!\bwe\s)(?<!\bus\s)(?<!\bnot\s)(?<!\bcannot\s)(?<!n['’]t\s)(?<!\bto\s)"
    r"\b(?:receives?|gets?|will\s+(?:receive|get)|"
    r"(?:is|are)\s+to\s+receive|(?:is|are|will\s+be)\s+(?:given|offered|sent))\b"
    r"(?:(?!\b(?:only|if|unless|provided)\b)[^.;]){0,70}\b"
    r"(?:within|at\s+least|no\s+(?:later|less)\s+than|not\s+less\s+than|a\s+minimum\s+of)\s+(?:the\s+)?$|"
    r"\bwe\s+(?:will\s+|shall\s+|always\s+)?(?:notify|tell|inform|write\s+to|remind|warn|text|email|"
    r"contact|give)\b(?:(?!\b(?:only|if|unless|provided)\b)[^.;]){0,50}\b"
    r"(?:at\s+least|no\s+(?:later|less)\s+than|not\s+less\s+than|a\s+minimum\s+of)\s+$|"
    r"\b(?:reimbursements?|refunds?|claims?|compensation|payouts?|credits?|deposits?|bonds?|settlements?)"
    r"\s+(?:is|are|will\s+be|shall\s+be)\s+(?:\w+\s+)?paid(?:\s+out)?\s+(?:in\s+full\s+)?(?:within|in)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
# how long what the organisation gives lasts, where nothing is lost when it ends ("a credit
# valid 24 months"); "valid for 12 months; entries not used are lost" is an expiry, a limit
_VALID_FOR = re.compile(r"\bvalid\s+(?:for\s+)?(?:up\s+to\s+)?$", re.IGNORECASE)
_LOST_AT_END = re.compile(
    r"\b(?:lost|forfeit\w*|expir\w*|laps\w*|void|not\s+(?:be\s+)?refunded|no\s+refunds?|cancell?ed|"
    r"extended|instead\s+of|no\s+cash\s+value)\b",
    re.IGNORECASE,
)
_PROMISED_AFTER = re.compile(
    r"\s*(?:at\s+the\s+latest|of\s+(?:being\s+)?(?:paid|returned))\b", re.I
)
_CUSTOMER_MAY_LEAVE = re.compile(
    r"\b(?:you|customers?|members?|residents?|tenants?|guests?|clients?|buyers?|subscribers?)\s+"
    r"(?:may|can|are\s+entitled\s+to|have\s+the\s+right\s+to)\s+(?:\w+\s+)?(?:end|cancel|terminate|"
    r"withdraw\s+from|leave|return)\b|\bpay\s+only\s+for\b",
    re.IGNORECASE,
)


# "seven (7) days" is read as "7 days"
_DIGITS_GIVEN = re.compile(r"\b[a-z-]+\s+\((\d+)\)", re.IGNORECASE)
# An amount the rule counts from, not one the customer pays: "treatment expected to cost more
# than S$500"; waiving it waives nothing
_THRESHOLD = re.compile(
    r"\b(?:more than|over|above|exceeding|exceeds?|in excess of|less than|under|below)\s*[A-Z]{0,3}$",
    re.IGNORECASE,
)
_WAIVES_AMOUNT = re.compile(rf"\bwaiv\w*\s+(?:the\s+)?[A-Z]{{0,3}}({MONEY.pattern})", re.IGNORECASE)


_BOOKED_UP_TO = re.compile(
    r"\b(?:book\w*|reserv\w*|order\w*|schedul\w*|made)\b[^.;]{0,60}\b(?:no more than|not more than|up to|"
    r"at most|a maximum of|only)\s+$",
    re.IGNORECASE,
)


def _promised_figures(text: str) -> set[tuple[str, float]]:
    """The figures of the rule that the organisation promises the customer."""
    found = set()
    for sentence in _sentences(text):
        may_leave = _CUSTOMER_MAY_LEAVE.search(sentence) is not None
        for match in FIGURE.finditer(sentence):
            lead = sentence[max(0, match.start() - 110) : match.start()]
            if (
                may_leave
                or _PROMISED_BEFORE.search(lead)
                or (_VALID_FOR.search(lead) and not _LOST_AT_END.search(text))
                or _PROMISED_AFTER.match(sentence, match.end())
            ):
                found.add((_unit(match["unit"]), _figure(match["n"])))
    return found


def limits_not_tightened(data: CheckInput) -> CheckResult:
    """A figure of the rule may move in the customer's favour only: a longer window, a
    shorter notice period or suspension. A figure the rule does not have, whose direction is
    unclear, is left for a reviewer to judge (blocked); so is "extend the <figure>" where a
    longer one is worse for the customer, and "shorten" where a shorter one is."""
    original: dict[str, list[tuple[float, bool]]] = {}
    rule = _DIGITS_GIVEN.sub(r"\1", data.original)
    for match in FIGURE.finditer(rule):
        lead = rule[max(0, match.start() - 60) : match.start()]
        trail = rule[match.end() : match.end() + 25]
        less_better = (
            bool(
                _LESS_IS_BETTER.search(lead)
                or _TALLIED_OVER.search(lead)
                or _LESS_IS_BETTER_AFTER.match(trail)
                or _LESS_IS_BETTER_TOO.search(lead)
            )
            and not (
                _MORE_IS_BETTER.search(lead)
                or re.match(r"\s*apart\b", trail, re.I)
                # the customer's window: "After the 7-day window, returns are not accepted"
                or re.match(r"-?\s*(?:[\w-]+\s+)?(?:window|grace\s+period)\b", trail, re.I)
                # how far ahead the customer may book: "book no more than 7 days ahead"
                or (
                    _BOOKED_UP_TO.search(rule[max(0, match.start() - 120) : match.start()])
                    and re.match(r"['’]?\s*(?:ahead|in advance|beforehand)\b", trail, re.I)
                )
                # the customer's window before a date: "only during the five days before the reading"
                or (
                    re.search(r"\bonly\s+(?:during|in|within)\s+the\s+$", lead, re.I)
                    and re.match(r"\s*(?:before|prior to|ahead of)\b", trail, re.I)
                )
            )
        )
        original.setdefault(_unit(match["unit"]), []).append((_figure(match["n"]), less_better))
    problems = []
    promised = _promised_figures(rule)
    thresholds = {
        squash(m.group(0))
        for m in MONEY.finditer(data.original)
        if _THRESHOLD.search(data.original[max(0, m.start() - 25) : m.start()])
    }
    for name in ("proposed", "default", "discretion"):
        text = getattr(data.answer, name)
        for match in FIGURE.finditer(text):
            unit, value = _unit(match["unit"]), _figure(match["n"])
            known = original.get(unit)
            verb = text[max(0, match.start() - 30) : match.start()]
            same = [lb for v, lb in known or [] if v == value]
            longer, shorter = _LONGER.search(verb), _SHORTER.search(verb)
            either = longer or shorter
            if either and (unit, value) in promised:
                problems.append(
                    f"the {name} would {either.group(0).strip()} {match.group(0)!r}, which the "
                    "rule promises the customer: a reviewer decides whether to promise more"
                )
                continue
            moved = (longer if all(same) else None) or (shorter if not any(same) else None)
            if same and moved:
                problems.append(
                    f"the {name} would {moved.group(0).strip()} {match.group(0)!r}, which is "
                    "worse for the customer"
                )
                continue
            if name == "discretion":
                continue
            if not known or any(value == v for v, _ in known):
                continue
            lead = text[max(0, match.start() - 60) : match.start()]
            less_better = bool(_LESS_IS_BETTER.search(lead)) or any(lb for _, lb in known)
            worse = (
                value > max(v for v, _ in known)
                if less_better
                else value < min(v for v, _ in known)
            )
            if worse:
                problems.append(
                    f"the {name} moves a limit against the customer: {match.group(0)!r}"
                )
        for waived in _WAIVES_AMOUNT.finditer(text):
            if squash(waived.group(1)) in thresholds:
                problems.append(
                    f"the {name} would waive {waived.group(1)!r}, which the rule uses as a "
                    "threshold, not a charge"
                )
    return _result("limits_not_tightened", problems, "no limit moves against the customer")


LAW_NAME = re.compile(
    r"\b(?:[A-Z][\w'’&()-]*\s+){1,8}(?:Act|Regulations?|Directive|Convention|Ordinance|Statute|Code)(?:\s+(?:of\s+)?(?:19|20)\d{2})?\b|"
    r"\b\d+\s+(?:CFR|U\.S\.C\.)\s*[\d.()a-z]+"
)


def laws_named_exist(data: CheckInput) -> CheckResult:
    """A law the draft names must be named by the rule or its manual: no invented acts."""
    answer = data.answer
    source = _fold(" ".join([data.original, *data.context, data.manual_text]))
    named = [answer.legal_basis or ""]
    for name in ("proposed", "default", "discretion", "escalation", "purpose", "rationale"):
        named.extend(m.group(0) for m in LAW_NAME.finditer(getattr(answer, name)))
    problems = []
    for name in dict.fromkeys(n.strip(" .;,") for n in named if n.strip()):
        parts = [p for p in re.split(r";\s*", name) if p]
        for part in parts:
            if _fold(part) not in source:
                problems.append(f"names {part!r}, which the rule and its manual do not")
    return _result("laws_named_exist", problems, "every law named is in the rule or its manual")


def language_read(data: CheckInput) -> CheckResult:
    """The readings here are English. A rule in another language may rest on a law, a safety
    duty or a promise that none of them can see, and words a draft adds in another language
    cannot be read for what they allow: either goes to a reviewer, whoever drafted it."""
    problems = []
    rule_language = foreign_language(data.original)
    if rule_language:
        problems.append(
            f"the rule is in {rule_language}, which these checks do not read: whether it rests "
            "on law, safety or a promise to customers cannot be told here"
        )
    answer = data.answer
    kept = _fold(data.original)
    for name in ("proposed", "purpose", "default", "discretion", "escalation", "rationale"):
        text = getattr(answer, name)
        if name == "proposed":
            text = " ".join(s for s in _sentences(text) if _fold(s) not in kept)
        language = foreign_language(text)
        if language:
            problems.append(f"the {name} adds words in {language}, which these checks do not read")
    return _result("language_read", problems, "the rule and the draft are in English")


CHECKS = (
    complete,
    language_read,
    on_topic,
    quotes_verbatim,
    cited_ids_exist,
    legal_basis_kept,
    guarded_rule_kept,
    promises_kept,
    relief_is_specific,
    obligations_not_reversed,
    not_more_restrictive,
    no_new_burden,
    limits_not_tightened,
    laws_named_exist,
    no_complaint_instructions,
)


def run_checks(data: CheckInput) -> list[CheckResult]:
    # Hard-wrapped manuals break phrases across lines ("will\nnot"); compare them folded.
    folded = replace(
        data,
        original=squash(data.original),
        context=[squash(c) for c in data.context],
        manual_text=squash(data.manual_text),
        lead_in=squash(data.lead_in) if data.lead_in else None,
    )
    return [check(folded) for check in CHECKS]
