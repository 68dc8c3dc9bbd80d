"""The built-in drafter: a deterministic, offline customer-enabling rewrite of one rule.

It applies the rewrite pattern to the rule's own sentences (see `phrasing`): prohibitions
and burdens become defaults, "no exceptions" goes, legal obligations stay word for word.
Around that it adds a safeguard for the rule's purpose, a bounded discretion for frontline
staff and a named escalation, all inferred from the rule, its section and its context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.core.sentences import sentence_spans
from service.drafting.phrasing import (
    MONEY,
    NUMBER,
    STAFF_WORDS,
    Rewrite,
    capitalise,
    enable_sentence,
    tidy,
)
from service.drafting.schema import CitedComplaint, DraftAnswer, DraftInput, Origin, OriginKind
from service.ingest.classify import PatternClassifier

_CLASSIFIER = PatternClassifier()
_RESTRICTIVE_SENTENCE = 1.0  # lower than the rule threshold: one cue in one sentence counts


def draft(data: DraftInput) -> DraftAnswer:
    """Draft a customer-enabling rewrite of `data.rule` without any model."""
    rule = _RuleView.of(data)
    sentences = [_rewrite(rule, sentence) for sentence in rule.sentences]
    purpose = _purpose(rule)
    discretion = _discretion(rule)
    escalation = _escalation(rule)
    proposed = _proposed(rule, sentences, purpose, discretion, escalation)
    return DraftAnswer(
        proposed=proposed,
        purpose=purpose.text,
        default=_default(rule, sentences),
        discretion=discretion,
        escalation=escalation,
        legal_basis=data.rule.legal_basis,
        rationale=_rationale(rule, purpose, len(data.complaints)),
        origin=_origin(rule),
        citations=[
            CitedComplaint(complaint_id=complaint.id, quote=complaint.quote)
            for complaint in data.complaints
            if complaint.id and complaint.quote
        ],
    )


# --- reading the rule --------------------------------------------------------------------


@dataclass
class _RuleView:
    """The rule's words, and the people and place they talk about."""

    text: str
    section: str
    context: str
    legal_basis: str | None
    sentences: list[str]
    customer: str
    staff: str

    @classmethod
    def of(cls, data: DraftInput) -> _RuleView:
        text = " ".join(data.rule.text.split())
        context = " ".join(" ".join(data.context).split())
        section = _section_topic(data.rule.section)
        return cls(
            text=text,
            section=section,
            context=context,
            legal_basis=data.rule.legal_basis,
            sentences=[text[a:b] for a, b in sentence_spans(text)],
            customer=_customer_word(f"{text} {section} {context}"),
            staff=_staff_word(f"{text} {context}"),
        )

    @property
    def words(self) -> str:
        return f"{self.text} {self.section}"


def _section_topic(section: str) -> str:
    """ "SECTION 4 - CANCELLATIONS, DEPOSITS" -> "cancellations, deposits"."""
    last = section.split(">")[-1].strip()
    last = re.sub(
        r"^(?:section|part|chapter)?\s*[\dA-Z]{0,3}[.)]?\d*\s*[-–—:.]?\s+", "", last, flags=re.I
    )
    if last.isupper():
        return last.lower()
    if re.search(r"\s[A-Z]", last):
        return last
    return last[:1].lower() + last[1:]


def _customer_word(text: str) -> str:
    counts: dict[str, int] = {}
    for match in re.finditer(
        r"\b(customer|patient|passenger|member|guest|visitor|client|caller|tenant|resident|"
        r"traveller|student|policyholder|subscriber|account holder|pupil|learner|rider|diner)s?\b",
        text,
        re.I,
    ):
        word = match.group(1).lower()
        counts[word] = counts.get(word, 0) + 1
    return max(counts, key=lambda w: (counts[w], w)) if counts else "customer"


def _staff_word(text: str) -> str:
    match = re.search(
        r"\b(?:(?:frontline|front-line|counter|branch|reception|field|store|desk|ground|"
        r"cabin|contact-centre|call-centre)\s+)?(?:staff|colleagues|advisers|advisors|team members|agents|employees|receptionists)\b",
        text,
        re.I,
    )
    return match.group(0).lower() if match else "staff"


# --- legal obligations -------------------------------------------------------------------

_LEGAL_WORDS = re.compile(
    r"\b(?:laws?|legal|legally|regulations?|regulatory|statute|statutory|required\s+by|"
    r"safety|hygiene|licen[cs]\w*|convention|directive|standards?)\b|\bAct\b|\bGDPR\b|\bPCI\b",
    re.I,
)


_NAMED_OBLIGATION = re.compile(
    r"\b(?:[A-Z][\w.'’()-]*\s+){1,8}(?:Act|Regulations?|Order|Directive)(?:\s+(?:19|20)\d{2})?\b|"
    r"\blicen[cs]e\s+conditions\b|\blicensing\b|\b(?:required\s+by|under)\s+(?:the|our|its)\s+[\w' ]*licen[cs]e\b|"
    r"\bsafety\b|\bhygiene\b|\binfection\b"
)


def _is_obligation(rule: _RuleView, sentence: str) -> bool:
    """A sentence that carries the legal or safety obligation the rule's basis names.

    Without a basis, a sentence still counts when it names an instrument or a safety or
    hygiene reason: a bare "for legal reasons" does not, and is opened like any other.
    """
    if rule.legal_basis is None:
        return _NAMED_OBLIGATION.search(sentence) is not None
    parts = [rule.legal_basis, *rule.legal_basis.split("; ")]
    if any(part and part in sentence for part in parts):
        return True
    return _LEGAL_WORDS.search(sentence) is not None


_STOP = {
    "which", "their", "there", "these", "those", "where", "while", "other", "under", "after",
    "before", "about", "every", "within", "customer", "customers", "staff", "patients",
    "patient", "would", "should", "could", "being",
}  # fmt: skip


def _content_words(sentence: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{5,}", sentence.lower()) if w not in _STOP}


@dataclass
class _Sentence:
    original: str
    text: str
    kept_for_law: bool = False
    changed: bool = False
    narrowed: bool = False
    restrictive: bool = False


def _rewrite(rule: _RuleView, sentence: str) -> _Sentence:
    """Keep obligations and enabling sentences; turn the others into defaults."""
    score, _ = _CLASSIFIER.restrictiveness(sentence)
    restrictive = score >= _RESTRICTIVE_SENTENCE
    if _is_obligation(rule, sentence):
        return _Sentence(sentence, sentence, kept_for_law=True, restrictive=restrictive)
    if restrictive and rule.legal_basis and _restates_obligation(rule, sentence):
        return _Sentence(sentence, sentence, kept_for_law=True, restrictive=True)
    if score < 0:
        return _Sentence(sentence, sentence)
    done: Rewrite = enable_sentence(
        sentence,
        hearsay=rule.legal_basis is None,
        customer=rule.customer,
        staff=rule.staff,
    )
    return _Sentence(
        sentence,
        done.text,
        changed=done.changed,
        narrowed=done.burden or (done.narrowed and not done.changed),
        restrictive=restrictive,
    )


def _restates_obligation(rule: _RuleView, sentence: str) -> bool:
    """A restrictive sentence about the same thing as the obligation is part of it."""
    obligations = [s for s in rule.sentences if _is_obligation(rule, s)]
    mine = _content_words(sentence)
    return any(mine & _content_words(o) for o in obligations)


# --- purpose -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Family:
    name: str
    goal: str
    safeguard: str
    words: str


_FAMILIES = [
    _Family(
        "fraud",
        "the organisation and its {customer}s against fraud and misuse",
        "{Staff} still check that the request is genuine, using whatever reasonable evidence the {customer} has",
        r"receipts?|proof|identity|identification|\bID\b|fraud\w*|genuine|verify|verified|security questions?|signed|signature|original|certified|letter of authority|registered address|attorney|photographic|impersonat\w+",
    ),
    _Family(
        "stock",
        "the value of stock that comes back and can be sold again",
        "{Staff} check the item's condition first",
        r"returned|returns?\b|resale|packaging|sealed|unused|marked-down|clearance|exchanges?|exchanged|stock|tested|faulty|warranty|damaged",
    ),
    _Family(
        "theft",
        "stock against theft",
        "{Staff} can ask to see inside a bag when there is a clear reason",
        r"backpacks?|rucksacks?|shopping bags?|handbags?|theft|shoplift\w*|stolen|security tags?",
    ),
    _Family(
        "safety",
        "the safety of {customer}s and staff",
        "{Staff} make sure it is safe first",
        r"safety|safe\b|fire|dangerous|hazard\w*|batter(?:y|ies)|knives|knife|blades?|bladed|dogs?|evacuation|gas\b|injur\w+|accidents?|weapons?|scooters?|trolleys?|lifeguard|carry|carrying|lifting|heavy|upstairs|pool|equipment|ladders?|electrical",
    ),
    _Family(
        "hygiene",
        "hygiene and infection control",
        "{Staff} make sure hygiene standards are kept",
        r"hygiene|infection|clean\w*|food|drinks?|toys|contaminat\w+|kitchen|towels?|sanitary",
    ),
    _Family(
        "privacy",
        "{customer}s' privacy and the security of their accounts and personal data",
        "{Staff} first confirm who they are dealing with and that the {customer} concerned has agreed",
        r"data|personal (?:data|information|details)|privacy|account information|confidential\w*|photograph\w*|filming|video|audio-record\w*|recordings?|consent|spouse|relatives?|third party|callers?|disclos\w+|security|password|on their behalf|behalf",
    ),
    _Family(
        "capacity",
        "fair access for other {customer}s within the limits of space and staff time",
        "this applies while there is room and other {customer}s are treated fairly",
        r"capacity|queue\w*|room\b|admitted|at a time|students?|other customers|seats?|slots?|crowd\w*|busy|availability|accompanying|per transaction|combined",
    ),
    _Family(
        "credit",
        "{customer}s and the organisation against debt that cannot be repaid",
        "{Staff} check that any arrangement stays affordable for the {customer}",
        r"arrears|debts?|overdraft|payment plans?|instalments?|owed|balance|credit control|late payments?|deposits?|recovery|unpaid",
    ),
    _Family(
        "schedule",
        "the timetable that other {customer}s rely on",
        "{Staff} fit this in where the timetable allows, so other {customer}s are not kept waiting",
        r"appointments?|late\b|arriv\w+|notice|bookings?|booked|slots?|departure|gates?|check-in|minutes|reminders?|deadline|delivery|missed",
    ),
    _Family(
        "cost",
        "the organisation's costs",
        "prices and charges stay as they are unless {staff} decide otherwise within the limits below",
        r"fees?|charges?|charged|costs?|price\w*|postage|refunds?|cash|compensation|expenses|vouchers?|reimburs\w+|interest|payments?|goodwill|free|points|rewards|loyalty",
    ),
    _Family(
        "control",
        "consistency in decisions on money and exceptions",
        "{Staff} record what they decided and why, so decisions stay consistent",
        r"managers?|approv\w+|authority|authori[sz]ed|discretion|head office|director|team leader|exceptions?|depart from|procedures?",
    ),
    _Family(
        "conduct",
        "a calm, pleasant place for other {customer}s and for staff",
        "{Staff} can ask a {customer} to stop if it disturbs others",
        r"mobile phones?|phone calls?|calls\b|noise|behaviou?r|sitting|lying|leaning|conduct|premises|waiting rooms?",
    ),
]
_LEGAL_FAMILY = _Family(
    "legal",
    "compliance with {basis}",
    "what {basis} requires stays in full",
    "",
)


@dataclass
class _Purpose:
    families: list[_Family]
    evidence: list[str] = field(default_factory=list)
    text: str = ""


def _purpose(rule: _RuleView) -> _Purpose:
    """What the rule protects, from the words of the rule and its section."""
    scored: list[tuple[float, int, _Family, list[str]]] = []
    for index, family in enumerate(_FAMILIES):
        in_rule = [m.group(0) for m in re.finditer(rf"\b(?:{family.words})\b", rule.text, re.I)]
        in_section = re.findall(rf"\b(?:{family.words})\b", rule.section, re.I)
        score = 2.0 * len(in_rule) + len(in_section)
        if score:
            scored.append((score, -index, family, in_rule))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    families = [item[2] for item in scored[:2] if item[0] >= scored[0][0] / 2]
    stems = {
        w.lower().rstrip("s"): w.lower() for item in reversed(scored[:2]) for w in reversed(item[3])
    }
    evidence = list(dict.fromkeys(stems.values()))[:3]
    if rule.legal_basis:
        families = [_LEGAL_FAMILY, *families[:1]]
    if not families:
        families = [_FAMILIES[-2]]
    purpose = _Purpose(families, evidence)
    purpose.text = _purpose_text(rule, purpose)
    return purpose


def _fill(template: str, rule: _RuleView) -> str:
    return template.format(
        customer=rule.customer,
        staff=rule.staff,
        Staff=capitalise(rule.staff),
        basis=rule.legal_basis or "the law",
    )


def _purpose_text(rule: _RuleView, purpose: _Purpose) -> str:
    general = re.search(
        r"\b(?:scope|definitions?|about this|introduction|general)\b", rule.section, re.I
    )
    where = f" in {rule.section}" if rule.section and not general else ""
    others = [_fill(f.goal, rule) for f in purpose.families if f.name != "legal"]
    if rule.legal_basis:
        text = f"It keeps the organisation in line with {rule.legal_basis}"
        text += f" and protects {others[0]}{where}." if others else f"{where}."
    else:
        text = f"It protects {' and '.join(others)}{where}."
    if purpose.evidence:
        quoted = ", ".join(f"“{w}”" for w in purpose.evidence)
        text += f" That is what the rule's own words ({quoted}) point to."
    return text


# --- figures, discretion and escalation --------------------------------------------------

_UNIT = (
    r"(?:working |calendar |business |clear |consecutive )?(?:minute|hour|day|week|month|year)s?"
)


_MEASURES = r"(?:cm|mm|m|kg|g|ml|l|km|kilograms?|grams?|litres?|liters?|miles?|metres?|meters?|inches|feet|x|per)"


_NOUN_WORDS = (
    r"[a-z][a-z-]+(?:\s+(?!(?:per|a|an|each|at|in|on|for|to|between|during|from)\b)[a-z][a-z-]+)?"
)


@dataclass(frozen=True)
class _Figure:
    kind: str  # fee, money, percent, deadline, notice, count
    value: str
    unit: str = ""
    noun: str = ""


def _figures(rule: _RuleView) -> list[_Figure]:
    """The amounts, periods and counts in the rule's restrictive, non-legal sentences."""
    sentences = [s for s in rule.sentences if not _is_obligation(rule, s)]
    found: list[_Figure] = []
    for sentence in sentences:
        fee = _fee_name(sentence)
        for match in re.finditer(rf"{MONEY}|\d+(?:\.\d+)?%", sentence):
            before = sentence[max(0, match.start() - 16) : match.start()].lower()
            if re.search(
                r"(?:more than|over|above|exceeding|in excess of|between|from)\s*$", before
            ):
                continue  # a threshold that decides when the rule applies, not a limit
            kind = "fee" if fee else "money"
            found.append(
                _Figure(
                    "percent" if match.group(0).endswith("%") else kind, match.group(0), noun=fee
                )
            )
        if fee and not re.search(rf"{MONEY}|\d+(?:\.\d+)?%", sentence):
            found.append(_Figure("fee", "", noun=fee))
        for match in re.finditer(rf"\b({NUMBER})[ -]({_UNIT})\b", sentence, re.I):
            before = sentence[max(0, match.start() - 30) : match.start()].lower()
            after = sentence[match.end() : match.end() + 12].lower()
            if after.startswith(("'", "’")) and "notice" not in after:
                continue  # "three months' charges": an amount, not a period
            notice = re.search(r"at least|after|minimum|wait", before) or "notice" in after
            unit = match.group(2).lower()
            if not unit.endswith("s"):
                unit += "s"
            if re.search(r"\btakes?\s+(?:up to\s+)?$", before):
                continue  # how long the organisation takes, not a limit on the customer
            cutoff = re.match(r"\s*(?:before|prior to)\b", sentence[match.end() :], re.I)
            kind = "cutoff" if cutoff else "notice" if notice else "deadline"
            found.append(_Figure(kind, match.group(1).lower(), unit))
        for match in re.finditer(
            rf"\b(?:limited to|restricted to|no more than|up to|at most|maximum of|only|capped at)\s+({NUMBER})\s+((?!{_UNIT}\b|{_MEASURES}\b){_NOUN_WORDS})",
            sentence,
            re.I,
        ):
            found.append(_Figure("count", match.group(1).lower(), noun=match.group(2).lower()))
        for match in re.finditer(
            rf"\b({NUMBER})\s+((?!{_UNIT}\b){_NOUN_WORDS})\s+only\b", sentence, re.I
        ):
            found.append(_Figure("count", match.group(1).lower(), noun=match.group(2).lower()))
    return found


def _fee_name(sentence: str) -> str:
    """ "a £25 redelivery fee" -> "redelivery fee"; penalties are called charges."""
    for match in re.finditer(
        r"((?:\b(?!(?:a|an|the|any|every|each|this|that|of|per|is|are|for|flat)\b)[a-z][\w-]*\s+){0,2})\b(fee|charge|penalty|surcharge|fine|deposit)s?\b",
        sentence,
        re.I,
    ):
        before = sentence[: match.start(2)].lower()
        if re.search(
            r"\b(?:no|free of|without|at no|waive|waived|refund|reduce|of the|of any)\s+(?:[\w-]+\s+){0,2}$",
            before,
        ):
            continue
        if (
            match.group(2).lower() == "deposit"
            and not re.search(
                r"(?:^|\b(?:a|an|the|security|booking|holding|damage))\s*$", before.strip() + " "
            )
            and not sentence[match.end() :].lstrip().startswith("of")
        ):
            continue
        lead = re.sub(rf"\b(?:{NUMBER}|[£$€]\S*)\s*", "", match.group(1), flags=re.I).strip()
        lead = re.sub(r"^(?:charged|applies|paid|of|and|or|with|to)\b\s*", "", lead)
        noun = match.group(2).lower()
        noun = "charge" if noun in {"penalty", "surcharge", "fine"} else noun
        return f"{lead} {noun}".strip().lower()
    priced = re.search(r"\b(?:charged|costs?|payable|priced)\b", sentence, re.I)
    return "charge" if priced and re.search(MONEY, sentence) else ""


def _discretion(rule: _RuleView) -> str:
    """What frontline staff decide alone, bounded by the rule's own figures when it has any."""
    staff = capitalise(rule.staff)
    if _all_obligation(rule):
        ways = "explaining it, "
        if _REPRESENTED.search(rule.text):
            ways += "accepting an authorised representative where the law allows, "
        return (
            f"{staff} decide on their own how to help the {rule.customer} meet what "
            f"{rule.legal_basis} requires: {ways}or booking a follow-up. The requirement itself "
            "stays as written. They record what they did."
        )
    action = _discretion_action(rule, _figures(rule))
    return f"{staff} can {action}. They record the reason each time."


def _all_obligation(rule: _RuleView) -> bool:
    """True when every restrictive sentence of the rule is part of its legal obligation."""
    return rule.legal_basis is not None and not any(
        _CLASSIFIER.restrictiveness(s)[0] >= _RESTRICTIVE_SENTENCE
        and not _is_obligation(rule, s)
        and not _restates_obligation(rule, s)
        for s in rule.sentences
    )


def _discretion_action(rule: _RuleView, figures: list[_Figure]) -> str:
    by_kind = {f.kind: f for f in reversed(figures)}
    once = f"once per {rule.customer} in any 12 months"
    good_reason = f"when the {rule.customer} has a good reason"
    fee = by_kind.get("fee") or by_kind.get("percent")
    if fee and fee.value and fee.noun:
        return f"waive or reduce the {fee.noun} (up to its full {fee.value}) on their own {good_reason}, {once}"
    if "money" in by_kind:
        value = by_kind["money"].value
        return f"go above the {value} limit on their own by up to the same amount again ({value} more) {good_reason}"
    if "count" in by_kind:
        figure = by_kind["count"]
        return f"allow up to {figure.value} more {figure.noun} on their own {good_reason}"
    if "cutoff" in by_kind:
        figure = by_kind["cutoff"]
        unit = figure.unit.rstrip("s")
        return f"accept a {rule.customer} who misses the {figure.value}-{unit} cut-off on their own when it can still be done in time"
    if "notice" in by_kind:
        figure = by_kind["notice"]
        return f"move the {figure.value} {figure.unit} by up to {figure.value} {_plain(figure.unit)} in the {rule.customer}'s favour on their own {good_reason}, {once}"
    if "deadline" in by_kind:
        figure = by_kind["deadline"]
        return f"extend the {figure.value} {figure.unit} on their own by up to {figure.value} more {_plain(figure.unit)} {good_reason}"
    if fee and fee.noun:
        return f"waive or reduce the {fee.noun} on their own {good_reason}, {once}"
    topic = _rule_topic(rule)
    about = f"the rule on {topic}" if topic else "this rule"
    return f"make an exception to {about} on their own for a single {_case_noun(rule)}, {once}"


def _plain(unit: str) -> str:
    """ "consecutive months" -> "months": the second mention of a period needs no qualifier."""
    return unit.split()[-1]


def _case_noun(rule: _RuleView) -> str:
    for noun in (
        "appointment",
        "booking",
        "reservation",
        "claim",
        "return",
        "account",
        "payment",
        "visit",
        "stay",
        "flight",
        "policy",
    ):
        if re.search(rf"\b{noun}s?\b", rule.text, re.I):
            return noun
    if re.search(r"\b(?:an|your|their|online)\s+orders?\b|\borders\b", rule.text, re.I):
        return "order"
    return "request"


_ON_SITE_ROLES = re.compile(
    r"\b(duty manager|store manager|branch manager|practice manager|shift (?:lead|leader|manager|supervisor)|"
    r"station manager|floor manager|team leader|supervisor|manager on duty|site manager|clinic manager|"
    r"centre manager|front office manager|general manager|night manager|hotel manager|gym manager|"
    r"depot manager|ward manager|nurse in charge|senior adviser|senior advisor|team manager|"
    r"office manager|reception manager|operations manager|customer service manager)s?\b",
    re.I,
)
_TEAMS = re.compile(r"\b((?:[A-Z][\w&-]*\s+){1,3}(?:team|Team|department|Department))\b")


def _escalation_role(rule: _RuleView) -> str:
    for words in (rule.text, rule.context):
        match = _ON_SITE_ROLES.search(words)
        if match:
            return "the " + match.group(1).lower()
    return "the duty manager"


def _escalation(rule: _RuleView) -> str:
    """Who is immediately available beyond the frontline's limits, and when."""
    role = _escalation_role(rule)
    text = (
        f"Beyond those limits, {role} decides while the {rule.customer} is still there or on "
        "the line, and the same day at the latest"
    )
    team = _TEAMS.search(rule.text)
    if team and team.group(1).split()[0] not in {"The", "A", "Our"}:
        text += f", bringing in the {team.group(1)} where needed"
    return text + "."


# --- the rewritten rule ------------------------------------------------------------------


def _proposed(
    rule: _RuleView,
    sentences: list[_Sentence],
    purpose: _Purpose,
    discretion: str,
    escalation: str,
) -> str:
    parts = [s.text for s in sentences if s.text]
    opened = [s for s in sentences if s.changed]
    if not opened and not any(s.narrowed or s.kept_for_law for s in sentences):
        parts.append(_fallback_default(rule))
    if any(s.narrowed for s in sentences):
        parts.append(
            f"Where the usual way does not suit the {rule.customer}, {rule.staff} agree another "
            "reasonable way that serves the same purpose."
        )
    if rule.legal_basis or any(s.kept_for_law for s in sentences):
        parts.append(_legal_help(rule))
    safeguards = [f for f in purpose.families if f.name != "legal"]
    if safeguards and opened:
        parts.append(tidy(_fill(safeguards[0].safeguard, rule)))
    if not _all_obligation(rule):
        parts.append(discretion)
    parts.append(escalation)
    return " ".join(tidy(p) for p in parts if p.strip())


_REPRESENTED = re.compile(
    r"\b(?:identity|identification|consent|account holder|authori[sz]|signed|in person|attorney|behalf)\b",
    re.I,
)


def _legal_help(rule: _RuleView) -> str:
    """Name the basis, keep it whole, and make it easier to live with."""
    text = f"Legal basis, kept in full: {rule.legal_basis}. " if rule.legal_basis else ""
    text += (
        f"{capitalise(rule.staff)} explain the requirement in plain words and help the "
        f"{rule.customer} meet it"
    )
    if _REPRESENTED.search(rule.text):
        text += ", for example through an authorised representative where the law allows it"
    return text + "."


def _fallback_default(rule: _RuleView) -> str:
    """A default stated some other way, for a rule no phrasing rule could open."""
    fees = [f for f in _figures(rule) if f.noun and f.kind in {"fee", "percent"}]
    if fees:
        return (
            f"A {rule.customer} with a good reason can ask for the {fees[0].noun} to be waived "
            "or reduced."
        )
    topic = _rule_topic(rule)
    about = f"the rule on {topic}" if topic else "this rule"
    return (
        f"A {rule.customer} who needs something {about} does not provide can ask, and "
        f"{rule.staff} can agree to it within the limits below."
    )


_VERBS = re.compile(
    r"\b(?:is|are|was|were|will|can|may|must|shall|should|has|have|had|do|does|gets?|"
    r"opens?|closes?|applies|apply|costs?|needs?|requires?|takes?|lasts?|runs?|starts?|"
    r"ends?|pays?|include[sd]?|who|which|that)\b",
    re.I,
)


def _rule_topic(rule: _RuleView) -> str:
    """The rule's subject, "Airport check-in and bag drop close ..." -> "airport check-in and bag drop"."""
    first = rule.sentences[0] if rule.sentences else ""
    if re.match(r"(?:where|when|if|once|after|before|during|for|in|under|as)\b", first, re.I):
        first = first.split(",", 1)[-1].strip()
    verb = _VERBS.search(first)
    words = first[: verb.start()].split() if verb else []
    while words and words[0].lower() in {"any", "all", "each", "every", "our"}:
        words = words[1:]
    people = rf"\b(?:{rule.customer}s?|{STAFF_WORDS}|we|you)\b"
    if not 0 < len(words) <= 6 or re.search(people, " ".join(words), re.I):
        return ""
    topic = " ".join(words).strip(" ,;:")
    return topic if re.match(r"[A-Z]{2}|[A-Z]\w*\s+[A-Z]", topic) else topic[:1].lower() + topic[1:]


def _default(rule: _RuleView, sentences: list[_Sentence]) -> str:
    changed = [s.text for s in sentences if s.text and (s.changed or s.narrowed)]
    if changed:
        return " ".join(changed[:2])
    if rule.legal_basis:
        return (
            f"The {rule.customer} gets a plain explanation of what {rule.legal_basis} requires "
            "and help to meet it."
        )
    return _fallback_default(rule)


# --- rationale and origin ----------------------------------------------------------------


def _rationale(rule: _RuleView, purpose: _Purpose, complaints: int) -> str:
    _, cues = _CLASSIFIER.restrictiveness(rule.text)
    said = ", ".join(f"“{c}”" for c in list(dict.fromkeys(c.lower() for c in cues))[:3])
    first = f"The rule says no by default ({said})." if said else "The rule says no by default."
    goals = " and ".join(_fill(f.goal, rule) for f in purpose.families)
    second = (
        f"The rewrite keeps what it protects ({goals}) but starts from what the "
        f"{rule.customer} can do, lets staff decide within stated limits and names who "
        "decides beyond them."
    )
    if rule.legal_basis:
        second += f" The obligation under {rule.legal_basis} is kept word for word."
    if complaints:
        noun = "complaint was" if complaints == 1 else "complaints were"
        third = f" {complaints} customer {noun} supplied as evidence of the conflict."
    else:
        third = " No complaints were supplied, so the conflict rests on the rule's wording."
    return f"{first} {second}{third}"


_ORIGIN_CUES: list[tuple[OriginKind, str, str]] = [
    (
        "leader_preference",
        r"\b(?:at the request of|on the instructions? of|as preferred by|at the wish of)\s+(?:the\s+)?(?:chief executive|ceo|managing director|director|owner|founder|chair\w*|general manager|president)[^,.;]*|\b(?:the )?(?:ceo|owner|founder|chief executive|director) (?:prefers|wants|insists)",
        "which suggests one leader's preference rather than a customer or legal need",
    ),
    (
        "tradition",
        r"\b(?:(?:has|have) always been|as has (?:always )?been the practice|has been the practice|always been the practice|since the \w+ (?:was|were) (?:founded|opened|set up)|traditionally|long-standing|as is customary|as we have always)\b[^,.;]*",
        "which suggests a habit kept because it has always been done, not a current need",
    ),
    (
        "reaction",
        r"\b(?:following|after|since|because of|due to|in response to)\s+(?:an?\s+|the\s+|one\s+|repeated\s+|past\s+|previous\s+|several\s+|a number of\s+)?(?:[\w-]+\s+)?(?:incidents?|abuse|misuse|complaints? about|thefts?|losses|problems?|fraud case)[^,.;]*",
        "which suggests a reaction to one past incident, now applied to everyone",
    ),
    (
        "self_protection",
        r"\b(?:to avoid liability|not (?:be )?(?:held )?(?:responsible|liable)|accepts? no (?:responsibility|liability)|at (?:the customer's|the patient's|your|their) own risk|does not excuse|as a courtesy|to protect (?:the company|ourselves|the business))\b[^,.;]*",
        "which suggests the rule protects the organisation from blame rather than serving the customer",
    ),
    (
        "distrust",
        r"\b(?:(?:manager|supervisor|team leader|head office|director)(?:'s)? (?:approval|authori[sz]ation|sign-?off|permission)|approval of (?:a|the) [\w ]{0,25}|at the discretion of the [\w ]{0,25}? only|(?:only|solely) (?:a|the) (?:manager|supervisor|duty manager|team leader)[^,.;]*|ha(?:s|ve) no authority[^,.;]*|not able to (?:refund|reduce|waive|change|lift)[^,.;]*|prior written authority[^,.;]*|can only be authori[sz]ed by[^,.;]*|approved by head office|(?:may|can) not (?:lift|override|change|depart)[^,.;]*|may not depart[^,.;]*|(?:arranged|decided) by the [\w ]{0,25} only)",
        "which suggests frontline staff are not trusted to judge, so they say no and someone senior may later say yes",
    ),
    (
        "silo",
        r"\b(?:not our department|not (?:our|my) (?:job|responsibility)|refer(?:red)? (?:back )?to (?:the |another )?(?:agent|team|department)[^,.;]*|handled (?:solely |only )?by the [\w ]{0,30}(?:team|department)|passes to the [\w ]{0,30}team|not dealt with at [^,.;]*|decided by the [\w ]{0,30}team[^,.;]*|do not accept dispute[^,.;]*)",
        "which suggests a wall between departments rather than a need of the customer",
    ),
]
_HEARSAY_CUE = re.compile(
    r"\b(?:for legal reasons|(?:a |is a )?legal requirement|required by law|the law (?:says|requires)|legally required|against the law)\b[^,.;]*",
    re.I,
)


def _origin(rule: _RuleView) -> Origin:
    """A hypothesis about where the rule came from, from cues in its wording."""
    if rule.legal_basis is None:
        match = _HEARSAY_CUE.search(rule.text)
        if match:
            return Origin(
                kind="hearsay",
                explanation=(
                    f"The rule says “{match.group(0).strip()}” but names no law, which suggests "
                    "a requirement believed to exist rather than one that does."
                ),
            )
    for kind, pattern, why in _ORIGIN_CUES:
        match = re.search(pattern, rule.text, re.I)
        if match:
            return Origin(
                kind=kind,
                explanation=f"The rule says “{match.group(0).strip()}”, {why}.",
            )
    return Origin(
        kind="unknown",
        explanation="The text gives no cue about where the rule came from.",
    )


__all__ = ["draft"]
