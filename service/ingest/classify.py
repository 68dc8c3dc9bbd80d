"""Decide whether a rule is restrictive, and which law, code or safety requirement it cites.

Deterministic: weighted cue patterns read on the rule's own words. The `RuleClassifier`
protocol lets an LLM judge replace or check it without touching the callers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from service.core.domain import Classification

RuleItem = tuple[str, str, str | None]  # a rule's text, its section, its list's lead-in


class RuleClassifier(Protocol):
    def classify(
        self, text: str, *, section: str = "", lead_in: str | None = None
    ) -> Classification: ...

    def classify_all(self, items: Sequence[RuleItem]) -> list[Classification]:
        """Each rule's classification, in order; one call for a whole manual."""
        ...


@dataclass(frozen=True)
class Cue:
    name: str
    pattern: re.Pattern[str]
    weight: float


def _cue(name: str, pattern: str, weight: float) -> Cue:
    return Cue(name, re.compile(pattern, re.IGNORECASE), weight)


_NOT = r"(?:not|never)"
_PASSIVE_NO = (
    r"(?:permitted|allowed|accepted|possible|eligible|available|refunded|exchanged|returned|"
    r"honou?red|issued|offered|given|provided|processed|considered|admitted|authori[sz]ed|"
    r"covered|valid|transferable|refundable|guaranteed|tolerated|entertained|reimbursed)"
)
_SUBJECT_US = r"(?:we|the company|the bank|the society|the airline|the clinic|the practice|the store|the branch|the venue|our (?:staff|team|colleagues|agents)|staff|agents|employees|colleagues|team members)"
_PROTECTIVE_VERB = (
    r"(?:bar|barred|suspend|restrict|disconnect|cut off|switch off|ask (?:you|customers?|patients?|passengers?) for|"
    r"(?:share|sell|disclose|pass on)(?= (?:\w+ ){0,4}?(?:data|details|information|numbers?|records?))|"
    r"penali[sz]e|discriminate|pressure|cold[- ]call|enter (?:\w+ ){0,3}?without|call you|contact you|"
    r"charge (?:you|customers?|patients?|passengers?) for|charge for|add (?:any )?(?:optional|extra|charges?|fees?|coverage)|"
    r"refuse (?:entry|service|access)|ask (?:for|them for) (?:any |a )?(?:fee|payment|deposit|proof)|increase|raise|"
    r"send (?:\w+ ){0,3}to (?:collections?|debt collectors?|a (?:debt )?collection agency)|"
    r"refer (?:\w+ ){0,3}to (?:collections?|debt collectors?)|report (?:\w+ ){0,3}to (?:credit|the credit)|"
    r"sue|garnish|evict|repossess|place (?:a )?lien|add interest|charge interest|turn (?:\w+ )?away|"
    r"ask (?:\w+ )?about (?:their|your) disability|deduct|withhold)"
)
# Done to a customer against their interest: "is not charged", "are never sent to collections"
_HARM_DONE = (
    r"(?:cut off|disconnected|switched off|restricted|(?:shared|sold|disclosed|passed on)(?! with (?:them|you|him|her|the (?:customer|patient|applicant|tenant|member|client|guest)))|penali[sz]ed|"
    r"charged|billed|invoiced|liable|sent (?:\w+ ){0,3}to (?:collections?|debt collectors?|a (?:debt )?collection agency)|"
    r"referred (?:\w+ ){0,3}to (?:collections?|debt collectors?)|reported (?:\w+ ){0,3}to (?:credit|the credit)|"
    r"sued|garnished|evicted|repossessed|turned away|refused (?:care|treatment|service|entry)|denied (?:care|treatment|service|entry)|"
    r"asked to pay|required to pay|surcharged|fined|penalised|deducted|withheld)"
)
# The people an organisation serves, as manuals name them.
_CUSTOMERS = (
    r"customers?|patients?|guests?|passengers?|riders?|members?|clients?|tenants?|residents?|"
    r"policyholders?|account holders?|cardholders?|borrowers?|users?|visitors?|callers?|"
    r"families|children|anyone|people"
)
# Who or what a promise not to harm is about: "no patient is turned away", "no account is sent
# to collections".
_CUSTOMER_NOUN = (
    rf"(?:{_CUSTOMERS}|renters?|consumers?|one|person|accounts?|bills?|debts?|balances?)"
)

# A member of staff named by role: "the attending veterinarian", "the Claims Adjuster", "Area
# Coordinators", "the field officer"; never the people served ("customers", "tenants").
_NOT_STAFF = (
    rf"(?!(?i:{_CUSTOMERS}|renters?|consumers?|students?|applicants?|parents?|carers?|learners?|"
    r"subscribers?|travell?ers?|hirers?|owners?|others?|users?|buyers?|shoppers?|diners?)\b)"
)
_ROLE = (
    r"(?:the\s+|our\s+|every\s+|each\s+|an?\s+)?"
    rf"(?:(?:{_NOT_STAFF}[a-z][\w-]*\s+){{0,2}}{_NOT_STAFF}(?:[a-z]+(?:ers?|ors?|ists?|ians?|ants?|"
    r"ents?|ees?)|managers?|officers?|staff|team|nurses?|doctors?|vets?|clinicians?|heads?)|"
    rf"(?:[A-Z][\w-]+\s+){{0,3}}(?-i:{_NOT_STAFF}[A-Z][a-z]+(?:ers?|ors?|ists?|ians?|ants?|ents?|ees?)|"
    r"Managers?|Officers?|Staff|Team|Nurses?|Doctors?|Vets?|Heads?|Champions?|Leads?))"
)

RESTRICTIVE_CUES: list[Cue] = [
    _cue("never", r"\bnever\b", 2.0),
    _cue("cannot", r"\b(?:cannot|can ?not|can't|could not)\b", 2.0),
    _cue("may not", r"\b(?:may not|must not|mustn't|shall not|are not to|is not to)\b", 2.0),
    _cue("will not", r"\b(?:will not|won't|do not|don't|does not|did not|should not)\b", 1.5),
    _cue(
        "not done",
        r"\b(?:is|are|will be|shall be|gets?|get) not (?!(?:satisfied|pleased|happy|interested|concerned|sure|charged|billed|liable)\b)(?:\w+ed|\w+en|paid|made|kept|sent|seen|given|held)\b",
        1.5,
    ),
    _cue("nobody", r"\b(?:nobody|no one|no-one|none of|neither)\b", 1.5),
    _cue(
        "reserved for",
        r"\b(?:reserved for|restricted to|confined to|available only|open only)\b",
        1.5,
    ),
    _cue(
        "liable",
        r"\b(?:(?<!not )liable|liability(?! (?:coverage|insurance|cover)\b)|bears? the (?:cost|risk)|at (?:the customer's|the patient's|the passenger's|your|their|own) (?:own )?(?:cost|expense|risk)|responsible for (?:paying|the cost|any)|(?:\w+'s|your|their) (?:own )?responsibility)\b",
        1.5,
    ),
    _cue(
        "adverse action",
        r"\b(?:we|the company)\s+(?:may|will|can|shall)\s+(?:\w+\s+)?(?:disconnect|cut off|apply for a warrant|fit a prepayment|pass (?:the|your|any) (?:debt|account)|refer (?:the|your|any) (?:debt|account)|report (?:the|you|missed)|withdraw|terminate|close (?:the|your) account|suspend|take (?:legal|court) action)",
        1.5,
    ),
    _cue("not permitted", rf"\b{_NOT}\s+(?:be\s+)?{_PASSIVE_NO}\b", 2.0),
    _cue(
        "no exceptions",
        r"\b(?:no exceptions?|without exception|under no circumstances|in no circumstances|strictly|whatever the (?:reason|circumstances)|regardless of the reason)\b",
        2.0,
    ),
    _cue(
        "prohibited",
        r"\b(?:prohibit(?:ed|s)?|forbid(?:den|s)?|bans?|banned|barred|not allowed|disallowed|refrain)\b",
        2.0,
    ),
    _cue(
        "no X",
        r"\b(?-i:no|No|NO)\s+(?!(?:charge|fee|cost|extra|additional|penalty|longer than|later than|one will|notice|deposit|wait|waiting|questions|obligation|lock-?in|exit|cancellation|interest|hidden|estate)\b)(?-i:[a-z][a-z-]*)",
        1.5,
    ),
    _cue("no longer", r"\bno longer\b", 1.5),
    _cue("only", r"\b(?:only|solely|exclusively|sole)\b", 1.5),
    _cue(
        "non-refundable",
        r"\bnon-?(?:refundable|transferable|returnable|negotiable|exchangeable)\b",
        2.0,
    ),
    _cue(
        "forfeited",
        r"\b(?:forfeit(?:ed|s)?|lapse[sd]?|voids?|voided|invalid(?:ated)?|ineligible|not eligible|excluded|exclusions?)\b",
        2.0,
    ),
    _cue(
        "refused",
        r"\b(?:will|shall|may|must|is|are|gets?) (?:automatically |then |also )?(?:be )?(?:declined|refused|rejected|cancell?ed|voided|suspended|closed|blocked|withheld|denied|deducted|frozen|removed|terminated|escalated|stopped|forfeited|confiscated|disposed of|destroyed|rescheduled|towed|clamped|treated as (?:a )?(?:no-show|abandoned|missed|cancell?ed))\b",
        2.0,
    ),
    _cue(
        "refuse",
        r"\b(?:refuse[sd]?|decline[sd]?|deny|denied|turn(?:ed)? away|asked to leave|locked out|overlock(?:ed)?|withh[oe]ld|reject(?:ed)?|suspend(?:ed)?|terminate[sd]?|block(?:ed)?|(?:cleared|closed) (?:from|to) (?:the )?(?:\w+ )?(?:public|pool|premises|building|area|hall|guests|members|customers))\b",
        1.5,
    ),
    _cue(
        "consequence",
        r"\b(?:leads?|led|results?|resulted) (?:in|to) (?:an? |the )?(?:[\w-]+ ){0,3}?(?:suspension|ban|termination|penalty|fee|charge|fine|removal|exclusion|cancellation|disconnection|loss)\b",
        2.0,
    ),
    _cue(
        "pay anyway",
        r"\b(?:still (?:pay|be charged|owe)|(?:pay|charged|lose) the (?:full|whole|entire) (?:price|amount|fee|cost|session|deposit|\$|£|€))",
        1.5,
    ),
    _cue(
        "identity check",
        r"\b(?:confirm|verify|check)\w*\b[^.]{0,80}\b(?:identity|date of birth|photo ID|passport|proof of (?:identity|address|age))\b",
        1.5,
    ),
    _cue("reserve the right", r"\breserves? the right\b", 2.0),
    _cue(
        "final",
        r"\b(?:decisions?|rulings?|outcomes?|assessments?|determinations?|word)\s+(?:is|are|will be|shall be)\s+final\b",
        2.0,
    ),
    _cue(
        "borne by the customer",
        r"\b(?:co-?payments?|co-?pays?|(?:an?|the|policy|claim) excess|deductibles?)\b",
        1.5,
    ),
    _cue(
        "discretion only",
        r"\b(?:sole|absolute) discretion\b|\bdiscretion of (?:the |a )?[\w -]{0,30}\bonly\b",
        2.0,
    ),
    _cue(
        "approval",
        r"\b(?:manager|supervisor|team leader|head office|senior|director|duty manager)(?:'s)? (?:approval|authori[sz]ation|sign-?off|permission|consent)\b|\bmust be (?:approved|authori[sz]ed|signed off|referred|escalated)\b|\b(?:requires?|needs?) (?:the |a |written |prior )?(?:pre-?approval|approval|authori[sz]ation|referral)\b|\bpre-?approval\b|\b(?:needs?|requires?) \d+ (?:\w+ )?(?:days?|weeks?|months?)'? (?:written )?notice\b|\bunless (?:the |a )?[\w ]{0,30}?(?:approves?|authori[sz]es?|signs? off)\b",
        2.0,
    ),
    _cue(
        "limit",
        r"\b(?:at most|up to a maximum|maximum|max\.|(?<!statutory )minimum|limited to|capped at|no more than|not more than|no fewer than|not exceed|must not exceed|exceeding|in excess of|limit of|limits? (?:is|are|of)|restricted to)\b",
        1.5,
    ),
    _cue(
        "fee",
        r"\b(?:fees?|surcharge|penalty|penalties|fines?|levy|admin(?:istration)? charge|charge of|(?:is|are|will be) charged|deposit)\b",
        1.5,
    ),
    _cue("amount charged", r"[£$€]\s?\d[\d,.]*\s*(?:fee|charge|per|each|applies|will be)", 1.0),
    _cue(
        "costs",
        r"\bcosts?\s+(?:an?\s+(?:extra|further|additional)\s+)?(?:[A-Z]{1,3}\$?\s?|Rs\.?\s?|₹|[£$€¥]\s?)\d|"
        r"\b(?:added|charged|debited)\s+to\s+(?:the|your|their)\s+(?:[\w'’-]+\s+)?(?:balance|account|bill)\b",
        1.5,
    ),
    _cue(
        "must",
        r"\b(?:must|shall|have to|has to|need to|needs to|obliged to|are required|is required|are expected to|is expected to|required to|requires?|required|mandatory|compulsory|obligatory|(?:is|are) to be)\b",
        1.5,
    ),
    _cue(
        "deadline",
        r"\b(?:no later than|not later than|deadline|cut-?off|closes? \d+ minutes|after \d+ (?:days|hours|minutes)|within \d+ (?:days|hours|minutes) of)\b",
        0.8,
    ),
    _cue("unless", r"\b(?:unless|except|other than|provided that|subject to)\b", 0.6),
    _cue(
        "kindly ask",
        r"\b(?:we(?: would)? (?:kindly |politely |respectfully )?(?:ask|request) (?:that|you|all|customers|patients|passengers|visitors|members|guests|callers)|please do not|please refrain|are asked not|are asked to)\b",
        1.5,
    ),
    _cue("instead", r"\b(?:instead of|rather than|in place of|in lieu of)\b", 0.8),
    # The same in French, Spanish and Portuguese: a refusal, "only", a duty, a charge
    _cue(
        "refusal (fr, es, pt)",
        r"\b(?:ne|n['’])\s*(?:[\w'’-]+\s+){0,3}?(?:pas|jamais|plus|aucun\w*|que|rien|personne)\b|"
        r"\b(?:interdit\w*|défendu\w*|refusé\w*|non rembours\w+|à moins que|"
        r"prohibid\w+|proibid\w+|no se permite\w*|não é permitid\w+|sin excepci\w+|sem exce\w+|"
        r"no reembolsable\w*|não reembols\w+)\b|"
        r"\b(?:no|não|nunca|jamás|ningún|ninguna|nenhum|nenhuma)\s+(?:se\s+)?(?:[\w-]+\s+){0,2}?"
        r"(?:puede|pueden|podrá|podrán|acepta\w*|admite\w*|reembols\w+|devuelve\w*|pode|podem|aceit\w+|"
        r"permit\w+)\b",
        2.0,
    ),
    _cue(
        "only, must, charged (fr, es, pt)",
        r"\b(?:aucun(?:e|s|es)?|uniquement|seulement|exclusivement|solamente|únicamente|somente|"
        r"doi(?:t|vent)|devra|devront|exigé\w*|exigible|obligatoire\w*|tenu(?:e|s)? de|"
        r"deb(?:e|en|erá|erán)|dev(?:e|em|erá|erão)|obligatori\w+|obrigatóri\w+|"
        r"frais|facturé\w*|pénalité\w*|amende\w*|acompte|multa\w*|penalidad\w*|penalidade\w*|"
        r"recargo\w*|se cobra\w*|(?:é|será|serán?) cobrad\w+)\b",
        1.5,
    ),
    # ... in German, Italian, Dutch, Finnish, Swedish, Danish and Norwegian
    _cue(
        "refusal (de, it, nl, fi, sv, da, no)",
        r"\b(?:nicht|kein(?:e|en|em|er|es)?|niemals|verboten|untersagt|ausgeschlossen|"
        r"vietat[oaie]|proibit[oaie]|esclus[oaie]|non\s+(?:[\w'’]+\s+){0,2}?(?:è|sono|si|può|possono|viene|"
        r"vengono|rimborsa\w*|accett\w+|ammess\w+|consentit\w+|permess\w+|restituit\w+)|"
        r"niet|geen|nooit|verboden|"
        r"(?-i:ei|eivät)|kielletty|kielletään|"
        r"inte|ej|aldrig|förbjud\w*|ikke|aldri|forbud\w*|forbudt)\b",
        2.0,
    ),
    _cue(
        "only, must, charged (de, it, nl, fi, sv, da, no)",
        r"\b(?:nur|ausschließlich|muss|müssen|verpflichtet|Gebühr\w*|berechnet|Vertragsstrafe|Pauschale|"
        r"soltanto|unicamente|esclusivamente|dev(?:e|ono)|obbligatori\w+|penale|penali|addebitat\w+|"
        r"supplemento|alleen|uitsluitend|moet(?:en)?|verplicht|boete|toeslag|"
        r"ainoastaan|täytyy|pitää|pakollinen|maksu(?!tta|tto|ton)\w*|sakko|veloitetaan|"
        # Danish and Norwegian "kun" is "only"; Finnish "kun" is "when", and stays out
        r"endast|måste|avgift\w*|debiteras|skal|må|gebyr\w*)\b",
        1.5,
    ),
    # ... in Romanian
    _cue(
        "refusal (ro)",
        r"\bnu\s+(?:se\s+)?(?:mai\s+)?(?:[\w-]+\s+){0,2}?(?:poate|pot|putem|accept\w*|ramburs\w*|returne\w*|"
        r"permit\w*|admit\w*|efectu\w*|primi\w*|este\s+posibil\w*)\b|"
        r"\b(?:interzis\w*|nerambursabil\w*|niciodată|niciodata|fără\s+excepți\w*|fara\s+exceptii|"
        r"niciun\w*|nicio)\b",
        2.0,
    ),
    _cue(
        "only, must, charged (ro)",
        r"\b(?:doar|numai|exclusiv|trebuie|obligatori\w*|comision\w*|penalit\w*|se\s+percepe|se\s+reține|"
        r"se\s+retine|se\s+taxează|se\s+taxeaza)\b",
        1.5,
    ),
]

ENABLING_CUES: list[Cue] = [
    _cue(
        "entitled",
        r"\b(?<!not )(?:are|is|be|remain) entitled to\b|\bhave the right to\b|\bhas the right to\b",
        -2.0,
    ),
    _cue(
        "customer may",
        r"\b(?:you|customers?|patients?|passengers?|members?|clients?|account holders?|cardholders?|visitors?|guests?) (?:may|can|are welcome to|are free to|are able to)\b(?! not)",
        -1.5,
    ),
    _cue(
        "we will help",
        rf"\b(?:{_SUBJECT_US}|{_ROLE}) (?:will|shall|must|aim to|always|are happy to|can|may|should|try to|endeavou?r to|commit to)\s+(?:always\s+)?(?:also\s+|first\s+)?(?:refund|help|offer|phone|meet|provide|reply|respond|acknowledge|contact|arrange|pay|reimburse|explain|make|accept|send|give|support|consider|treat|keep|tell|inform|record|review|investigate|apologi[sz]e|call|update|waive|honou?r|aim|ensure|protect|check|visit)\b",
        -1.5,
    ),
    _cue(
        "free",
        r"\b(?:free of charge|at no (?:extra |additional )?(?:cost|charge)|no (?:charge|fee|cost)|without charge|is free|are free|for free|complimentary|"
        r"gratuit\w*|sans frais|sin cargo|sin costo|sem custo)\b",
        -1.5,
    ),
    _cue(
        "staff may",
        r"\b(?:staff|colleagues|agents|advisers|advisors|employees|team members|cabin crew|reception(?:ists)?|clinicians?)\b(?: [a-z]+)? (?:may|can|are (?:able|empowered|authori[sz]ed|encouraged) to)\b(?! not)",
        -1.2,
    ),
    _cue("welcome", r"\b(?:welcome[sd]?|happy to|glad to|encourage[sd]?)\b", -1.0),
]

_DEFINITION = re.compile(
    r"^(?:in (?:this|these) (?:manual|policy|policies|code|document|procedures?|rules|terms|guide)\b[^.]*\b(?:means?|refers? to|includes?|is used)|"
    r"for the purposes? of|this (?:manual|policy|code|document|section|guide|procedure|handbook) (?:applies|covers|sets out|describes|explains|governs))|\b(?:means|refers to|is defined as|are defined as)\b",
    re.IGNORECASE,
)
_PROTECTIVE = re.compile(
    rf"\b{_SUBJECT_US}\b[^.;]{{0,40}}\b(?:will never|never|will not|won't|do not|does not|must not|may not|cannot|shall not)\s+(?:\w+\s+(?:or\s+|and\s+)?)?{_PROTECTIVE_VERB}",
    re.IGNORECASE,
)
_COMPANY_MUST = re.compile(
    rf"\b{_SUBJECT_US} (?:must|shall|have to|are required to|are obliged to|need to)\b",
    re.IGNORECASE,
)
_ADVERSE_AFTER_MUST = re.compile(
    r"\b(?:must|shall|have to|are required to|are obliged to|need to)\s+(?:\w+\s+){0,2}?(?:charge|decline|refuse|retain|withhold|deduct|cancel|suspend|disconnect|close|block|require|reject|deny|keep|freeze|report|verify|confirm|check|see|ask for|obtain|collect)\b",
    re.IGNORECASE,
)

# "Patients may bring one person only": a permission with a limit attached is a limit.
_QUALIFIED_PERMISSION = re.compile(
    r"\b(?:only|at most|maximum|no more than|up to \d|nobody|no one|other than|except)\b", re.I
)
_PROTECTIVE_PASSIVE = re.compile(
    rf"\b(?:is|are|will be|shall be|can be|may be|gets?)\s+(?:never|not)\s+(?:be\s+)?(?:ever\s+)?{_HARM_DONE}|"
    rf"\b(?:will|shall|would|won't|can)\s+(?:not|never)\s+be\s+(?:ever\s+)?{_HARM_DONE}|"
    rf"\bno\s+(?:\w+\s+){{0,2}}?{_CUSTOMER_NOUN}\s+(?:\w+\s+){{0,4}}?(?:is|are|will be|shall be|may be|can be)\s+(?:ever\s+)?{_HARM_DONE}|"
    # "no extraordinary collection action is taken", "no surcharge may be added"
    r"\bno\s+(?:[\w-]+,?\s+){0,3}?(?:collections?|surcharges?|fees?|charges?|penalt(?:y|ies)|interest|statements?|"
    r"reminders?|referrals?|actions?|disconnections?|evictions?|calls?)\b[^.;]{0,60}?\s+(?:is|are|will be|may be|can be|shall be)\s+"
    r"(?:ever\s+)?(?:taken|made|added|charged|applied|sent|imposed|levied|started|pursued)\b|"
    r"\bregardless of (?:their |the patient's |the customer's )?(?:ability to pay|insurance|immigration status)|"
    # "that amount will not be used to restrict or disconnect a service"
    r"\b(?:will|shall|must|may|can)\s+(?:not|never)\s+be\s+used\s+to\s+(?:restrict|disconnect|cut off|"
    r"suspend|evict|penali[sz]e|fine|charge|bill|refuse|deny)",
    re.IGNORECASE,
)

RESTRICTIVE_THRESHOLD = 1.4


_PROTECTIVE_PROMISE = re.compile(
    r"\b(?:(?:is|are|will be) (?:always )?(?:offered|provided|given|arranged) (?:free|at no (?:cost|charge)|automatically|on request)|"
    r"(?:has|have) the right to|can always|will never be (?:charged|asked|refused|billed)|free of charge|at no (?:extra |additional )?(?:cost|charge)|without (?:any )?charge|"
    r"no (?:fee|charge|deposit|surcharge)s?(?: or (?:fee|charge|deposit|surcharge)s?)? (?:is|are|will be) (?:charged|made|applied|added|taken)|"
    # "no late payment charge is applied", "no extra-night charge applies", "no fines accrue"
    r"no (?:[\w-]+ ){0,3}(?:fee|charge|surcharge|fine|penalt(?:y|ie)|interest)s? (?:(?:is|are|will be) "
    r"(?:made|charged|added|applied|taken|levied|due|payable)|applies|apply|accrues?)\b|"
    r"\bcharges? no (?:[\w-]+ )?(?:interest|fees?|charges?|penalt(?:y|ies))\b|"
    r"\b(?:does|do|will|shall) not (?:send|pass|refer|hand)\b[^.;]{0,40}\bto (?:debt )?collection\b|"
    r"\bno (?:[\w-]+ ){0,3}(?:work|repairs?|treatment|procedures?|services?)s? (?:is|are|will be) "
    r"(?:started|begun|carried out|done|performed) (?:until|before|without)\b|"
    r"\bno (?:shut-?offs?|disconnections?|cut-?offs?) (?:is|are|will be|shall be) (?:carried out|made|done)\b|"
    r"\b(?:never|not) (?:hold|holds) back\b|"
    r"\bfree (?:[\w-]+ ){0,4}(?:is|are) (?:always )?(?:offered|provided|available|given)\b|"
    r"\b(?:you|customers?|members?|patients?|clients?) (?:do|does) not (?:have|need) to pay (?:in advance|upfront|first)\b|"
    r"\b(?:we|the \w+) (?:will )?never (?:terminate|end|cancel|change)\b|"
    r"(?:is|are) never (?:asked|required|expected) to (?:bring|pay|provide|find)\b|"
    # in French: at the contractor's cost, no work without a signed order, a right to cancel
    r"\baux frais de (?:l['’](?:Entrepreneur|entreprise)|la (?:Compagnie|Société|Ville))|\bà nos frais\b|"
    r"\bsans frais (?:pour|supplémentaires?)\b|\b(?:est|sont) (?:toujours )?gratuit\w*|"
    r"\baucun(?:e)? (?:[\w'’-]+ ){0,3}n['’](?:est|sont) (?:exécuté|facturé|commencé|entrepris)\w* "
    r"(?:ni \w+ )?(?:sans|avant)\b|\bpeut (?:résilier|annuler) (?:le|son|ce) contrat\b|"
    # free, priority: "son gratuitas", "atención prioritaria"
    r"(?<!\bno )(?<!\bnão )\b(?:son|es|são|é|serán?|será|quedan?) (?:siempre )?(?:gratuit[oa]s?|gratis)\b|"
    r"\b(?:atención prioritaria|atendimento prioritário|prioridad de atención)\b|"
    r"no (?:[\w-]+ ){0,3}(?:tickets?|fares?|admissions?|payments?) (?:is|are|will be) (?:charged|taken|asked for)\b|"
    r"(?:is|are) (?:extended|renewed|refunded|credited) automatically\b|"
    r"\bat our (?:own )?(?:cost|expense)\b|\bwhether or not the (?:[\w-]+ )?has asked\b|"
    r"\bnever (?:added|charged|applied|taken) (?:to|from) (?:[\w-]+ ){0,2}(?:bill|account|card)\b|"
    r"(?:will|shall|may|must|can) (?:not|never) be (?:suspended|reduced|ended|terminated|stopped|withdrawn|"
    r"disconnected|cut off)\b|"
    r"\bno (?:customer|client|patient|member|tenant|resident|guest|passenger|rider|student|user|one) "
    r"(?:will|shall|may|can) (?:have|be) (?:[\w-]+,? ){0,3}?(?:reduced|changed|ended|cut|withdrawn|suspended|"
    r"terminated|cancelled|disconnected|penali[sz]ed|charged)\b|"
    r"\bwithout (?:the |a |any )?(?:customer|client|patient|member|tenant|resident|guest|passenger|rider|"
    r"student|user)s? (?:having|needing) to (?:ask|complain|claim|apply|request|chase)\b|"
    r"rather than (?:asking|making|requiring|expecting) (?:the |a |our )?(?:customers?|passengers?|patients?|"
    r"guests?|members?|visitors?|clients?|tenants?|residents?|riders?|travell?ers?|users?) to\b|"
    r"(?:is|are|stays?|remains?) (?:always )?(?:free|complimentary)\b|"
    r"always (?:welcome|available|honou?red|free|offered|provided|accepted|answered|made up|refunded|"
    r"replaced|repaired|receive|get)|"
    # the organisation's own warranty, a charge it waives for a group
    r"(?:gives?|provides?|offers?|carries|comes with) (?:a|an|our) (?:[\w-]+ ){0,3}(?:warranty|guarantee)\b|"
    r"(?:is|are) waived for\b|"
    # what the customer has free, keeps, or may choose: "children under 2 travel free", "gets a
    # free replacement ticket", "unused credit never expires", "with no processing fee", "may
    # choose a full refund", "may leave without a fee", "get all their money back"
    r"\b(?:travel|travels|ride|rides|park|parks|stay|stays|enter|enters|attend|attends|eat|eats)\s+free\b|"
    r"\b(?:gets?|receives?|(?:is|are)\s+given|(?:is|are)\s+offered)\s+(?:a|an)\s+free\b|"
    r"\b(?:never|does\s+not|do\s+not|will\s+not|won't)\s+expires?\b|"
    r"\bwe\s+(?:will\s+)?(?:waive|pause|pay\s+for|cover\s+the\s+cost\s+of)\b|\bwe\s+(?:will\s+)?refund\b[^.;]{0,40}\bin\s+full\b|"
    r"\b(?:is|are)\s+(?:allowed|welcome)\s+in\s+(?:all|every)\b|\b(?:is|are)\s+available\s+(?:free\s+)?(?:at|in)\s+(?:all|every)\b|\bwith\s+no\s+(?:[\w-]+\s+)?(?:fee|charge)\b|"
    r"\bmay\s+(?:choose|opt\s+for|ask\s+for)\s+(?:a|an|the)\s+(?:full\s+)?(?:refund|replacement|make-?up)\b|"
    r"\bwithout\s+(?:a|any)\s+(?:[\w-]+\s+)?(?:fee|charge|penalty)\b|\ball\s+(?:their|your|his|her)\s+money\s+back\b|"
    r"(?:never|not) (?:be )?(?:charged|barred|disconnected|cut off|refused|turned away|penali[sz]ed|"
    r"deactivated|withheld|denied)(?! unless))",
    re.IGNORECASE,
)
_PROTECTIVE_NEVER = re.compile(
    rf"\b(?:we|staff|colleagues|our \w+|the \w+)\s+(?:will\s+)?(?:never|do not|does not|will not|won't|must not|may not|cannot|shall not|are not to|is not to)\s+(?:be\s+)?(?:\w+\s+)?{_PROTECTIVE_VERB}",
    re.IGNORECASE,
)
# The organisation binds itself to act for the customer: "we must acknowledge every complaint",
# "the handler must allow at least 30 days", "every decision ... must be explained in writing".
_PROTECTIVE_DUTY = re.compile(
    r"\b(?:we|the (?:company|bank|society|clinic|practice|venue|agency|operator|handler|insurer|landlord|agent|hospital)|staff|colleagues|our \w+)\s+"
    r"(?:will|must|shall|always|are required to|is required to|commit to)\s+(?:always\s+)?(?:first\s+)?"
    r"(?:acknowledge|reply|respond|explain|give|tell|inform|notify|offer|provide|refund|pay|arrange|wait|allow|send|contact|help|apologi[sz]e|honou?r|accept|update|keep (?:the )?customers? updated)\b|"
    r"\bmust be (?:explained|given|offered|provided|told|acknowledged)\b[^.]{0,40}\b(?:to|with) the (?:customer|patient|guest|rider|tenant|passenger|member|policyholder)|"
    r"\b(?:is|are) entitled to\b|\bwithout first (?:giving|telling|offering|contacting|warning)\b|"
    r"\bthe [\w-]+ (?:limit|deadline|rule|fee) does not apply\b",
    re.IGNORECASE,
)
# "Parking is free for the first hour only": a promise with a limit attached is a limit.
_LIMITED_PROMISE = re.compile(
    r"\b(?:only|up to|at most|maximum|no more than|first (?:\w+ )?(?:hour|day|visit|month)s?|limited to)\b",
    re.IGNORECASE,
)


_CHARGE = re.compile(r"[£$€]\s?\d|\b(?:fee|surcharge|penalty|charged|charge of)\b", re.IGNORECASE)


def _promise(sentence: str) -> bool:
    found = any(  # "staff must not ask for any payment other than rent"
        _staff_forbidden_harm(sentence, m.start(), m.end())
        for m in _ANY_NEGATION.finditer(sentence)
    ) or (
        _PROTECTIVE.search(sentence)
        or _PROTECTIVE_PASSIVE.search(sentence)
        or _PROTECTIVE_PROMISE.search(sentence)
        or _PROTECTIVE_NEVER.search(sentence)
        or _PROTECTIVE_DUTY.search(sentence)
    )
    return bool(found) and not _LIMITED_PROMISE.search(sentence)


def is_protective(text: str, restrictive: Callable[[str], bool] | None = None) -> bool:
    """The rule binds the organisation in the customer's favour ("we will never disconnect",
    "an interpreter is provided free of charge", "assistance animals are always welcome"),
    and nothing else in it charges or refuses the customer."""
    sentences = [s for s in re.split(r"(?<=[.;])\s+", text) if s.strip()]
    promises = [s for s in sentences if _promise(s)]
    if not promises:
        return False
    others = [s for s in sentences if s not in promises]
    if any(
        _CHARGE.search(s)
        for s in sentences
        if not re.search(
            r"\bno (?:[\w-]+ ){0,3}(?:fee|charge|surcharge)|never (?:a )?(?:surcharge|charge)|free of charge|"
            r"\bno (?:[\w-]+ ){0,3}(?:tickets?|fares?|admissions?|payments?) (?:is|are|will be) charged|"
            r"\b(?:not|never)\b[^.;]{0,60}\b(?:fee|charge)|\b(?:with\s+no|without\s+(?:a|any))\s+"
            r"(?:[\w-]+\s+)?(?:fee|charge|penalty)",
            s,
            re.I,
        )
    ):
        return False
    # "riders only need to tell the operator": a small step, not a burden
    burdens = [s for s in others if not re.search(r"\bonly (?:need|needs|have|has) to\b", s, re.I)]
    return restrictive is None or not any(restrictive(s) for s in burdens)


# Rules that plainly rest on law or safety without citing it: each cue, and what it suggests.
_POSSIBLE_BASIS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(?:identity|security questions?|date of birth|verif(?:y|ied|ication)|photo ID|PIN)\b[^.]{0,120}\b(?:before|until|after)\b|"
            r"\b(?:before|until|only after)\b[^.]{0,80}\b(?:identity|security questions?|verif(?:y|ied|ication))\b|"
            r"\b(?:disclos\w*|shared|released|discuss\w*)\b[^.]{0,80}\bonly (?:to|with)\b[^.]{0,80}\b(?:identity|verif\w+)",
            re.I,
        ),
        "identity checks before disclosing personal information (data protection law)",
    ),
    (
        re.compile(
            r"\b(?:under|aged?|over)\s+(?:1[2-9]|2[01])\b[^.]{0,80}\b(?:parent|guardian|adult|accompanied|supervised|consent)|"
            # a young person's age however small: "riders under 7 may only ride with an adult"
            r"\b(?:under|below|younger than)\s+(?:the\s+age\s+of\s+)?\d{1,2}\b(?!\s*(?:%|kg|km|cm|mm|m\b|mins?\b|minutes?|hours?|hrs?|days?|nights?|weeks?|months?|items?|bags?|pieces?|people|persons|guests|per\b|euros?|dollars?|pounds?|miles?|metres?|meters?|feet|ft\b|inches|kilos?|litres?|liters?|[ap]\.?m\b))[^.]{0,60}\b(?:parent|guardian|adult|accompanied|supervised|escorted)|"
            r"\baged\s+\d{1,2}\s+(?:or|and)\s+(?:over|older|above)\b|"
            r"\b(?:1[68]|21) or over\b|\bminors?\b|\bunder(?:-|\s)age\b|"
            r"\b(?:1[0-9]|2[01])\s*(?:years?(?:\s+of\s+age)?|yrs?)\s+(?:or|and)\s+(?:older|over|above)\b|"
            r"\b(?:below|under)\s+(?:the\s+age\s+of\s+)?(?:1[0-9]|2[01])\s+years?\b",
            re.I,
        ),
        "age limits and the care of minors",
    ),
    (
        re.compile(
            r"\b(?:lifeguards?|(?:pool|swimming|gym) attendants?|attendant (?:is )?on duty|supervised in the water)\b",
            re.I,
        ),
        "water and activity safety supervision",
    ),
    (
        re.compile(
            r"\b(?:shorter|taller)\s+than\s+\d|\b\d+(?:\.\d+)?\s?(?:cm|m|metres?|meters?|inches|in|ft|feet)\)?\s+tall\b|"
            r"\b(?:minimum|maximum)\s+height\b|\bheight\s+(?:limits?|restrictions?|requirements?)\b",
            re.I,
        ),
        "height limits on a ride or activity (safety)",
    ),
    (
        re.compile(
            r"\b(?:protective (?:eyewear|equipment|clothing|gloves|footwear)|PPE|hard hats?|hi-vis|safety (?:goggles|glasses|boots|harness(?:es)?))\b|"
            r"\b(?:live (?:mains|wires?|electrical)|fuse boards?|unsafe|hazard(?:ous)?|yellow line|platform edge|fire exits?|evacuat\w+)\b",
            re.I,
        ),
        "a safety hazard",
    ),
    (
        re.compile(
            r"\b(?:kitchens?|servery|food preparation|dish area|cellar|keg room)\b[^.]{0,60}\b(?:not permitted|not allowed|no guests|must not|may not)|"
            r"\b(?:not permitted|not allowed|must not|may not)\b[^.]{0,60}\b(?:kitchens?|servery|food preparation)\b",
            re.I,
        ),
        "food hygiene",
    ),
    (re.compile(r"\bcooling[- ]off\b", re.I), "a statutory cooling-off period"),
    (
        re.compile(
            r"\b\d+(?:\.\d+)?\s?kg\b[^.]{0,100}\b(?:carr(?:y|ied)|lift(?:ed)?|two-person|working alone)\b|"
            r"\b(?:carr(?:y|ied)|lift(?:ed)?)\b[^.]{0,60}\b\d+(?:\.\d+)?\s?kg\b",
            re.I,
        ),
        "manual handling safety",
    ),
    (
        re.compile(
            r"\b(?:photo ID|proof of (?:identity|age|address)|identity documents?|identification|passports?)\b[^.]{0,80}\b(?:required|must|need|needs|shown|show|produce)\b|"
            r"\b(?:required|must|need|needs|shown|show|produce|see|sees|cop(?:y|ies)|photocop\w+|scans?)\b[^.]{0,80}\b(?:photo ID|proof of (?:identity|age)|identity documents?|identification|passports?)\b",
            re.I,
        ),
        "identity checks (fraud prevention and data protection law)",
    ),
    (
        re.compile(
            r"\b(?:dangerous goods|hazardous (?:goods|materials|substances)|flammable|explosives?|lithium|"
            r"aerosols?|perfumes?|nail varnish|solvents?|"
            r"firearms?|weapons?|asbestos|smoke alarms?|carbon monoxide|gas (?:appliances?|safety|boilers?)|fire doors?)\b",
            re.I,
        ),
        "a safety hazard",
    ),
    (
        re.compile(
            r"\b(?:prescriptions?|controlled (?:drugs?|substances?)|(?:medical|health|patient|clinical) records?|informed consent|personal data|personal information|"
            r"psychotherapy notes|substance use|mental health records?|"
            # the same in the languages staff and customers write
            r"informaci[oó]n (?:cl[ií]nica|m[eé]dica|de salud)|datos (?:personales|de salud|sensibles|cl[ií]nicos)|"
            r"historia cl[ií]nica|dados (?:pessoais|de saúde)|données (?:personnelles|de santé|médicales)|"
            r"personuppgifter|personopplysninger|Personendaten|dati personali|"
            r"consentimiento informado|consentimento informado|VIH|HIV|"
            r"(?:verific|confirm|valid)\w* (?:la |a )?identi(?:dad|dade)\w*|identité|consentement|"
            r"(?:photograph|film|record)(?:ing)?,? (?:or (?:film|record) )?(?:staff|other (?:patients|customers|guests|visitors|members)))\b",
            re.I,
        ),
        "medical or personal-data law",
    ),
    (
        re.compile(
            r"\b(?:customs (?:declarations?|duty|duties|clearance|forms?)|import (?:VAT|duty|duties|tax(?:es)?)|excise duty|Medicare [A-Z][\w ]{2,40}?Notice)\b",
            re.I,
        ),
        "customs, tax or benefit rules",
    ),
    (
        re.compile(
            r"\b(?:infants?|newborns?|pregnan\w*|expectant mothers?)\b|"
            r"\b(?:child|children)\b[^.]{0,30}\b(?:left alone|unattended|unsupervised)\b|"
            r"\b(?:not (?:open|allowed|admitted|permitted) to|no) (?:child|children) (?:under|below|younger than) \d{1,2}\b|"
            r"\b(?:child|children) (?:under|below|younger than) \d{1,2}\b[^.]{0,30}\b(?:may not|must not|cannot|"
            r"are not (?:allowed|admitted|permitted|accepted))\b",
            re.I,
        ),
        "the safety of young children, infants and pregnant women",
    ),
    (
        re.compile(
            r"\bconfirm\w*\s+the\s+caller(?:'s|’s)\b|"
            r"\bwithout\s+(?:the\s+)?[\w-]+(?:'s|’s)\s+(?:signed\s+|written\s+)?(?:authori[sz]ation|consent)\b|"
            r"\bnot\s+(?:be\s+)?given\s+(?:any\s+)?(?:account|personal)\s+(?:information|details)\b|"
            r"\b(?:upon|on|after)\s+(?:the\s+)?personal\s+appearance\b|"
            r"\bonly\s+after\s+seeing\b[^.]{0,60}\b(?:ID|identification|passport|licen[cs]e)\b|"
            r"\b(?:confirm\w*|check\w*|verif\w+)\b[^.]{0,40}\b(?:date of birth|(?:caller|customer|member|patient|"
            r"visitor|guest|person|client)(?:'s|’s) identity)\b|"
            r"\b(?:confirm\w*|check\w*|verif\w+) (?:that )?(?:the )?(?:person|caller) is (?:the )?(?:account holder|"
            r"member|customer|patient|client|owner)\b",
            re.I,
        ),
        "identity checks before disclosing personal information (data protection law)",
    ),
    (
        re.compile(
            r"\b(?:fever|cough\w*|respiratory|face ?masks?|symptoms)\b|"
            r"\b(?:stay|wait|remain)\w*\b[^.]{0,40}\bminutes?\b[^.]{0,30}\bafter (?:the |their |each )?"
            r"(?:collection|vaccination|injection|infusion|procedure|donation|treatment|dose|sample)\b|"
            r"\b(?:eat\w*|drink\w*|food)\b[^.]{0,40}\b(?:not allowed|not permitted|prohibited|may not|must not)\b"
            r"[^.]{0,40}\b(?:booths?|laborator\w+|labs?|clinical|treatment rooms?|consulting rooms?|collection)\b",
            re.I,
        ),
        "clinical safety and infection control",
    ),
    (
        re.compile(
            r"\b(?:emergenc\w+|evacuat\w+|(?:fire )?alarms? (?:sounds?|rings?)|hurricanes?|storms?|severe weather|"
            r"gales?|floods?|flooding|port condition|thunder\w*|lightning)\b|"
            r"\b(?:harness\w*|belay\w*|tie in|figure[- ]of[- ]eight|climbing (?:wall|area|hall)|induction "
            r"(?:course|session)|(?:must not|not|never|no) climb\w*|climb\w* (?:to|up|onto))\b|"
            r"\b(?:(?:swollen|leaking|punctured|damaged) batter(?:y|ies)|fire-safe|(?<!lost or )(?<!loss or )stolen|blacklist\w*)\b|"
            r"\b(?:(?:compulsory|mandatory) (?:[\w-]+ ){0,4}insurance|while the (?:coach|bus|vehicle|train|boat|"
            r"vessel|tram|ferry|car) is (?:moving|in motion|running|under way)|metal detectors?|"
            r"security (?:checks?|screening))\b|"
            r"\b(?:escort\w*|armed|rangers?|wild(?:life| animals?)|predators?|game drives?|counterfeit|vaults?|"
            r"safe deposit box(?:es)?|gas (?:cylinders?|bottles?)|(?:car|vehicle) decks?|swim\w* \d+\s?(?:metres|meters|m)\b|"
            r"able to swim|cannot swim|red flags?|deeper than|rip currents?|e-?(?:bikes?|scooters?)|"
            r"electric (?:bicycles?|scooters?|cars?|vehicles?)\b[^.]{0,40}\bcharg\w*)\b|"
            r"\b(?:mechanical lifts?|hoists?|bear (?:their own )?weight|manual handling|second trained person|"
            r"lifting (?:cushion|aid|equipment)s?)\b|"
            r"\blift\w*\s+(?:a |an |the )?(?:fallen |heavy )?(?:patient|person|resident|client|casualty|"
            r"service user)s?\b[^.]{0,40}\b(?:by hand|manually|alone)\b|"
            r"\b(?:medicat\w+|medicines?)\b[^.]{0,60}\b(?:only|original container|label\w*|prescri\w+)\b|"
            r"\b(?:generators?|changeover switch|backfeed\w*|service cables?|power lines?|meter enclosures?|"
            r"climb\w* (?:the )?poles?|touch\w*\b[^.]{0,30}\b(?:cables?|wires?))\b|"
            r"\b(?:swimming|diving|wading|bathing|jumping)\b[^.]{0,40}\b(?:prohibited|not (?:allowed|permitted)|"
            r"forbidden|banned)\b|\bonly\b[^.]{0,30}\bstaff\b[^.]{0,20}\b(?:may|can) (?:enter|go into|access)\b|"
            r"\b(?:fuel(?:l?ing)|refuel\w*|ventilat\w+|engines? (?:must be |are |is )?(?:shut|switched|turned) off)\b|"
            r"\b(?:pollut\w+|contaminat\w+|containment|spills?|sewage|bilge|run-?off)\b|"
            # a discharge of waste, not a patient's or an animal's from care
            r"\bdischarg\w*\s+(?:of\s+|into\s+|to\s+)?(?:[\w-]+\s+){0,2}?(?:water|waste|sewage|oil|fuel|"
            r"effluent|drains?|sea|rivers?|sewers?|pollutants?|chemicals?)\b|"
            r"\b(?:waste|oil|effluent|sewage|bilge|fuel)\s+discharg\w*\b|"
            # a ratio of staff to children: "one qualified monitor for every 10 children"
            r"\b(?:one|two|\d+)\s+(?:[\w-]+\s+){0,2}?(?:staff(?: members?)?|adults?|monitors?|supervisors?|"
            r"instructors?|teachers?|carers?|educators?|lifeguards?|guides?|leaders?|coaches)\s+(?:for|to|per)\s+"
            r"(?:every\s+|each\s+)?(?:\d+|[a-z]+)\s+(?:[\w-]+\s+){0,3}?(?:children|students|pupils|"
            r"participants|swimmers|climbers|campers|infants|babies|minors|kids)\b|"
            r"\b(?:disposable |protective )?(?:gloves|aprons|face masks?|face shields?|goggles)\b|"
            # waste, swallowing, heat, water, vehicles, refrigerants, leaving against advice
            r"\b(?:(?:medical|clinical|hazardous) waste|sharps|thickened liquids?|texture-modified|dysphagia|"
            r"swallow\w*|heat ?stroke|heat (?:stress|exhaustion|illness)|dehydrat\w*|boil-water|"
            r"drinking water|safe to drink|water quality|revers(?:e|es|ing) (?:into|down|up|along|out)|"
            r"refrigerants?|fluorocarbons?|F-gas\w*|against medical advice|"
            r"(?:driving|driver'?s|motorbike|motorcycle|boat|pilot'?s?|firearms?|gun) licen[cs]es?|"
            r"(?:rides?|riding|drives?|driving|swim\w*|climb\w*|hik\w*|dives?|diving) after dark|"
            r"lead paint|old paint|lead-based|sanding|paint (?:is being |is )?(?:sanded|stripped)|silica|"
            r"at risk of (?:harm|abuse)|safeguarding|child protection|adult protection|social work services|"
            r"back-?up|(?:medical|health|patient) data)\b|"
            r"\b(?:above|over|exceeds?|below|under) -?\d+\s?°",
            re.I,
        ),
        "a safety, emergency or environmental requirement",
    ),
    (
        re.compile(r"\bsubsid(?:y|ies|ised|ized)\b", re.I),
        "the rules of a public subsidy or benefit scheme",
    ),
    (
        re.compile(r"\b(?:assistance|service|guide|hearing) (?:animals?|dogs?)\b", re.I),
        "disability discrimination law (assistance animals)",
    ),
    (
        re.compile(
            r"\b(?:dogs?|cats?|animals?|pets?|puppies|horses?)\b[^.]{0,80}\b(?:on a (?:lead|leash)|"
            r"leash\w*|muzzle\w*|(?:closed|secure|pet|travel) (?:carriers?|crates?|baskets?)|in a "
            r"(?:carrier|crate|cage|basket)|restrained|under (?:effective )?control)\b",
            re.I,
        ),
        "animal control and the safety of others",
    ),
    (
        re.compile(
            r"\b(?:food|eat(?:ing)?|drink(?:ing)?|fast(?:ing|ed)?|nil by mouth)\b[^.]{0,60}\b(?:before|"
            r"prior to)\b[^.]{0,40}\b(?:an(?:a)?esthe\w*|sedation|surgery|operations?|procedures?|"
            r"admission|scans?|endoscop\w*)\b",
            re.I,
        ),
        "clinical safety before anaesthesia or a procedure",
    ),
    (
        re.compile(
            r"\b(?:guests?|visitors?|contractors?)\b[^.]{0,60}\b(?:escorted|signed in|must sign in)\b",
            re.I,
        ),
        "the security of the building and the people in it",
    ),
    (
        re.compile(
            r"\b(?:intoxicated|drunk|under the influence|seat ?belts?|child (?:car )?seats?|"
            r"booster seats?|helmets?|life ?jackets?|buoyancy aids?|contagious|infectious|"
            r"communicable)\b",
            re.I,
        ),
        "a safety or public health requirement",
    ),
    (
        re.compile(
            r"\bsign(?:s|ed)?\s+(?:[\w']+\s+){0,3}(?:in|out)\b[^.]{0,60}\b(?:child|children)\b|"
            r"\bsign(?:s|ed)?\s+(?:your|the|a|their|each|every)\s+(?:child|children)\s+(?:in|out)\b|"
            r"\b(?:child|children)\b[^.]{0,60}\bsign(?:ed)?\s+(?:in|out)\b",
            re.I,
        ),
        "the safety of children in care",
    ),
    (
        re.compile(r"\b(?:smoking|smoke-free|e-cigarettes?|vaping|tobacco)\b", re.I),
        "smoke-free law",
    ),
    (
        re.compile(
            r"\b(?:balcon\w+|railings?)\b|\bclimb\w*\b[^.]{0,40}\b(?:on|over|from)\b|"
            r"\bwhether\s+(?:a|the|any)\s+(?:person|guest|patient|customer|resident|tenant|student|"
            r"member|passenger)\s+is\s+(?:staying|a patient|a customer|registered|enrolled|a resident|"
            r"a member|a tenant|here)\b",
            re.I,
        ),
        "a fall from height, or a guest's privacy",
    ),
    (
        re.compile(r"\bsuspicious\b|\btipping[- ]off\b", re.I),
        "anti-money-laundering law (suspicious activity)",
    ),
    (
        # information about someone given only to the people named for it, once staff know
        # who they are; phones and cameras where people undress
        re.compile(
            r"\b(?:give|share|disclose|release|discuss|pass on)\b[^.;]{0,60}\bonly\s+to\b[^.;]{0,80}"
            r"\b(?:named|listed|registered|authori[sz]ed|nominated)\b|"
            r"\b(?:after|once|having)\s+(?:checking|confirming|verifying|establishing)\s+who\s+(?:they|the\s+\w+)\s+"
            r"(?:is|are)\b|"
            r"\b(?:phones?|cameras?|photograph\w*|filming|recording)\b[^.;]{0,60}\b(?:changing|locker|dressing)\s+"
            r"rooms?\b|\b(?:changing|locker|dressing)\s+rooms?\b[^.;]{0,60}\b(?:phones?|cameras?|photograph\w*|"
            r"filming|recording)\b",
            re.I,
        ),
        "data protection or safeguarding (who may be told, where people undress)",
    ),
]


def _lead_in_basis(lead_in: str | None) -> str | None:
    """What a list's lead-in cites; not a heading that is all the citation ("Boat rules:")."""
    found = find_legal_basis(lead_in or "")
    if found and " ".join(found.lower().split()) == " ".join((lead_in or "").lower().split()).strip(
        " :.-"
    ):
        return None
    return found


def possible_basis(text: str) -> str | None:
    """What law or safety need a rule probably rests on when it cites none, or None."""
    found = [why for pattern, why in _POSSIBLE_BASIS if pattern.search(text)]
    return "; ".join(found) if found else None


def reading(text: str, lead_in: str | None) -> str:
    """What a rule is read as: its text on one line (hard-wrapped clauses break multi-word
    cues), after the sentence that introduces its list, if any."""
    text = " ".join(text.split())
    return f"{lead_in} {text}" if lead_in else text


class PatternClassifier:
    """Scores restrictive and enabling cues; cites the law a rule names, if any."""

    def classify(
        self, text: str, *, section: str = "", lead_in: str | None = None
    ) -> Classification:
        return self.scored(text, section=section, lead_in=lead_in)[0]

    def scored(
        self, text: str, *, section: str = "", lead_in: str | None = None
    ) -> tuple[Classification, float]:
        """The classification, and the cues' score that decided "restrictive"."""
        context = reading(text, lead_in)
        text = " ".join(text.split())
        score, cues = self.restrictiveness(context)
        return Classification(
            restrictive=score >= RESTRICTIVE_THRESHOLD,
            # an item of a list inherits what its lead-in cites ("under the Health Act, the
            # following are not permitted:")
            legal_basis=(basis := find_legal_basis(text) or _lead_in_basis(lead_in)),
            possible_basis=None if basis else possible_basis(context),
            protective=is_protective(
                text, lambda s: self.restrictiveness(s)[0] >= RESTRICTIVE_THRESHOLD
            ),
            cues=cues,
        ), score

    def classify_all(self, items: Sequence[RuleItem]) -> list[Classification]:
        return [self.classify(text, section=section, lead_in=lead) for text, section, lead in items]

    def restrictiveness(self, text: str) -> tuple[float, list[str]]:
        score = 0.0
        cues: list[str] = []
        neutral = _neutral_spans(text)
        for cue in RESTRICTIVE_CUES:
            match = next(
                (
                    m
                    for m in cue.pattern.finditer(text)
                    if not any(a <= m.start() < b for a, b in neutral)
                ),
                None,
            )
            if match is None:
                continue
            if cue.name == "must" and _duty_of_organisation(text, match.start()):
                continue  # an obligation the organisation takes on itself
            if cue.name in _NEGATIONS and _staff_forbidden_harm(text, match.start(), match.end()):
                continue  # "drivers must never refuse this": a limit on staff, for the customer
            if cue.name == "fee" and _BENEFIT.search(text):
                continue  # "a 25 percent discount on all fees", "fees waived"
            score += cue.weight
            cues.append(match.group(0).strip())
        limited = _QUALIFIED_PERMISSION.search(text) is not None
        for cue in ENABLING_CUES:
            if cue.pattern.search(text) and not (limited and cue.name == "customer may"):
                score += cue.weight
        if _DEFINITION.search(_MARKUP.sub("", text)):
            score -= 3.0
        if _DOCUMENT_DETAILS.search(text):
            return 0.0, []  # the manual's edition line says nothing to a customer
        return score, cues


# A line about the manual itself: "Version 7.2, effective 1 March 2025. Owner: Principal
# Officer. Internal use only."
_DOCUMENT_DETAILS = re.compile(
    r"^[\s*_#>]*(?:version|edition|issue|revision|rev\.?|v)\s*\d+(?:[.-]\d+)*\b[^.]{0,40}"
    r"(?:effective|in force|issued|published|dated|updated|from|\d{4})",
    re.IGNORECASE,
)


# Parts of a sentence whose restrictive-looking words restrict nobody.
_NEUTRAL = [
    # citing the source: "as the food safety rules require", "because the law requires it"
    re.compile(
        r"\b(?:as|because|since)\s+(?:[\w'’()-]+\s+){0,8}?(?:requires?|required|allows?|permits?)\b"
        r"(?:\s+(?:it|this|them|us))?|\bas required (?:by|under)\b",
        re.IGNORECASE,
    ),
    # a trigger describing the organisation's failure, not a prohibition on the customer:
    # "a complaint that cannot be settled", "when a fault is not fixed within two days"
    re.compile(
        r"\b(?:cannot|can't|could not|is not|are not|was not|were not|has not been|have not been)"
        r"\s+(?:be\s+)?(?:resolved?|settled?|fixed|fix|answered|answer|handled?|dealt with|"
        r"deal with|met|delivered|kept|repaired|restored|solved?|sort(?:ed)?(?: it| this| them)? out)\b",
        re.IGNORECASE,
    ),
    # who the rule is about: "a guest who is refused service ... is offered a free taxi"
    re.compile(
        r"\b(?:who|that|which)\s+(?:is|are|was|were|has been|have been)\s+(?:refused|declined|"
        r"denied|turned away|asked to leave|barred|suspended)\b",
        re.IGNORECASE,
    ),
    # what a promise also covers: "free on every line, including barred or suspended lines"
    re.compile(r"\b(?:including|even(?: for| on| to| if)?)\s+(?:\w+\s+){0,2}?\w+", re.I),
    # a limit lifted: "the 48-hour notification limit does not apply"
    re.compile(
        r"\b(?:limit|deadline|time limit|rule|fee|charge|charges|restriction)s?\s+"
        r"(?:does|do|will) not apply\b",
        re.IGNORECASE,
    ),
    # "we will never cancel ... without first giving notice"
    re.compile(r"\bnever\b(?=[^.;]{0,80}\bwithout first\b)", re.IGNORECASE),
    # no charge at all: "there is never a surcharge", "no early termination charge applies"
    re.compile(
        r"\b(?:never|no)\s+(?:a\s+|any\s+)?(?:[\w-]+\s+){0,2}?(?:surcharges?|charges?|fees?|costs?|penalt(?:y|ies))\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bwithout (?:a |the |any )?[\w' ]{0,30}?(?:approval|authori[sz]ation|sign-?off)\b", re.I
    ),
    re.compile(
        r"\bin charge of\b|-only\b|\bonly (?:need|needs|have|has) to\b|\bonly then\b|"
        r"\btime limits? (?:of|in|under|set by) (?:the )?[A-Z]",
        re.I,
    ),
    # a relative clause describing someone or something: "chips that do not need repair",
    # "a member who can't use the club"
    re.compile(
        r"\b(?:that|which|who|whose \w+)\s+(?:(?:do|does|did|is|are|was|were|has|have)\s+not|"
        r"don't|doesn't|can't|cannot|could not|isn't|aren't)\b",
        re.I,
    ),
    # the law forbids the organisation: "PIPEDA does not permit us to keep ..."
    re.compile(
        r"\b(?:Act|Code|law|laws|legislation|Regulations?|Directive|[A-Z]{3,}\w*)(?:\s+\d{4})?\s+(?:(?:does not|do not|"
        r"doesn't|don't|will not|won't)\s+(?:allow|permit|let)|forbids|bans|prohibits|outlaws)\b|"
        r"\b(?:must |shall )?comply with\b",
    ),
    # limits on the organisation's own use of data or consent: "used only to recover a stolen
    # vehicle", "scanned only with the renter's consent"
    re.compile(
        r"\b(?:used|shared|kept|accessed|disclosed|scanned|recorded|stored|processed)\s+only\s+(?:to|for|by|with|when)\b|"
        r"\bonly\s+with\s+(?:the\s+|their\s+|your\s+)?[\w'’]*\s*(?:express\s+|written\s+)?(?:consent|agreement|permission)\b|"
        r"\bnever\s+used\s+to\s+(?:charge|penali[sz]e|track|bill)\b[^.;]*",
        re.I,
    ),
    re.compile(r"\bbefore\s+(?:any|a|an|the|your)\s+[\w ]{0,20}?\s+(?:is|are)\s+charged\b", re.I),
    re.compile(
        r"\b(?:rejected|returned|cancell?ed)\s+for\s+a\s+(?:full\s+)?refund\b", re.IGNORECASE
    ),
]
_BENEFIT = re.compile(
    r"\bdeposits? (?:\w+ ){0,3}?(?:is|are|must be|will be) (?:protected|returned|refunded|repaid)\b|"
    r"\bdiscount(?:ed|s)?\b|\bfees? (?:(?:is|are|will be|may be|can be) )?waived\b|"
    r"\bwaive[sd]? (?:the |any |all |one |their )?(?:[\w-]+ )?fees?\b",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"^[\s*_#>]*(?:\d+(?:\.\d+)*[.)]?[\s*_]*)?")

_STAFF = re.compile(
    r"\b(?:we|us|our|staff|colleagues?|employees?|agents?|advisers?|advisors?|handlers?|"
    r"engineers?|drivers?|operators?|officers?|managers?|supervisors?|team|teams|"
    r"the (?:company|bank|society|airline|clinic|practice|store|venue|agency|insurer|landlord|"
    r"hospital|council|city|operator|business)|staff member|team members?|clinicians?|"
    r"nurses?|receptionists?|crew|lifeguards?)\b",
    re.IGNORECASE,
)
# A customer as the subject of a sentence.
_CUSTOMER = re.compile(
    rf"\b(?:{_CUSTOMERS}|you|your|applicants?|insured|parents?|guardians?|students?|buyers?|"
    r"shoppers?|diners?|travell?ers?|participants?|everyone)\b",
    re.IGNORECASE,
)


# What forbidding staff or the organisation protects the customer from: acting against them
# ("refuse", "ask for any payment", "contact them before 8am", "pass their details on").
# Forbidding staff to serve, tell, discuss or make exceptions restricts the customer instead.
_HARM = re.compile(
    r"(?:refuse|deny(?!\s+that)|ask\s+(?:\w+\s+){0,4}?(?:for|to)\b|pressure|contact|call|phone|text|email|visit|"
    r"charge|bill|surcharge|add\s+(?:\w+\s+){0,2}?(?:fees?|charges?|interest|coverage|extras?)|increase|raise|"
    r"keep\s+(?:\w+\s+){0,3}?(?:copies|data|details|records)|store\s+(?:\w+\s+){0,3}?(?:copies|data|details)|"
    r"(?:sell|share|disclose|pass on|give out|release)\s+(?:\w+\s+){0,4}?(?:data|details|information|numbers?|records?|contents?)|"
    r"tell\s+(?:\w+\s+){0,2}?(?:third part(?:y|ies)|neighbours?|employers?|anyone else)|"
    r"discuss\s+(?:\w+\s+){0,4}?with\s+(?:\w+\s+){0,2}?(?:neighbours?|employers?|family|third part(?:y|ies))|"
    r"claim\s+from|threaten|discriminate|penali[sz]e|disconnect|cut off|evict|repossess|sue|garnish|"
    r"withhold|deduct|send\s+(?:\w+\s+){0,3}?to\s+collections?|refer\s+(?:\w+\s+){0,3}?to\s+collections?|"
    r"report\s+(?:\w+\s+){0,3}?to\s+(?:credit|the credit))\b",
    re.IGNORECASE,
)
_WITHOUT_CONSENT = re.compile(
    r"\bwithout\s+(?:first\s+)?(?:the\s+|their\s+|your\s+|his\s+|her\s+)?(?:[\w'’]+\s+)?(?:express\s+|written\s+|prior\s+)?"
    r"(?:agreement|consent|permission|asking)\b",
    re.IGNORECASE,
)
_AFTER_NEGATION = re.compile(r"\s*(?:ever\s+|always\s+|be\s+|to\s+)*", re.IGNORECASE)


_NEGATIONS = {"never", "cannot", "may not", "will not"}
# "negotiators", "attendants", "cashiers": someone acting for the organisation
_AGENT = re.compile(r"\b[a-z]+(?:tors|ers|ists|ants|ents|ians)\b", re.IGNORECASE)


_CLAUSE_END = re.compile(r"[.;]")


def _clause_end(text: str, at: int) -> int:
    """Where the clause running on from `at` ends: its full stop or semicolon, or the text's end."""
    found = _CLAUSE_END.search(text, at)
    return found.start() if found else len(text)


def _staff_forbidden_harm(text: str, at: int, end: int) -> bool:
    """The negation at `at`..`end` forbids staff or the organisation to act against the
    customer ("staff must not ask for any payment", "we never pass your details on",
    "negotiators must not enter without the tenant's agreement")."""
    clause_start = max(text.rfind(mark, 0, at) for mark in (".", ";", ":"))
    subject = text[clause_start + 1 : at]
    if _CUSTOMER.search(subject) or not (_STAFF.search(subject) or _AGENT.search(subject)):
        return False
    rest = text[end : _clause_end(text, end)]
    skipped = _AFTER_NEGATION.match(rest)
    action = rest[skipped.end() if skipped else 0 :]
    return bool(_HARM.search(action) or _WITHOUT_CONSENT.search(action))


# A duty of service written in the passive: "must be attended", "must be answered by a person"
_SERVICE_PASSIVE = re.compile(
    r"\w+\s+(?:always\s+)?be\s+(?:attended|answered|acknowledged|given|sent|offered|provided|told|"
    r"explained|protected|returned|refunded|repaid|credited|repaired|fixed|resolved|investigated|"
    r"registered|logged|recorded|kept informed|updated|notified|informed|issued|made available)\b",
    re.IGNORECASE,
)


def _duty_of_organisation(text: str, at: int) -> bool:
    """The "must" binds staff or the organisation ("staff must give the customer a copy"),
    not the customer; unless what they must do is against the customer (refuse, charge,
    check ID), which restricts the customer as much."""
    if re.match(r"\w+\s+(?:not|never)\b", text[at:]):
        return True  # "must not", "must never": the negation is read on its own
    if _SERVICE_PASSIVE.match(text, at):
        return True  # "an emergency repair must be attended within 24 hours"
    clause_start = max(text.rfind(mark, 0, at) for mark in (".", ";", ":", ","))
    subject = text[clause_start + 1 : at]
    if _COMPANY_MUST.search(text[clause_start + 1 :]) is None and not (
        _STAFF.search(subject) and not _CUSTOMER.search(subject)
    ):
        return False
    return _ADVERSE_AFTER_MUST.search(text[at:]) is None


_ANY_NEGATION = re.compile(
    r"\b(?:must not|may not|shall not|cannot|can't|will not|won't|do not|does not|never|should not|"
    r"are not to|is not to)\b",
    re.IGNORECASE,
)


def _neutral_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for pattern in _NEUTRAL for m in pattern.finditer(text)]
    for m in _ANY_NEGATION.finditer(text):
        if _staff_forbidden_harm(text, m.start(), m.end()):  # "drivers must never refuse this"
            spans.append((m.start(), _clause_end(text, m.end())))
    for pattern in (_PROTECTIVE, _PROTECTIVE_PASSIVE):
        for m in pattern.finditer(text):
            # the promise runs to the end of its clause: "must not refuse entry or ask for any fee"
            spans.append((m.start(), _clause_end(text, m.end())))
    return spans


# --- legal basis ---------------------------------------------------------------------------

_NAME_WORD = r"(?:[A-Z][\w'’&-]*|\([A-Z][\w ,&'’-]*\)|of|and|for|the|on|in|to|at|etc\.|&)"
_INSTRUMENT = (
    r"(?:Act|Acts|Regulations?|Order|Directive|Convention|Ordinance|Statute|Code of Practice|Code|"
    r"Rules|Standards? (?:of|for) (?:the )?[A-Z]\w+(?: [A-Z]\w+)*|"
    # a duty the law puts on a firm ("the FCA Consumer Duty"), not a role ("the Duty Manager")
    r"Duty(?!\s+(?:Manager|Officer|Doctor|Nurse|Supervisor|Desk|Team|Lead|Solicitor|Staff|Free|"
    r"Roster|Rota|Pharmacist|Engineer|Technician|Director|Clerk|Sergeant|Inspector)s?\b)|"
    r"Law|Treaty|Charter of Fundamental Rights)"
)
# Subjects that bodies of law, codes and safety rules are named after.
_LAW_SUBJECT = (
    r"fire|health|building|food|hygiene|safety|electrical|gas|liquor|gaming|gambling|privacy|"
    r"consumer|employment|labou?r|licensing|planning|environmental|sanitary|plumbing|zoning|"
    r"traffic|road|transport|aviation|maritime|tax|customs|immigration|data protection|"
    r"anti-money laundering|money laundering|AML|tenancy|housing|accessibility|disability|"
    r"equality|anti-discrimination|discrimination|child protection|safeguarding|trading|"
    r"competition|banking|insurance|securities|pharmacy|medical|tobacco|smoking|alcohol|noise|"
    r"waste|occupational health|work health|workplace safety|dangerous goods|postal|"
    r"distance selling|telecommunications|communications|credit|debt collection|lending|"
    r"anti-bribery|sanctions|export|energy|water|utility|public health|infection control"
)

# Initials that name something inside the organisation or the customer's own details, not a
# body whose rules bind it: "HR rules", "IT requirements", "ID".
_NOT_A_BODY = r"(?!(?:HR|IT|CEO|VIP|FAQ|PR|UX|CS|QA|OK|ID|PIN|SMS|FYI)\b)"

LEGAL_PATTERNS = [
    # "Regulation (EC) 261/2004", "EU Regulation 2015/1998", "Directive (EU) 2015/2366"
    re.compile(
        r"\b(?:EU |EC )?(?:Regulation|Directive)\s*(?:\((?:EC|EU|EEC)\)\s*)?(?:No\.?\s*)?\d{1,4}/\d{1,4}(?:/E[CU])?\b"
    ),
    # "the Consumer Rights Act 2015", "Gas Safety (Installation and Use) Regulations 1998",
    # "section 75 of the Consumer Credit Act 1974", "FCA Consumer Duty"
    re.compile(
        rf"\b(?:(?i:section|s\.|article|art\.|regulation|reg\.|rule|paragraph|schedule)\s*\d+[\w.()]*\s+of\s+)?"
        rf"(?:the\s+)?(?:[A-Z][\w'’&-]*\s+)(?:{_NAME_WORD}\s+){{0,7}}?{_INSTRUMENT}\b"
        rf"(?:\s+(?:of\s+)?(?:19|20)\d{{2}})?(?:,?\s*(?:s\.|section|sec\.|art\.|article|reg\.|regulation|rule)\s*\d+[\w.()]*)?"
    ),
    # Acronyms of laws and standards
    re.compile(
        r"\b(?:UK |EU )?(?:GDPR|PCI[ -]DSS|HIPAA|FCRA|FDCPA|TILA|RESPA|ECOA|CCPA|COPPA|OSHA|COSHH|RIDDOR|PSD2|PSRs?|MiFID(?: II)?|CCA|DPA(?: 2018)?|ADA|TCPA|GLBA|FERPA|IATA DGR|HTM \d{2}-\d{2}|ISO \d{3,5}(?::\d{4})?|BS \d{3,5}|CFR|U\.S\.C\.)(?:\s*§+\s*[\d.()a-z]+)?\b"
    ),
    # "12 CFR 1005.11", "15 U.S.C. § 1692g"
    re.compile(r"\b\d+\s+(?:CFR|C\.F\.R\.|U\.S\.C\.|USC)\s*(?:§+\s*)?[\d.()a-z]+"),
    # Named regulators' rules: "Ofgem supply licence conditions", "FCA Dispute Resolution
    # (DISP) rules", "GDC Standards for the Dental Team"
    re.compile(
        r"\b(?:FCA|PRA|Ofgem|Ofwat|Ofcom|CAA|FAA|EASA|CQC|GDC|HCPC|GMC|NMC|ICO|CFPB|FTC|SEC|FINRA|OCC|FDIC|HSE|FSA|EHO|DVSA|TfL|DfT|NHS|HMRC)(?:'s)?"
        r"(?:\s+(?:[A-Z][\w-]*|\([A-Z]+\)|supply|licence|license|of|for|the|and)){0,5}?"
        r"\s+(?i:rules?|regulations?|requirements?|standards?(?: (?:of|for) (?:the )?[A-Z]?[\w ,]+?(?=[,.;]| and the| as | before|$))?|guidance|handbook|principles|code|conditions|Consumer Duty)\b"
    ),
    # Doctrines, schemes and conventions known by name
    re.compile(
        r"\b(?:Gillick competen(?:ce|t)|Fraser guidelines|Direct Debit Guarantee|Schengen (?:Agreement|Borders Code)|Equality Act|Consumer Duty)\b"
    ),
    re.compile(
        r"\b(?:article|art\.|section|s\.)\s*\d+\w*\s+of\s+the\s+(?:[A-Z]\w+\s+)*(?:Convention|Treaty|Agreement|Directive|Regulation|Act|Code)(?:\s+(?:implementing|on|of|for|the|[A-Z]\w+))*|"
        # an article with its paragraph or item, of any code named in capitals: "art. 52,
        # paragraph 1 of the Codigo de Defesa do Consumidor"
        r"\b(?:article|art\.|arts\.)\s*\d+[\w.()]*(?:,?\s*(?:paragraph|para\.|item|clause|sub-?section|§)\s*[\dIVX]+[\w.()]*)+\s+of\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]*|de|do|da|del|des|du|di|of|the|on))*",
        re.I,
    ),
    # Safety and hygiene requirements named in plain words
    re.compile(
        r"\b(?:food (?:hygiene|safety)|fire[- ]safety|health and safety|hygiene|infection[- ](?:control|prevention)|gas safety|electrical safety|aviation (?:security|safety)|data protection|anti-money[- ]laundering|money[- ]laundering|consumer protection|building|licensing|trading standards|immigration|customs|export control|sanctions|child protection|safeguarding)\s+(?:regulations?|requirements?|laws?|legislation|rules|standards|codes?|guidance)\b",
        re.I,
    ),
    # "the Montreal Convention", "the Warsaw Convention"
    re.compile(r"\bthe\s+[A-Z]\w+\s+Convention\b"),
    # A body of law or a code named by its subject, in lower case as manuals write it:
    # "privacy law", "the health code", "fire regulations", "liquor laws", "food safety rules"
    re.compile(
        rf"\b(?:the\s+)?(?:{_LAW_SUBJECT})(?:[- ](?:{_LAW_SUBJECT}))?\s+(?:laws?|legislation|codes?|regulations|rules|requirements|standards|acts?|ordinances?)\b",
        re.I,
    ),
    # A jurisdiction's law: "state law", "federal law", "Irish law", "EU law", "German civil law"
    re.compile(
        r"\b(?:(?i:state|federal|national|provincial|local|county|municipal|international|civil|criminal|common)|EU|UK|US|[A-Z][a-z]+(?:ish|ian|an|ese|ch|ic))(?:\s+(?i:civil|criminal|consumer|privacy|employment|data protection|(?-i:[a-z]{3,14})))?\s+(?i:law|laws|legislation|statutes?)\b"
    ),
    # "the law" where the sentence says it obliges: "required by law", "the law requires"
    re.compile(
        r"\b(?:(?:required|prohibited|mandated|forbidden|obliged|obligated)\s+(?:by|under)\s+(?:the\s+)?law|by law|under the law|the law (?:requires|required|says|states|prohibits|forbids|obliges|does not (?:allow|permit)))\b",
        re.I,
    ),
    # A government body's or regulator's rules: "county health department rules", "council
    # permit conditions", "Liquor Control Victoria requirements", "Central Bank rules"
    re.compile(
        r"\b(?:(?i:county|state|city|federal|local|national|provincial|municipal|council|government)\s+(?:(?:health|fire|building|planning|licensing|transport|transit|parks|department|board|authority|agency|commission|office|permit|licen[cs]e|zoning|noise|environmental|public|safety|housing|education|water|energy|services?|of)\s+){0,3}|(?:[A-Z][\w'’&-]*\s+){1,4}(?:of\s+(?:[A-Z][\w'’&-]*\s+){1,3})?)(?i:rules|requirements|regulations|conditions|codes?|ordinances?|directives?|guidelines|licen[cs]e conditions)\b"
    ),
    # A numbered part of a named law or code: "Section 501(r) of the Internal Revenue Code",
    # "Title VI", "General Condition C1", "Provision 10.9 of the Consumer Protection Code"
    re.compile(
        r"\b(?:(?:Section|Article|Part|Chapter|Provision|Standard|Schedule|Regulation|Rule|Clause|Paragraph)\s+\d+[\w.()]*\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’()-]*|of|and|for|the|on|in)){0,8}|Title\s+[IVXL]+\b(?:\s+of\s+the\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,5})?|General Conditions?(?:\s+[A-Z]?\d+(?:\.\d+)*)?|Chapter\s+\d+[\d.]*\s+of\s+the\s+(?:[A-Z]\w*\s*)+)"
    ),
    # An insurance policy or insurer's terms: "as our carrier liability insurance requires",
    # "as the insurer's utilization management terms require"
    re.compile(
        r"\b(?:our|the|its)\s+(?:[\w-]+\s+){0,3}?insurance(?:\s+(?:policy|cover|terms))?\s+(?:requires?|required|insists?)\b|"
        r"\bthe\s+(?:re)?insurer'?s'?\s+(?:[\w-]+\s+){0,4}?(?:terms|conditions|requirements|rules)\b",
        re.I,
    ),
    # The insurer's conditions, however worded: "a condition of our public liability
    # insurance", "our insurer's policy conditions", "our public liability insurer does not
    # permit", "excluded from cover by our insurer"
    re.compile(
        r"\b(?:a\s+|the\s+)?(?:conditions?|requirements?)\s+of\s+(?:our|the|its)\s+(?:[\w-]+\s+){0,4}?(?:re)?"
        r"(?:insurance|insurers?|underwriters?)(?:\s+(?:policy|cover|carrier))?\b|"
        r"\b(?:our|its)\s+(?:[\w-]+\s+){0,3}?(?:re)?insurer['’]?s?['’]?\s+(?:[\w-]+\s+){0,3}?"
        r"(?:terms|conditions|requirements|rules)\b|"
        r"\b(?:our|the|its)\s+(?:[\w-]+\s+){0,3}?(?:re)?insurers?\s+(?:does|do|will|would)\s+not\s+"
        r"(?:permit|allow|cover|accept)\b|"
        r"\bexcluded\s+from\s+(?:cover|coverage)\s+by\s+(?:our|the)\s+(?:[\w-]+\s+){0,3}?"
        r"(?:insurance|insurer)|"
        r"\b(?:Bedingung|Auflage|Vorgabe)\w*\s+(?:unseres|unserer|des|der)\s+\w*[Vv]ersicher\w*",
        re.I,
    ),
    # A duty the law sets, named as such: "the mandatory toy safety standard", "statutory
    # requirements", "our legal obligations"
    re.compile(
        r"\b(?:mandatory|statutory|compulsory)\s+(?:[\w-]+\s+){0,3}?(?:standards?|requirements?|"
        r"regulations?|codes?|dut(?:y|ies)|obligations?)\b|"
        r"\b(?:our|its|their)\s+legal\s+(?:obligations?|dut(?:y|ies)|requirements?)\b",
        re.I,
    ),
    # Data protection law by its initials, in the country's language: "en cumplimiento del RGPD"
    re.compile(r"\b(?:RGPD|LOPDGDD|DSGVO|BDSG|AVG|LGPD|POPIA|PIPEDA|PDPA|nLPD|APPI|PDPL|DPDP)\b"),
    # Rules in force, named generally: "la normativa autonómica de consumo", "la legislación
    # vigente", "la réglementation en vigueur", "legislazione vigente"
    re.compile(
        r"\b(?i:(?:la\s+)?normativa\s+(?:vigente|aplicable|autonómica|estatal|municipal|sanitaria|local|"
        r"de\s+\w+)|legisla(?:ción|ção|zione)\s+(?:vigente|aplicable|aplicável|autonómica)|"
        r"(?:la\s+)?réglementation(?:\s+en\s+vigueur|\s+(?:sanitaire|locale|applicable))|"
        r"exige\s+la\s+normativa|la\s+normativa\s+exige)\b"
    ),
    # A safety document as the source: "as our safety statement requires", "in line with our
    # fire risk assessment"
    re.compile(
        r"\b(?:our|the|its)\s+(?:[\w-]+\s+){0,2}?(?:safety\s+statement|risk\s+assessments?|"
        r"safety\s+(?:management\s+)?plan|safety\s+case)\s+(?:requires?|says|states|sets?\s+out|"
        r"does\s+not\s+(?:allow|permit))\b|"
        r"\b(?:as|in\s+line\s+with|under|following)\s+(?:our|the)\s+(?:[\w-]+\s+){0,2}?(?:safety\s+statement|"
        r"risk\s+assessments?)\b",
        re.I,
    ),
    # In French, an article of a code by its initials, a law by its canton or subject, the fire
    # police, a body's prescriptions: "l'art. 104 CO", "la loi genevoise sur ...", "sur ordre de
    # la police du feu", "les prescriptions de protection incendie de l'AEAI"
    re.compile(
        r"\b(?:art\.|article)\s*\d+[a-z]?(?:\s+(?:al\.|alinéa)\s*\d+)?\s+(?!(?-i:AGB|CGV|CGU|CGA|GTC|TOS)\b)(?-i:[A-Z]{2,6})\b|"
        r"\bloi\s+(?:genevoise|vaudoise|fédérale|cantonale|sur|relative|du|concernant)\b(?:\s+[\w'’()]+){0,8}|"
        r"\bpolice\s+du\s+feu\b|\bprescriptions\s+(?:de|d['’])\s*(?:[\w-]+\s+){0,3}?(?:de\s+l['’]|du\s+|des\s+)"
        r"(?-i:[A-Z]{2,6})\b|\b(?:autorisation|permis)\s+d['’]exploiter\b",
        re.I,
    ),
    # A jurisdiction's regulations by their subject: "federal firearms storage regulations", "the
    # Geneva regulation on public tranquillity"
    re.compile(
        r"\b(?i:federal|state|provincial|national|cantonal|territorial)\s+(?:[a-z-]+\s+){1,3}?"
        r"(?i:regulations|statutes|requirements)\b|"
        r"\bthe\s+[A-Z][\w-]+\s+(?i:regulations?|ordinance|by-?law)\s+on\s+(?:[a-z-]+\s+){0,3}[a-z-]+"
    ),
    # An official's instructions: "the instructions of the cantonal medical officer"
    re.compile(
        r"\b(?:instructions?|orders?|directions?|directives?)\s+(?:of|from|given\s+by)\s+(?:the\s+)?"
        r"(?:[\w-]+\s+){0,3}?(?:medical\s+officer|health\s+(?:officer|authorit(?:y|ies)|department|inspector)|"
        r"public\s+health\s+(?:office|authority|department)|fire\s+(?:service|brigade|department|officer)|"
        r"coastguard|inspectorate)\b",
        re.I,
    ),
    # "under the regulations", "as the regulations require": the regulations, unnamed
    re.compile(
        r"\b(?:under|by|in\s+(?:line|accordance|keeping)\s+with|as\s+required\s+by|pursuant\s+to)\s+"
        r"the\s+(?:applicable\s+|relevant\s+)?regulations\b|\bthe\s+regulations\s+(?:require|say|state|"
        r"do\s+not\s+(?:allow|permit))\b",
        re.I,
    ),
    # a body named with its initials as what requires it: "As the Tax and Customs Board (EMTA)
    # requires"
    re.compile(
        r"\b(?:[Aa]s\s+)?(?:the\s+)?(?P<name>(?!(?:As|The)\b)(?:[A-Z][\w'’-]+(?:\s+(?:and|of|for|the))?\s+)"
        r"{0,4}[A-Z][\w'’-]+)\s+\((?-i:[A-Z]{2,8})\)\s+"
        r"(?i:requires?|required|obliges?|demands?|prescribes?)\b"
    ),
    # what a licence or permit held from outside requires: "as our plasma license requires",
    # "Our activity licence from the Financial Intelligence Unit (...) requires us"
    re.compile(
        r"\b(?:our|the|its)\s+(?P<name>(?!(?:driving|driver'?s|fishing|hunting|TV|television|software|user|"
        r"end-user|music)\b)(?:[\w-]+\s+){0,3}?licen[cs]e(?:\s+(?:from|issued\s+by|granted\s+by)\s+"
        r"[^.;]{1,80}?)?)\s+(?:requires?|obliges?)\b",
        re.I,
    ),
    # health and safety as the reason: "For health and safety, every donor must stay"
    re.compile(r"\bfor\s+(?:reasons\s+of\s+)?health\s+and\s+safety\b", re.I),
    # a state code or general law by chapter and section: "M.G.L. c. 266, s. 120D", "201 CMR
    # 17.00", "N.Y. Gen. Bus. Law § 349"
    re.compile(
        r"\b(?:M\.?G\.?L\.?|G\.?L\.?|R\.?S\.?|Gen\.\s?Laws|Rev\.\s?Stat\.?)\s*(?:c|ch|chap)\.?\s*\d+[A-Z]?"
        r"(?:,?\s*(?:s|§|sec)\.?\s*\d+[A-Z]*)?|\b\d+\s+(?:CMR|NYCRR|CCR|TAC|IAC|NAC|OAR|WAC)\s+[\d.]+"
    ),
    # a tax by its name, which only the law sets: "Stamp duty (Imposto do Selo) is charged"
    re.compile(
        r"\b(?:stamp\s+duty|stamp\s+tax|Imposto\s+(?:do|de|sobre)\s+\w+|Tabela\s+Geral\s+do\s+Imposto"
        r"(?:\s+do\s+\w+)?)\b",
        re.I,
    ),
    # Sections cited together by their sign: "§§ 107, 108, 1629 BGB"
    re.compile(r"§§\s*\d+[a-z]?(?:\s*(?:,|und|and|u\.)\s*\d+[a-z]?)+\s+[A-Z][A-Za-z]{1,6}\b"),
    # A municipality's ordinance or by-law: "the city's noise by-law", "the municipal water
    # supply ordinance", "Ordenanza municipal de tarifas"
    re.compile(
        r"\b(?:city|municipal|county|borough|town|local|council|village|township|district)(?:['’]s)?\s+"
        r"(?:[\w-]+\s+){0,3}?(?:ordinances?|by-?laws?|bylaws?)\b|\bOrdenanzas?\s+(?:municipal|reguladora|fiscal)\w*",
        re.I,
    ),
    # In French: "le Règlement sur le plan de garantie", "le Code civil du Québec"
    re.compile(
        r"\bR[èe]glement\s+(?:sur|relatif|concernant|d['’]application)\b(?:\s+[\w'’]+){0,6}|"
        r"\bCode\s+(?:civil|pénal|du\s+travail|de\s+commerce|de\s+la\s+(?:consommation|route|santé\s+publique|"
        r"construction)|de\s+l['’](?:environnement|urbanisme))\b(?:\s+du\s+Québec)?"
    ),
    # A decree by its date, a regulator's resolution by its number: "the Decree of 20 April
    # 2012", "ANVISA Resolution RDC 44/2009", "Resolución 123/2020"
    re.compile(
        r"\b(?:Decree|Décret|Decreto|Dekret)\s+(?:of|du|de|del|vom)\s+\d{1,2}\.?\s+\w+\s+\d{4}\b|"
        r"\b(?:Resolution|Resolución|Resolução|Résolution)\s+(?:[A-Z]{2,6}\s+)?(?:No\.?\s*|n[°º]\s*)?\d+/\d{2,4}\b"
    ),
    # An outside body's regulation in lower case: "Anatel's conformity assessment regulation"
    re.compile(
        r"\b(?P<name>(?-i:[A-Z][\w&]{2,})['’]s\s+(?:[a-z-]+\s+){0,3}(?:regulations?|statutory\s+rules))\b"
    ),
    # A section of a code cited by its sign: "§ 312g BGB", "§ 1692 FDCPA"
    re.compile(r"§+\s*\d+[a-z]?(?:\s*(?:Abs\.|para\.|\(\d+\)))?\s+[A-Z][A-Za-z]{1,6}\b"),
    # "the law on distance selling", "EU law on package travel"
    re.compile(
        r"\b(?:the|EU|UK|national|state|federal)\s+law\s+on\s+(?:[a-z-]+\s+){0,2}[a-z-]+", re.I
    ),
    # An insurer, reinsurer or licence as the source of a requirement: "our insurer requires"
    re.compile(
        r"\b(?:our|the(?:\s+\w+'s)?|its)\s+(?:re)?(?:insurers?|underwriters?|licen[cs]e|licensing authority|regulator)\s+(?:requires?|required|insists?|demands?|conditions)\b",
        re.I,
    ),
    # An agency's or regulator's rule cited by its initials: "per IRS 501(r)", "under CMS
    # guidance", "in line with FMCSA rules"
    re.compile(
        r"\b(?:per|under|pursuant to|in line with|in accordance with|as required by|required by)\s+"
        r"(?:the\s+)?(?:IRS|CMS|HHS|Medicare|Medicaid|DOT|TSA|FMCSA|FAA|EPA|CPSC|FDA|DEA|HUD|EEOC|FTC|"
        r"CFPB|OCC|FDIC|SEC|FINRA|NHTSA|USDA|OSHA)(?:\s+(?:§\s*)?\d+\([a-z]\)|\s+(?:rules?|regulations?|"
        r"requirements?|guidance|guidelines))?"
    ),
    re.compile(r"\b(?:IRS|IRC|Internal Revenue Code)\s+(?:section\s+|§\s*)?\d+\([a-z]\)", re.I),
    re.compile(
        r"\b(?:the\s+)?(?:[\w'’]+\s+)?\d{3}\([a-z]\)(?:\s+(?:policy|rules?|requirements?))?"
    ),
    # standards by their code: "NZS 5826:2010 Pool Water Quality", "AS/NZS 3000", "EN 1176"
    re.compile(
        r"\b(?:AS/NZS|NZS|AS|BS EN|BS|EN|ISO|IEC|CSA|ANSI|ASTM|UL|DIN|NFPA|SANS|JIS)\s*"
        r"(?:\d{3,5}|[A-Z]\d{2,5})(?:[.-]\d+)*(?::\d{4})?"
        r"(?:\s+(?:[A-Z][\w-]*\s*){1,4})?"
    ),
    # "Information Privacy Principle 11", "the Ministry of Health's exclusion guidelines",
    # "WorkSafe guidance on ..."
    re.compile(
        r"\b(?:the\s+)?Charter\s+of\s+(?:the\s+)?(?:[A-Za-z-]+\s+){0,3}?(?:language|Language|Rights|Freedoms)\b|"
        r"\b(?:[A-Z][\w-]*\s+){0,3}Principle\s+\d+\b|"
        r"\b(?:the\s+)?(?:Ministry|Department|Office|Agency|Authority|Commission|Board|Council)\s+of\s+"
        r"(?:[A-Z][\w-]*\s*){1,4}(?:'s)?(?:\s+[\w-]+){0,5}?\s+(?:guidelines|guidance|rules|requirements|standards|code)\b|"
        r"\b[A-Z][a-z]+[A-Z]\w+(?:'s)?\s+(?:guidance|guidelines|rules|requirements|standards)(?:\s+on\s+(?:[\w-]+\s+){0,4}?[\w-]+)?"
    ),
    # a lettered regulation ("Regulation F", "Reg. Z"), a named rule or obligation ("the Hospital
    # Price Transparency Rule", "the Universal Service Obligation"), aviation's technical rules
    re.compile(
        r"\b(?:Regulation|Reg\.)\s+[A-Z]{1,2}\b|"
        r"\b(?:the\s+)?(?:[A-Z][\w-]+\s+){1,5}(?:Rule|Obligation|Technical Instructions)\b"
    ),
    # A jurisdiction's or government's rule in the singular: "the federal price transparency rule"
    re.compile(
        r"\b(?:federal|provincial|government|EU)\s+(?:[\w-]+\s+){0,3}?(?:rule|requirement|mandate|regulation)\b",
        re.I,
    ),
    # Compliance acronyms read with what they govern: "AML checks", "for WHS reasons",
    # "as required by the ACL", "an RSA certificate", "in keeping with Title VI"
    re.compile(
        r"\b(?:AML|KYC|CTF|CDD|RSA|RSG|WHS|OHS|OH&S|ACL|ADA|EMTALA|FDCPA|FCRA|HIPAA|COPPA|FERPA|CCPA|CPRA|TCPA|GLBA|UDAAP|PIPEDA|CASL|POPIA|LGPD|PDPA|HACCP|COSHH|RIDDOR|DDA|AODA|NCCP|NCC|ASIC|APRA|ACMA|ACCC|OAIC|ADR|IATA DGR)\b"
    ),
    # However the source is named, the way a sentence cites it says it binds: "in line with
    # Condition 7 of the Operating Permit", "in terms of the Water Services By-law", "as harbour
    # board rules require". What is cited must look like a name (capitalised words, a numbered
    # part) or be a body's rules; the organisation's own schemes are left out (_NOT_LAW,
    # _OWN_SCHEME).
    re.compile(
        r"\b(?i:in line with|in accordance with|in keeping with|pursuant to|in terms of|under|"
        r"as required by|as set out in|as prescribed by|required by|mandated by|to comply with|"
        r"in compliance with)\s+(?:the\s+|its\s+)?(?P<name>"
        r"(?i:(?:condition|section|clause|rule|part|article|regulation|schedule)\s+\d+[\w.()/]*"
        r"\s+of\s+(?:the\s+|our\s+|its\s+)?(?:[\w'’-]+\s+){0,4}?(?:permit|licen[cs]e|"
        r"registration|code|regulations|rules|act|by-?laws?))|"
        r"[A-Z][\w'’()./-]*(?:\s+(?:[A-Z(][\w'’()./-]*|of|for|and|on|No\.?|\d+[\w.():/]*)){1,8}"
        r")"
    ),
    re.compile(
        r"\b(?i:(?:the\s+)?(?:[\w'’-]+\s+){0,4}?(?:rules|laws?|regulations|codes?|by-?laws?|"
        r"licen[cs]e conditions|permit conditions|regulators?|authorit(?:y|ies))\s+(?:requires?|"
        r"require|stipulates?|mandates?|prescribes?|obliges?))\b"
    ),
    re.compile(
        r"\b(?:[A-Z][\w'’-]*\s+){0,5}(?:By-?laws?|Bylaws?)\b|\b(?i:municipal|council|city|"
        r"local|the|its|our)\s+by-?laws?\b"
    ),
    re.compile(r"\b(?:PAIA|FICA|MFMA|POPI|NERSA|PIPA|FOIA|FOIPPA|Clery)\b"),
    # Words that name law whatever surrounds them: "the state's Tuition Refund statute", "a
    # statutory requirement", "as the Act requires", "listed in the Constitution"
    re.compile(
        r"\b(?i:statutes?|statutory\s+(?!(?:public\s+)?holidays?\b|days?\b)[\w-]+)\b|"
        r"\bthe\s+(?:Act|Constitution|Regulations|Ordinance|Directive|Statute)\b"
    ),
    # A bare section of a law, cited as binding: "in terms of section 102", "under s. 42A";
    # "as set out in section 4.2" of the manual itself is not one
    re.compile(
        r"\b(?i:under|in terms of|pursuant to|as required by|required by|in accordance with)\s+"
        r"(?:(?i:section|s\.|sec\.)\s*|§+\s*)\d+[A-Za-z]{0,2}(?:\(\w{1,4}\))*(?![.\d]*\d)"
        r"(?!\s+(?i:of|in)\s+(?:this|these|the|our|your)\s+(?:[\w-]+\s+)?(?:manual|handbook|"
        r"polic(?:y|ies)|procedures?|guide|guidelines|agreement|terms|contract|document|rules|"
        r"conditions|code of conduct)\b)"
    ),
    # A public body's requirement in plain words: "as the health department requires",
    # "required by the county environmental health department", "the licensing authority
    # requires"
    re.compile(
        r"\b(?i:(?:as\s+)?(?:the\s+|our\s+|its\s+)?(?:(?:state|county|city|federal|government|"
        r"public|environmental|municipal|provincial|national|local)\s+)*(?:health|fire|building|"
        r"environmental|labou?r|transport(?:ation)?|education|agriculture|motor vehicles?|police|"
        r"licensing|planning|revenue|tax(?:ation)?|immigration|customs|public)\s+(?:department|"
        r"ministry|authority|authorities|agency|inspectors?|inspectorate|officers?|board|"
        r"commission|service)\s+(?:requires?|required|demands?|directs?|stipulates?|insists?|"
        r"mandates?|rules?|regulations|guidelines|directions|orders?)|(?:required|mandated|"
        r"prescribed|imposed|directed|ordered)\s+by\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?"
        r"(?:regulator|ministry|inspectorate|tribunal|court|ombudsman|government|(?:health|fire|"
        r"building|licensing|planning|environmental|revenue|tax|public)\s+(?:department|"
        r"authority|agency|inspectors?|officers?|board|commission|service)))\b"
    ),
    # Conditions of a licence or permit the organisation holds: "in line with AVS licensing
    # conditions", "a condition of our liquor licence"
    re.compile(
        r"\b(?i:(?:licen[cs]ing|licen[cs]e|permit|accreditation|authori[sz]ation|franchise)\s+"
        r"conditions?|conditions?\s+of\s+(?:our|its|the)\s+(?:[\w-]+\s+){0,3}?(?:licen[cs]e|"
        r"permit|accreditation|authori[sz]ation|franchise))\b"
    ),
    # A named source said to require it: "as the National Quality Framework requires"
    re.compile(
        r"\bas\s+(?:the\s+)?(?P<name>(?:[A-Z][\w'’&-]*\s+){0,6}[A-Z][\w'’&-]*)\s+(?i:requires?|"
        r"prescribes?|stipulates?|mandates?|demands?)\b"
    ),
    # An order of a court or the police, a statute by what it is, a numbered regulation
    re.compile(
        r"\b(?i:(?:court|tribunal|protection|restraining|garnishee|parenting|production)\s+orders?|"
        r"(?:search|arrest)\s+warrants?|a\s+warrant\b|legislation|legislative)\b|"
        r"\b[Rr]egulations?\s+\d+[A-Za-z]?(?:\(\w{1,4}\))*(?![.\d]*\d)"
    ),
    # A government's rules: "the Australian Government's subsidy rules"
    re.compile(
        r"\b(?:the\s+)?(?:[A-Z][\w-]+\s+){0,3}Government(?:'s|’s)?\s+(?:[\w-]+\s+){0,3}?"
        r"(?i:rules|requirements|regulations|guidelines|directions?|conditions)\b"
    ),
    # An insurer as the source: "our liability insurer excludes ladder work", "our public
    # liability insurer covers enrolled children only"
    re.compile(
        r"\b(?i:(?:our|the|its)\s+(?:[\w-]+\s+){0,3}?(?:re)?insurers?\s+(?:requires?|excludes?|"
        r"covers?|will\s+not\s+cover|does\s+not\s+cover|insists?|demands?|stipulates?))\b"
    ),
    # A law by its country's adjective, however many words describe it: "German rail passenger
    # rights law"; by a body's initials: "GST law", "the RBI circular", "the RBI's directions"
    re.compile(
        r"\b[A-Z][a-z]+(?:ish|ian|an|ese|ch|ic)\s+(?:[a-z-]+\s+){0,3}(?i:law|laws|legislation)\b|"
        rf"\b{_NOT_A_BODY}[A-Z]{{2,6}}(?:'s|’s)?\s+"
        r"(?i:law|laws|act|rules|regulations|circulars?|(?:master\s+)?directions?|guidelines|"
        r"notifications?|requirements?)\b"
    ),
    # A body's initials after the words that cite it: "as prescribed by NPCI", "under POPIA"
    re.compile(
        r"\b(?i:as\s+(?:prescribed|required|mandated|set)\s+by|in\s+line\s+with|in\s+accordance\s+with|"
        r"pursuant\s+to|required\s+by|prescribed\s+by|mandated\s+by)\s+(?:the\s+)?"
        rf"(?P<name>{_NOT_A_BODY}[A-Z]{{2,6}}"
        r"(?:\s+[A-Z]{2,6})*)\b"
    ),
    # A public body named with its kind, and what it requires or decided: "the Federal Motor
    # Carrier Safety Administration requires", "the Surface Transportation Board's order",
    # "our tariff filed with the Texas Department of Motor Vehicles"
    re.compile(
        r"\b(?:the\s+)?(?!(?:Executive|Management|Company|Advisory|Editorial|Our|Supervisory)\b)"
        r"(?:(?!The\b)[A-Z][\w'’&-]+\s+){1,6}(?:Administration|Agency|Authority|Commission|Board|Bureau|"
        r"Ministry|Inspectorate|Regulator|Tribunal|Court|Ombudsman)(?:'s|’s)?\s+(?:[\w-]+\s+){0,3}?"
        r"(?i:requires?|required|rules?|regulations|requirements?|orders?|directions?|guidelines|"
        r"decisions?|determinations?)\b|"
        r"\b(?i:filed|lodged|registered)\s+with\s+(?:the\s+)?(?:[A-Z][\w'’&-]+\s+){0,5}"
        r"(?:Administration|Agency|Authority|Commission|Board|Bureau|Ministry|Department|Regulator)\b"
    ),
    # The terms of a licence the organisation holds, a central bank's limits: "under the terms
    # of each hotel's municipal activity licence", "the limits set by the Central Bank"
    re.compile(
        r"\b(?i:(?:terms|conditions?)\s+of\s+(?:our|its|the|each|every|their)\s+(?:[\w-]+(?:'s|’s)\s+)?"
        r"(?P<name>(?:[\w-]+\s+){0,3}(?:licen[cs]e|permit)))\b|\b(?:the\s+)?(?:Central|Reserve|National|Federal Reserve)\s+Bank"
        r"(?:\s+of\s+[A-Z][a-z]+)?\b"
    ),
    # What civil-law countries and courts issue, and a public body named by its kind: "Royal
    # Decree 933/2021", "Law 11/2021", "article 160 of the TRLGDCU", "a preservation order of the
    # High Court", "the Condominium Authority Tribunal", "regulatory requirements", card
    # schemes' rules
    re.compile(
        r"\b(?:[A-Z][\w-]+\s+){0,3}(?:Decree|Decree-Law|Law)\s+(?:No\.?\s*)?\d+/\d{2,4}\b|"
        r"\b(?i:article|art\.|section)\s+\d+[\w.()]*\s+of\s+(?:the\s+)?[A-Z]{3,10}\b|"
        r"\b(?:High|Supreme|District|County|Magistrates'?|Federal|Labour|Labor)\s+Court\b|"
        r"\b(?:the\s+)?(?:(?!The\b)[A-Z][\w'’&-]+\s+){1,5}(?:Authority|Tribunal|Commission|Ombudsman|"
        r"Regulator|Inspectorate|Ministry|Commissioner)\b|"
        r"\b(?i:regulatory\s+(?:requirements?|obligations?|rules|guidelines|directions?)|"
        r"(?:card\s+)?scheme\s+rules|(?:Visa|Mastercard|Amex|American Express)(?:'s|’s)?\s+"
        r"(?:scheme\s+)?rules)\b"
    ),
    # An insurer by another name, a manufacturer's or an industry body's rules, a permit the
    # municipality grants, a safety certificate: "which our garage liability insurance carrier
    # requires", "as the manufacturer's warranty policies permit", "the Tire Manufacturers
    # Association procedures", "the conversion permit the municipality granted"
    re.compile(
        r"\b(?i:(?:our|the|its)\s+(?:[\w-]+\s+){0,3}?insurance\s+(?:carrier|company|provider|"
        r"underwriter)s?|manufacturer(?:'s|’s|s')?\s+(?:[\w-]+\s+){0,5}?(?:requirements?|instructions|"
        r"policies|procedures|specifications?|rules|guidelines)|(?:fire|safety|occupancy|building|gas)"
        r"\s+(?:safety\s+)?certificates?|(?:permit|licen[cs]e|consent)\b[^.]{0,60}?\b(?:municipality|"
        r"local authority|city council)|planning\s+(?:permission|consent)|building\s+consent|"
        r"resource\s+consent)\b|"
        r"\b(?:(?!The\b)[A-Z][\w.]*\s+){1,6}(?:Association|Institute|Federation|Society)(?:'s|’s)?\s+"
        r"(?:[\w-]+\s+){0,4}?(?i:procedures|standards?|rules|guidelines|code)\b"
    ),
    # A public body's instruction, a scheme's own rules: "as instructed by the prefectural
    # public health centre", "under the rules of both schemes", "following CSA Z98"
    re.compile(
        r"\b(?i:(?:as\s+)?(?:instructed|directed|ordered|advised)\s+by\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}?"
        r"(?:(?<!head )(?<!front )(?<!box )(?<!back )(?:centre|center|office)|department|authority|"
        r"agency|ministry|council|police|inspectors?|inspectorate|regulator|government|"
        r"commission|board of health)|(?:under|by)\s+the\s+(?:rules|terms|conditions|requirements)"
        r"\s+of\s+(?:the\s+|both\s+|each\s+|either\s+|these\s+|those\s+)?(?:[\w-]+\s+){0,3}?"
        r"(?:subsidy\s+)?(?:schemes|programs|programmes)\b)"
    ),
    re.compile(
        r"\b(?<!the )(?i:following|according to)\s+(?P<name>(?:[A-Z]{2,6}\s+[A-Z]?\d{2,5}|"
        r"(?:[A-Z][\w'’-]+\s+){0,4}(?:Act|Code|Regulations?|Standards?|Rules))\b)"
    ),
    # Law named in the language of the country: "Ustawa z dnia 3 lipca 2002 r. - Prawo
    # lotnicze", "Ley Federal de Protección al Consumidor", "Reglamento de la Ley General de
    # Salud", "Código de Defesa do Consumidor", "garanzia legale di conformità"
    re.compile(
        r"\b(?:Ustawa|Rozporządzenie|Prawo\s+[a-ząćęłńóśźż]+|Ley|Lei|Decreto(?:-Lei|\s+Legislativo|\s+Ley)?|"
        r"Reglamento|Regolamento|Regulamento|Código|Codigo|Codice|Legge|Norma\s+Oficial|Décret|Arrêté|arrêté|"
        r"Code\s+(?:de\s+la|de\s+l'|du|des)|Loi|loi\s+n°|Gesetz\w*|\w+gesetz(?:es)?|\w+verordnung|"
        r"\w+genehmigung|Verordnung|Satzung)\b(?:\s+(?:[\w'’.°]+|–|-)){0,8}|"
        # a law by its number and year: "D.S. N° 313 of 1973", "Republic Act No. 10173"
        r"\b(?:[A-Z]\.){1,3}\s?(?:[A-Z]\.\s?)?(?:N°|Nº|No\.?)\s?\d+(?:\s+(?:of|de)\s+\d{4})?|"
        r"\b(?:N°|Nº)\s?\d+[\d./-]*\s+(?:of|de)\s+\d{4}\b|"
        # a state code abbreviated: "Tex. Prop. Code Ann. § 92.016", "Cal. Civ. Code §"
        r"\b(?:[A-Z][a-z]{1,5}\.\s?){1,3}Code(?:\s+Ann\.)?\s*§+\s*\d|"
        r"\b(?i:garanzia\s+legale|garantía\s+legal|garantia\s+legal|gwarancja\s+ustawowa|rękojmi\w*)\b"
    ),
    # The same in lower case and in other languages and scripts: "rozporządzenie w sprawie",
    # "21 § lagen (2006:412)", "räntelagen", "Swedac:s föreskrifter", "LIVSFS 2022:12", "por
    # ley", "フロン排出抑制法第86条"
    re.compile(
        r"\b(?i:ustaw(?:a|y|ie|ą)|rozporządzeni[eua]\w*)\b(?:\s+[\w'’.°]+){0,6}|"
        r"\b(?:\d+\s?[a-z]?\s?§\s+)?(?i:\w*lagen|\w+loven|\w*föreskrift(?:er)?(?:na)?|\w*forskrift(?:en|er)?|"
        r"\w*bekendtgørelse\w*|\w+laki|\w*förordningen)\b(?:\s*\((?:1[89]|20)\d\d:\d{1,4}\))?|"
        r"\b\d+\s?[a-z]?\s?§\s+\w+|\b[A-Z]{2,8}FS\s?\d{4}:\d+|"
        r"\b(?i:por ley|por la ley|por lei|según la ley|conforme a la ley|de acuerdo con la ley|par la loi|"
        r"selon la loi|per legge|a norma di legge|gesetzlich|laut Gesetz|enligt lag(?:en)?|ifølge loven|"
        r"wettelijk)\b|"
        r"[\u30a0-\u30ff\u4e00-\u9fff]{2,}(?<![方文手療寸用製技作])法(?![人務])(?:第[0-9０-９一二三四五六七八九十百千]+条)?|"
        r"(?:第|제)\s?[0-9０-９一二三四五六七八九十百千]+\s?(?:条|조)"
    ),
    # Articles cited together or with their fraction, a code by initials, a state's statutes:
    # "articles 80 and 81 of the Reglamento", "art. 151, fr. I, LISR", "Sec. 327.54, Fla. Stat."
    re.compile(
        r"\b(?i:articles|arts\.)\s*\d+[\w.()]*(?:\s*(?:,|and|y|e|i|et)\s*\d+[\w.()]*)+\s+(?i:of)\s+(?:the\s+)?[A-Z]\w+|"
        r"\b(?i:art\.|article)\s*\d+[\w.()]*(?:,\s*(?i:fr|frac|fracc|inc|para|par|item|§)\.?\s*[\dIVXL]+[\w.()]*)*,\s+[A-Z]{3,8}\b|"
        r"\b[A-Z][a-z]{1,5}\.\s?Stat\.|\bStat\.\s+§|"
        r"\b(?i:article|art\.)\s*(?:[A-Z]\.?\s?)?\d+[\w.()-]*\s+of\s+(?:the\s+)?(?:[^\x00-\x7F]{2,}|Code\b[^.;,]{0,60})|"
        r"\b(?:Decree|Decreto|Décret)\s+(?i:no\.?|n°|nº)?\s*\d+[-/]\d+|"
        r"\b(?!(?:The|Our|This|That|Your|Its|Company|House|Club|Store|Shop)\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:law|statutes?)\b"
    ),
    # An authorisation, licence or certificate an outside body issued, or that the
    # organisation holds under law: "the operational authorisations issued by ENAC", "our Air
    # Operator Certificate", "required by our FWC livery permit", "our licence for public
    # entertainment from the Comune", "the terms of our lease with the Board of Trustees"
    re.compile(
        r"\b(?i:issued|granted|authori[sz]ed|licensed|approved|certified)\s+by\s+(?:the\s+)?"
        rf"(?:{_NOT_A_BODY}[A-Z]{{3,8}}\b|(?:[A-Z][\w'’-]+\s+){{0,5}}(?:Authority|Agency|Ministry|Department|"
        r"Council|Commission|Comune|Soprintendenza|Prefecture|Municipality|Regulator)\b)|"
        r"(?<=\bour )(?!Gift\b)(?:[A-Z][\w-]*\s+){1,4}(?:Certificate|Licen[cs]e|Permit|Authori[sz]ation|Concession)\b|"
        r"\b(?i:(?:required\s+by|under|a\s+condition\s+of|as\s+required\s+by)\s+our\s+(?:[\w-]+\s+){0,3}"
        r"(?:permit|licen[cs]e|certificate|authori[sz]ation|concession)|our\s+(?:[\w-]+\s+){0,3}licen[cs]e\s+"
        r"for\s+(?:[\w-]+\s+){0,3}?[\w-]+\s+from)\b|"
        r"(?<=\bterms of our )(?:[\w-]+\s+){0,4}?(?i:lease|licen[cs]e|permit|concession|franchise|agreement|"
        r"contract)\s+with\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]*|of|the|and|for)){0,8}|"
        r"\b(?:the\s+)?(?:Department|Ministry|Secretariat)\s+of\s+(?:State\s+for\s+)?[A-Z][\w-]+|"
        r"\b(?:Coast\s+Guard|Border\s+(?:Guard|Force|Police)|Captain\s+of\s+the\s+Port|Harbou?r\s?master|"
        r"Fire\s+(?:Brigade|Department)|Straż\s+\w+|Guardia\s+\w+|Carabinieri|Polic[ií]a\s+\w+|Garante)\b|"
        r"\b(?i:as\s+provided\s+(?:by|for\s+in|in)|as\s+laid\s+down\s+in|as\s+stipulated\s+in)\s+(?:the\s+)?"
        r"(?P<name>[A-Z][\w'’.-]*(?:\s+(?:[A-Z(][\w'’().-]*|of|for|and|on|z|de|del|la|di|do|\d+[\w.]*|–|-)){0,10})"
    ),
    # The rules of a body known by its initials, an official's instructions, a figure an
    # outside body fixes: "the rules of the ANCV", "on the instructions of the Prefect",
    # "the cap fixed by NERC"
    re.compile(
        r"\b(?i:the\s+(?:rules|requirements|conditions|standards))\s+of\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){0,5}?"
        rf"{_NOT_A_BODY}[A-Z]{{3,8}}\b|"
        r"\b(?i:(?:on\s+)?the\s+(?:instructions?|orders?|directions?|request)\s+of)\s+(?:the\s+)?"
        r"(?:Prefect|Préfet|Governor|Mayor|Minister|Commissioner|Sheriff|(?i:police|authorities))\b|"
        r"\b(?i:fixed|set|determined|capped|prescribed|imposed|regulated|published)\s+by\s+(?:the\s+)?"
        rf"{_NOT_A_BODY}(?:[A-Z]{{3,8}}|[A-Z]{{2,}}[a-z][A-Z]*)\b|"
        r"\b(?:Agence|Agencia|Agência|Agenzia|Autorité|Autoridad|Autorità|Ministère|Ministerio|Ministero|"
        r"Préfecture|Préfet|Mairie|Ayuntamiento|Trésor public|Superintendencia|Superintendência|"
        r"Defensa del Consumidor|Procon|Defensoría)\b(?:\s+[\w'’()-]+){0,5}|"
        r"\b(?i:(?:issued|granted)\s+(?:a|the)\s+permit|permit to occupy the public domain)\b|"
        r"\b[A-Z]\w{3,}wet\b|\b(?i:subpoena|search warrant|court order)\b|"
        r"\b[A-Z]\w+ (?:Determination|Ordinance|Circular|Directive|Decree|Order|Notice|Regulation)\s+(?:No\.?\s*)?\d+\b|"
        r"\b(?i:registered with)\s+(?:the\s+)?(?:[A-Z][\w'’&-]*\s+)(?:(?:[A-Z][\w'’&-]*|for|of|and)\s+){0,6}(?:Federation|Association|Council|"
        r"Board|Authority|Ministry|Commission|Institute|Registry|Register|Society|College|Chamber)\b"
    ),
    # Permits a building or site needs, whatever else the rule says: "the maximum set in our
    # building permit", "an occupancy permit"
    re.compile(
        r"\b(?i:(?:building|occupancy|fire|operating|environmental|event|premises)\s+(?:permit|licen[cs]e)s?|"
        r"(?:set|fixed|stated|laid down)\s+in\s+(?:our|its|the)\s+(?:[\w-]+\s+){0,3}(?:permit|licen[cs]e|"
        r"certificate|approval|consent))\b"
    ),
    # Other ways of naming a public rule or body: an EU regulation in another language
    # ("forordning (EU) nr. 1177/2010"), the rules of a public authority in lower case ("the rules
    # of the park authority"), a national agency ("Sjøfartsdirektoratet", "the Capitania do
    # Porto"), a national federation's certification scheme, a body's initials before what it
    # rules ("the AT's invoicing rules")
    re.compile(
        r"\((?:EU|EC|EEC)\)\s*(?:No\.?|nr\.?|n[°º]\.?)?\s*\d+/\d+|"
        r"\b(?:[Ll]oven?|[Ff][oö]rordning(?:en)?)\s+(?:om|\(EU\)|nr\.?)\b(?:\s+[\w./()-]+){0,5}|"
        r"\b(?i:(?:rules|regulations|requirements|code\s+of\s+conduct|by-?laws)\s+of\s+the\s+(?:[\w-]+\s+){0,3}?"
        r"(?:authority|authorities|ministry|regulator|agency|department|board|park\s+service))\b|"
        r"\b(?i:park|parks|wildlife|marine|fisheries|forestry|heritage)\s+(?i:law|laws|rules|regulations|code(?:\s+of\s+conduct)?)\b|"
        r"\b\w+(?:direktoratet|tilsynet|styrelsen|verket|myndigheten)\b|"
        r"\b(?:Capitania|Autoridade|Câmara\s+Municipal|edital|Federação|Federación|Fédération|Federazione)\b"
        r"(?:\s+[\w'’()-]+){0,5}|"
        r"\b(?i:certification\s+scheme|passenger\s+certificate|fidelity\s+bond|surety\s+bond|bond\s+carrier)\b|"
        rf"\b{_NOT_A_BODY}[A-Z]{{2,6}}(?:'s|’s)\s+(?:[a-z-]+\s+){{1,2}}(?i:rules|requirements|regulations)\b"
    ),
    # Practices and insurers named in other ways: "the best management practices of the ...",
    # "because our marina operator's insurer requires it"
    re.compile(
        r"\b(?i:best\s+management\s+practices|(?:our|the|its)\s+(?:[\w'’&-]+\s+){0,3}?(?:(?:re)?insurers?|"
        r"underwriters?)(?:'s|’s|s')?\s+(?:[\w-]+\s+){0,3}?(?:terms|conditions|requirements|rules)\s+require|"
        r"(?:our|the|its)\s+(?:[\w'’&-]+\s+){0,3}?(?:re)?insurers?"
        r"\s+(?:requires?|required|insists?|demands?))\b"
    ),
    # A code named by its jurisdiction: "the state pool code", "the county sanitary code"
    re.compile(
        r"\b(?i:(?:the\s+)?(?:state|county|city|municipal|national|provincial|federal|"
        r"territory)(?:'s)?\s+(?:[a-z-]+\s+){0,2}codes?)\b"
    ),
    # The forms a citation takes across legal systems, whatever the instrument is called: a
    # number and year after its designator ("Legii nr. 129/2019", "zákona č. 634/1992 Sb.",
    # "ν. 2251/1994", "Nghị định 13/2023/NĐ-CP"), a section sign with the code's words around it
    # ("O.C.G.A. § 42-4-7", "§ 2165 občanského zákoníku", "6:159. §-a", "16 §:n mukaan"), an
    # article of an instrument by its initials ("art. 49 do CDC", "artikel 7:46d BW", "άρθρο 4
    # του ν."), and the words for a law in scripts and languages the forms above do not read
    re.compile(
        r"\b(?!(?i:invoice|form|ticket|order|account|booking|ref|reference|case|file|receipt|policy|"
        r"contract|room|flight|unit|lot|item|page|batch|serial|lic|licen[cs]e|card|claim|report)\b)"
        r"[^\W\d_]{2,}\.?\s+(?i:nr|no|n|č|c|núm|num|br|ν)\.?\s?[°º]?\s?\d{1,5}/(?:19|20)\d{2}\b|"
        r"\b\d{1,5}/(?:19|20)\d{2}/[A-ZĐ]{2,4}-[A-ZĐ]{2,5}\b|"
        r"(?<!\w)(?:[A-Z]\.){2,}[A-Z]?\.?\s?§+\s?\d+(?:[.:-]\d+)*|§+\s?\d+(?:-\d+){1,3}\b|"
        r"§+\s?\d+[a-z]?\s+(?:[^\W\d_]+\s+){0,2}?(?i:[^\W\d_]*(?:zákon|zakon|törvény|kodeks|kódex|laki|lain)"
        r"[^\W\d_]*)|\b\d+(?::\d+)?\.?\s?§(?:-[^\W\d_]+|:[^\W\d_]+)|"
        r"\b(?i:art(?:t|s)?\.|artigo|artículo|articolo|artikel|artikkel)\s?\d+[\w:.()-]*\s+"
        r"(?:(?i:do|da|dos|das|del|della|dello|de|des|du|van|het|der|des)\s+)?"
        r"(?!(?:AGB|CGV|CGU|CGA|GTC|TOS|ToS|T&Cs?)\b)(?:[A-Z]{2,6}\b|[A-Z]\.\s?[A-Z][\w.]*)|"
        r"\bάρθρ(?:ο|ου|α)\s?\d+[\w.]*(?:\s+[^\W\d_]+){0,2}\s+(?:ν\.|Ν\.|π\.δ\.|ΠΔ|νόμου|κώδικα)(?:\s?\d+/\d{4})?|"
        # Turkish, Indonesian and Malay, Vietnamese
        r"\b\d+\s+sayılı\s+(?:[^\W\d_]+\s+){0,8}?(?i:kanun|kanunu|yönetmelik|yönetmeliği|tüzük)\w*|"
        r"\b(?i:kanun|kanunu|yönetmelik|yönetmeliği)\s+(?i:uyarınca|gereğince|hükümleri)\b|"
        r"\b(?:Undang-Undang|Peraturan\s+(?:Pemerintah|Menteri|Presiden|Daerah|OJK|Bank\s+Indonesia)|"
        r"Akta\s+[A-Z]\w+)(?:\s+(?:Nomor|No\.?)\s?\d+(?:\s+Tahun\s+\d{4})?)?|"
        r"\b(?:Luật|Nghị định|Thông tư|Bộ luật)\s+(?:[^\W\d_]+\s+){0,6}?\d*|"
        # Thai, Hindi, Arabic and Persian, Hebrew
        r"(?:พระราชบัญญัติ|พ\.ร\.บ\.|กฎกระทรวง|ประกาศกระทรวง|พระราชกฤษฎีกา|กฎหมาย)[\u0e00-\u0e7f]{0,40}|"
        r"[\u0900-\u097f]*(?:अधिनियम|कानून|विनियम|नियमावली)|"
        r"(?:وفقا?ً?|بموجب|طبقا?ً?|حسب|استنادا?ً?\s+إلى)\s+(?:ل|لـ)?(?:أحكام\s+)?(?:ال)?(?:نظام|قانون|لائحة|مرسوم|قرار)"
        r"(?:\s+[\u0600-\u06ff]+){0,4}|"
        r"(?<![\u0590-\u05ff])[בלמו]?(?:חוק|תקנות|צו)\s+[\u0590-\u05ff\"'״]+(?:\s+[\u0590-\u05ff\"'״]+){0,3}|"
        # Chinese: an instrument between title marks, or named by what it is
        r"《[^》]{2,40}(?:法|条例|條例|规定|規定|办法|辦法|规则|規則|细则|細則|标准|標準)》"
    ),
    # A by-law or ordinance named by where it applies: "under the local by-law"; an insurance a
    # rule is a term of: "under the terms of our public liability insurance"; a body's own
    # caps and orders: "the FCC's rate caps"
    re.compile(
        r"\b(?i:(?:local|city|town|municipal|county|council|village|borough|parish)\s+(?:by-?laws?|"
        r"ordinances?)|(?:terms|conditions?)\s+of\s+(?:our|the|its)\s+(?:[\w-]+\s+){0,3}?insurance"
        r"(?:\s+(?:policy|cover))?)\b|"
        rf"\b{_NOT_A_BODY}[A-Z]{{2,6}}(?:'s|’s)\s+(?:[a-z-]+\s+){{0,2}}(?i:caps?|limits?|orders?|rulings?|"
        r"standards?|guidance|directions?)\b"
    ),
]
# What a citation names that is one of the organisation's own schemes, not a law: "under the
# Gold Plan".
_OWN_SCHEME = re.compile(
    r"\b(?:Plan|Scheme|Programme|Program|Membership|Package|Tariff|Offer|Card|Account|Club|Pass|"
    r"Rewards?|Terms|Polic(?:y|ies)|Manual|Handbook)s?$",
    re.IGNORECASE,
)
# What a citation names that is a person in the organisation: "as the Clinic Manager requires".
_STAFF_TITLE = re.compile(
    r"\b(?:Manager|Director|Officer|Supervisor|Team|Head|Lead|Leader|Coordinator|Adviser|Advisor|"
    r"Agent|Staff|Desk|Chef|Host|Captain|Driver|Owner|Landlord|Customer|Member|Guest|Client|Tenant|"
    r"Patient|Parent|Educator|Teacher|Nurse|Doctor|Veterinarian|Pharmacist|"
    # a department of the organisation: "as Housekeeping requires"
    r"Housekeeping|Finance|Accounts|Operations|Reception|Maintenance|Marketing|Sales|Payroll|"
    r"Catering|Facilities|Admissions|Billing|Procurement|Purchasing)s?$"
)
_NOT_LAW = re.compile(
    r"^(?!.*\b(?:re)?insur(?:ers?|ance)\b)(?:the\s+)?(?:(?:Discount|Promo|Promotional|Post|Dress|Access|Voucher|Booking|Reference|Security|Authori[sz]ation|Our|This|These|Company|Internal|House|Staff|Customer|Service|Store|Branch|Club|Centre|Center|Venue|Hotel|Membership|Loyalty|Rewards?|Uniform|Menu|Parking|Terms)\b(?<!Internal(?= Revenue))|Local\b(?![- ](?:code|law|laws|regulations|act|by-?laws?|ordinances?)\b))",
    re.IGNORECASE,
)

# What the organisation itself calls a code, an order or its rules: "the M-ticket QR code",
# "the Promo Code", "the Running Order", "the Self Storage Facility Rules"
_OWN_THING = re.compile(
    r"\b(?:(?:QR|Promo|Promotional|Discount|Voucher|Coupon|Gift|Referral|Booking|Confirmation|"
    r"Reference|Door|Gate|Access|Entry|Lock|Lockbox|Key|Wi-?Fi|PIN|Bar|Colou?r|Dress|Post|Zip|Area|"
    r"Country|Airport|Product|Activation|Verification|Security|Authori[sz]ation|Ticket|Member(?:ship)?)"
    r"\s+Codes?|(?:Running|Purchase|Work|Sales|Standing|Money|Postal|Mail|Repair|Job|Change|Delivery|"
    r"Online|Phone|Bulk|Rush|Batting|Service)\s+Orders?|(?:Facility|Facilities|Site|Pool|Gym|Storage|"
    r"Game|Tournament|Competition|League|Event|Rental|Hire|Room|Studio|Locker|Parking|Lounge)\s+"
    r"(?:Rules|Conditions))$",
    re.IGNORECASE,
)


_LEAD_WORDS = re.compile(
    r"^(?:Under|As required by|As set out in|In line with|In accordance with|Per|By|Following|"
    r"Pursuant to|Required by|Because of|Due to|the)\s+(?:the\s+)?"
)


def find_legal_basis(text: str) -> str | None:
    """The laws, regulations, codes or safety requirements `text` cites, joined by "; "."""
    found: list[tuple[int, int, str]] = []
    for pattern in LEGAL_PATTERNS:
        named = "name" in pattern.groupindex  # the cited name, without the words citing it
        for match in pattern.finditer(text):
            # a pattern's other branches may cite without a "name" group
            start, end = match.span("name") if named and match.group("name") else match.span()
            name = _LEAD_WORDS.sub("", text[start:end]).strip(" ,;.")
            if (
                _NOT_LAW.match(name)
                or _OWN_THING.search(name)
                or len(name) < 3
                or (named and (_OWN_SCHEME.search(name) or _STAFF_TITLE.search(name)))
            ):
                continue
            found.append((start, end, name))
    if not found:
        return None
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    kept: list[tuple[int, int, str]] = []
    for start, end, name in found:
        if kept and start < kept[-1][1]:
            if end - start > kept[-1][1] - kept[-1][0]:
                kept[-1] = (start, end, name)
            continue
        kept.append((start, end, name))
    names = list(dict.fromkeys(name for _, _, name in kept))
    return "; ".join(names)
