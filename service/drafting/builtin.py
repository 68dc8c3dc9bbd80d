"""The built-in drafter: a deterministic, offline, conservative rewrite of one rule.

It keeps the rule as it stands for the general case and adds one exception in the
customer's favour, drawn from the situation in the strongest complaint (the member who fell
ill, the parcel missed on a bank holiday), bounded by the rule's own figures and never
against the customer. It escalates to a role the manual names; where the rule and its
section name none it leaves a marked gap the reviewer must fill. A rule resting on law,
safety or a customer protection it cannot improve without loosening, and it says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.drafting.roles import SENIOR, manual_roles
from service.drafting.schema import CitedComplaint, DraftAnswer, DraftInput, InputComplaint

# The reviewer must replace this before the rewrite can be accepted (see review.decisions).
ROLE_GAP = "[name the role who decides]"


def draft(data: DraftInput) -> DraftAnswer:
    """Draft a rewrite of `data.rule` without any model."""
    rule = data.rule
    text = " ".join(rule.text.split())
    cited = _cited(data)
    if rule.legal_basis or rule.possible_basis or rule.protective:
        return _cannot_improve(data, text, cited)
    item = _list_item(text, rule.lead_in)
    text = item.body if item else _general_case(text)
    who = _customer(f"{rule.lead_in or ''} {text}")
    situation = _situation(data.complaints, cited)
    relief = _relief(text, who, rule.number)
    staff = _staff(text, data.context)
    role = _role(text, data.context, data.roles, exclude=staff)
    where = (
        f"where {situation.clause.format(who=who)}, {staff} can {relief.action}"
        f"{relief.limit}; {role} decides anything beyond that"
    )
    # an item of a list stays an item: "smoking in the vehicle (where ...);"
    proposed = f"{text} ({where}){item.end}" if item else f"{text} {_capital(where)}."
    return DraftAnswer(
        proposed=proposed,
        purpose=_purpose(text),
        default=_capital(
            f"{_a(who)} who {situation.short.format(who=who)} can ask for {relief.ask}."
        ),
        discretion=_capital(
            f"{staff} can {relief.action}{relief.limit} without asking anyone, "
            f"and note the reason on the record."
        ),
        escalation=_capital(
            f"{role} decides cases beyond that, while the {who} waits where possible."
            if role != ROLE_GAP
            else f"No role for cases beyond that is named in this section: {ROLE_GAP}."
        ),
        legal_basis=None,
        rationale=_rationale(situation, cited),
        origin=None,
        citations=cited,
    )


_ABSOLUTE = re.compile(
    r"\s*\b(?:No exceptions?(?: (?:are|will be|can be) made)?(?: to this rule)?(?:,[^.]*)?\.|There (?:are|will be) no exceptions?(?: to this rule)?(?:,[^.]*)?\.|"
    r"(?:,\s*)?and there (?:are|will be) no exceptions?(?: to this rule)?|"
    r"(?:,\s*)?(?:with no exceptions?|without (?:any )?exceptions?|(?<=,\s)under no circumstances|in any circumstances|in all circumstances|"
    r"for any reason|whatever the (?:reason|circumstances?)|regardless of (?:the )?(?:reason|circumstances?)|"
    r"in every case|no matter what)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Item:
    body: str  # the item without its closing punctuation
    end: str  # ";", "." or ""


def _list_item(text: str, lead_in: str | None) -> _Item | None:
    """A rule that is an item of a list ("smoking in the vehicle;") and does not read as a
    sentence on its own."""
    if not lead_in or (text[:1].isupper() and text.endswith(".")):
        return None
    kept = _ABSOLUTE.sub("", text).strip()
    body = kept.rstrip(" ;,.")
    end = kept[len(body) :].strip()[:1]
    return _Item(body, end)


def _general_case(text: str) -> str:
    """The rule for the general case: as written, less the words that forbid any exception
    (they would contradict the one the draft adds)."""
    kept = _ABSOLUTE.sub("", text).strip()
    kept = re.sub(r"\s+([.,;])", r"\1", kept)
    return kept if kept.endswith((".", "!", "?")) else f"{kept}."


# --- what the complaints say -------------------------------------------------------------------


@dataclass(frozen=True)
class Situation:
    name: str
    pattern: re.Pattern[str]
    clause: str  # after "Where": "{who}" is filled in
    short: str  # after "A customer who"


def _s(name: str, pattern: str, clause: str, short: str) -> Situation:
    return Situation(name, re.compile(pattern, re.IGNORECASE), clause, short)


SITUATIONS = (
    _s(
        "illness",
        r"\b(?:ill|illness|sick|hospital|surgery|operation|injur\w*|broke my|broken (?:leg|arm|wrist)|doctor|medical|cancer|chemo|covid|diabet\w*|allerg\w*|asthma|medication|recover\w*|condition)\b",
        "a {who} is unable to use the service because of illness or injury",
        "is ill or injured",
    ),
    _s(
        "bereavement",
        r"\b(?:died|passed away|death|funeral|bereave\w*|widow\w*|late (?:husband|wife|mother|father))\b",
        "a {who} is dealing with a death in the family",
        "has been bereaved",
    ),
    _s(
        "moved",
        r"\b(?:moved|moving|relocat\w*|new job|emigrat\w*|abroad|overseas|posted to)\b",
        "a {who} has moved away or had to relocate",
        "has moved away",
    ),
    _s(
        "our mistake",
        r"\b(?:your (?:mistake|error|fault|system|app|website)|(?:app|website|system) (?:crashed|was down|failed)|wrongly|by mistake|mix-?up|lost my|you lost)\b",
        "the {who} was held up by a mistake or a fault on our side",
        "was held up by our mistake",
    ),
    _s(
        "disability",
        r"\b(?:disab\w*|wheelchair|deaf|blind|autis\w*|carer|mobility|hearing aid|sight loss|dementia)\b",
        "a {who} has a disability or a carer acts for them",
        "has a disability",
    ),
    _s(
        "transport",
        r"\b(?:bus|train|traffic|strike|flight (?:was )?(?:delayed|cancelled)|snow|storm|flood\w*|roadworks)\b",
        "a {who} was held up by transport or weather they could not control",
        "was held up by transport or weather",
    ),
    _s(
        "holiday",
        r"\b(?:bank holiday|public holiday|christmas|easter|weekend|closed (?:on|for))\b",
        "a holiday or a closure made it impossible for the {who} to meet the rule",
        "was caught out by a holiday or a closure",
    ),
    _s(
        "hardship",
        r"\b(?:afford|hardship|lost my job|redundan\w*|benefits|universal credit|pension(?:er)?|low income|struggling)\b",
        "a {who} is in financial difficulty",
        "is in financial difficulty",
    ),
    _s(
        "young child",
        r"\b(?:baby|toddler|pram|pushchair|stroller|newborn|pregnan\w*|my (?:son|daughter|kids?|children))\b",
        "a {who} is caring for a young child",
        "is caring for a young child",
    ),
    _s(
        "not told",
        r"\b(?:nobody (?:told|warned)|no one (?:told|warned)|(?:wasn't|was not|weren't|never) (?:told|warned|informed)|no sign|didn't know|did not know)\b",
        "the {who} was not told about this rule in advance",
        "was not told about the rule in advance",
    ),
)
FIRST_TIME = Situation(
    "first time",
    re.compile(r"$^"),
    "it is the first time the rule has caught out a {who}",
    "is caught out by the rule for the first time",
)


def _situation(complaints: list[InputComplaint], cited: list[CitedComplaint]) -> Situation:
    """The situation of the strongest complaint about the rule (evidence comes strongest
    first), or a first-time exception when no complaint describes one."""
    ids = {c.complaint_id for c in cited}
    for complaint in complaints:
        if complaint.id not in ids:
            continue
        for situation in SITUATIONS:
            if situation.pattern.search(complaint.text):
                return situation
    return FIRST_TIME


_CONTENT = re.compile(r"[a-z]{4,}")
_COMMON = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "have",
        "will",
        "must",
        "only",
        "your",
        "they",
        "their",
        "there",
        "when",
        "what",
        "which",
        "would",
        "about",
        "been",
        "were",
        "after",
        "into",
        "more",
        "than",
        "other",
        "some",
        "also",
        "very",
        "just",
        "because",
    ]
)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _CONTENT.findall(text.lower()) if w not in _COMMON}


def _cited(data: DraftInput) -> list[CitedComplaint]:
    """The strongest complaints retrieval matched to the rule, those whose quote says enough
    to show it; the ones whose quote shares words with the rule come first."""
    rule = _stems(data.rule.text)
    usable = [c for c in data.complaints if c.id and c.quote and len(c.quote.split()) >= 4]
    usable.sort(key=lambda c: not (rule & _stems(c.quote)))
    return [CitedComplaint(complaint_id=c.id, quote=c.quote) for c in usable[:3]]


# --- what the rule restricts, and how far staff may go ----------------------------------------


@dataclass(frozen=True)
class Relief:
    action: str  # after "staff can"
    limit: str  # ", up to ..." or ""
    ask: str  # after "can ask for"


_PERIOD = re.compile(
    r"\b(?P<n>\d+|one|two|three|four|five|six|seven|ten|fourteen|thirty)[\s-]+(?P<unit>(?:working |business |calendar )?(?:days?|weeks?|months?|hours?|minutes?))(?:'|’)?\b",
    re.IGNORECASE,
)
_MONEY = re.compile(r"(?:[£$€]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:%|per ?cent))")
_NOTICE = re.compile(r"\b(?:notice|in advance|before|ahead|closes?|closing|no later than)\b", re.I)
_CHANNEL = re.compile(
    r"\bonly\b[^.]{0,40}\b(?:by (?:phone|telephone|post|letter|email)|in person|in writing|at (?:the|a|our|one) \w+|online|through the \w+)",
    re.I,
)
_PROOF = re.compile(
    r"\b(?:receipt|proof|photo ID|identification|ID\b|documents?|certificate|original|signature)\b",
    re.I,
)
_COUNT = re.compile(
    r"\b(?:no more than|not more than|at most|maximum of|limited to|up to)\s+(?P<n>\d+|one|two|three|four|five)\b|\b(?P<m>once|twice)\b",
    re.I,
)


def _relief(text: str, who: str, number: str | None) -> Relief:
    subject = f"rule {number}" if number and any(ch.isdigit() for ch in number) else "this rule"
    money = _MONEY.search(text)
    kind = re.search(r"\b(fee|charge|surcharge|penalty|fine|deposit|cost)", text, re.I)
    if money and kind:
        charge = f"{money.group(0)} {kind.group(1).lower()}"
        return Relief(f"waive the {charge}", "", f"the {charge} to be waived")
    period = _PERIOD.search(text)
    if period:
        after = re.match(
            r"\s*(term|period|window|contract|notice|slot|limit)\b", text[period.end() :]
        )
        span = period.group(0) + (f" {after.group(1)}" if after else "")
        before = text[max(0, period.start() - 40) : period.start()]
        if re.search(r"\bminimum\b", before, re.I):
            return Relief(f"shorten the {span}", " by up to half", "a shorter term")
        if _NOTICE.search(before) or _NOTICE.search(text[period.end() : period.end() + 25]):
            return Relief(f"shorten the {span}", " by up to half", "a shorter time limit")
        return Relief(f"extend the {span}", f" by up to another {span}", f"more than the {span}")
    count = _COUNT.search(text)
    if count:
        return Relief(
            f"allow one more than the limit in {subject}",
            "",
            f"one more than the limit in {subject}",
        )
    if _CHANNEL.search(text):
        return Relief(
            f"accept the request another way the {who} can manage",
            "",
            "another way to make the request",
        )
    if _PROOF.search(text):
        return Relief(
            "accept other reasonable proof",
            "",
            "other reasonable proof to be accepted",
        )
    return Relief(f"make one exception to {subject}", "", f"an exception to {subject}")


# --- people --------------------------------------------------------------------------------

_CUSTOMERS = (
    "customer",
    "member",
    "patient",
    "guest",
    "rider",
    "passenger",
    "tenant",
    "policyholder",
    "caller",
    "client",
    "resident",
    "visitor",
    "student",
    "account holder",
    "cardholder",
    "applicant",
)


def _customer(text: str) -> str:
    lowered = text.lower()
    counts = {w: len(re.findall(rf"\b{w}s?\b", lowered)) for w in _CUSTOMERS}
    best = max(counts, key=lambda w: counts[w])
    return best if counts[best] else "customer"


_STAFF = re.compile(
    r"\b(?:the\s+)?((?:front desk|reception(?:ist)?s?|cashiers?|advisers?|advisors?|handlers?|operators?|engineers?|pharmacists?|tellers?|stewards?|bar staff|door staff|store staff|clinicians?|staff))\b",
    re.I,
)


def _staff(text: str, context: list[str]) -> str:
    for source in (text, *context):
        found = _STAFF.search(source)
        if found:
            name = found.group(1).lower()
            return "staff" if name == "staff" else f"the {name}"
    return "staff"


def _role(text: str, context: list[str], roles: list[str], *, exclude: str) -> str:
    """A role that decides more than frontline staff: one the rule names, else one its section
    names, else the most senior one the manual names; else a gap for the reviewer."""
    for source in (text, " ".join(context)):
        for role in manual_roles(source):
            if SENIOR.search(role) and role.lower() not in exclude.lower():
                return f"the {role}"
    senior = [r for r in roles if SENIOR.search(r) and r.lower() not in exclude.lower()]
    return f"the {senior[0]}" if senior else ROLE_GAP


# --- words ---------------------------------------------------------------------------------

_PURPOSES = (
    (
        r"\b(?:ID|identity|identification|verify|verification|fraud|signature|security|proof)\b",
        "It protects the {who} and the organisation against fraud and mistaken identity",
    ),
    (
        r"\b(?:refund|credit|exchange|return|receipt)\w*",
        "It keeps refunds and returns honest and affordable",
    ),
    (
        r"\b(?:fee|charge|surcharge|cost|price|penalty|deposit|pay|payment)\w*",
        "It covers a real cost the organisation carries",
    ),
    (
        r"\b(?:book|booking|appointment|slot|queue|capacity|first-come|reserv)\w*",
        "It keeps bookings fair to every {who} and the day running on time",
    ),
    (
        r"\b(?:damage|condition|unopened|sealed|clean|hygien)\w*",
        "It protects goods and spaces that other customers use next",
    ),
    (
        r"\b(?:form|writing|written|record|paper|document)\w*",
        "It keeps an accurate record of what was asked and agreed",
    ),
    (
        r"\b(?:hours?|closes?|closing|open|time|late|deadline|days?)\b",
        "It keeps the work plannable for staff",
    ),
)


def _purpose(text: str) -> str:
    who = _customer(text)
    for pattern, purpose in _PURPOSES:
        if re.search(pattern, text, re.I):
            return (
                purpose.format(who=who) + "; the exception keeps that protection for everyone else."
            )
    return "It sets one way of working for every case; the exception keeps it for everyone else."


def _rationale(situation: Situation, cited: list[CitedComplaint]) -> str:
    if not cited:
        return (
            "No complaint given is clearly about this rule, so the exception is a cautious "
            "first-time one; the rule itself is unchanged."
        )
    first = cited[0]
    return (
        f"Complaint {first.complaint_id} shows the rule blocking a reasonable request "
        f"({situation.name}). The rule stands for everyone else; the exception covers that "
        "case within the rule's own limits."
    )


def _cannot_improve(data: DraftInput, text: str, cited: list[CitedComplaint]) -> DraftAnswer:
    rule = data.rule
    why = (
        f"it rests on {rule.legal_basis}"
        if rule.legal_basis
        else f"it probably rests on {rule.possible_basis}"
        if rule.possible_basis
        else "it protects customers"
    )
    return DraftAnswer(
        proposed=text,
        purpose=f"The rule stays as written: {why}.",
        default="Unchanged.",
        discretion="None: staff apply the rule as written.",
        escalation="Unchanged.",
        legal_basis=rule.legal_basis,
        rationale=(
            f"The built-in drafter cannot improve this rule without loosening it, because {why}. "
            "A reviewer may still add an explanation for customers or another way to meet it."
        ),
        origin=None,
        citations=cited,
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"
