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

import pycountry

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
        return _help_around(data, text, cited)
    whole = text
    item = _list_item(text, rule.lead_in)
    text = item.body if item else _general_case(text)
    who = _customer(f"{rule.lead_in or ''} {text}")
    situation = _situation(data.complaints, cited)
    relief = _relief(text, who, rule.number, rule.lead_in)
    if relief.whole_rule:
        return _no_bounded_relief(data, whole, cited, situation)
    staff = _staff(text, data.context)
    role = _role(text, data.context, data.roles, exclude=staff)
    # the staff the rule denies the power ("reception staff have no authority to cancel it")
    # are not the ones the exception is given to: the role that decides is
    if role != ROLE_GAP and re.search(
        rf"\b{re.escape(staff.removeprefix('the '))}\b(?:\s+staff)?\s+(?:ha(?:ve|s) no (?:authority|"
        r"discretion|power)|(?:are|is) not (?:authori[sz]ed|empowered))",
        whole,
        re.I,
    ):
        staff = role
    where = (
        f"where {situation.clause.format(who=who, a_who=_a(who))}, {staff} can {relief.action}"
        f"{relief.limit}; {role} decides anything beyond that"
    )
    # an item of a list stays an item: "smoking in the vehicle (where ...);"
    proposed = f"{text} ({where}){item.end}" if item else f"{text} {_capital(where)}."
    return DraftAnswer(
        proposed=proposed,
        purpose=_purpose(text),
        default=_capital(
            f"{_a(who)} who {situation.short.format(who=who)} can ask "
            f"{'' if relief.asks_staff else 'for '}{relief.ask}."
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
    # a phrase that ends its clause, with the cases it lists ("for any reason, including
    # illness"); not one that goes on ("for any reason other than a fault")
    r"(?:,\s*)?(?:with no exceptions?|without (?:any )?exceptions?|(?<=,\s)under no circumstances|in any circumstances|in all circumstances|under any circumstances|"
    r"for any reason|in every case)\b(?:,?\s*(?:including|even)\b[^.;]*)?(?=\s*(?:[.,;:)]|$))|"
    # a clause of its own: "whatever the reason the equipment was not used"
    r"(?:,\s*)?\b(?:whatever the (?:reason|circumstances?)|regardless of (?:the )?(?:reason|circumstances?)|"
    r"no matter what)\b[^.;,()]*)",
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
    # "refused even with a valid licence, no exceptions." leaves no comma behind
    kept = re.sub(r"[,;]+(?=[.!?]?$)", "", kept)
    return kept if kept.endswith((".", "!", "?")) else f"{kept}."


# --- what the complaints say -------------------------------------------------------------------


@dataclass(frozen=True)
class Situation:
    name: str
    pattern: re.Pattern[str]
    clause: str  # after "Where": "{who}" and "{a_who}" are filled in
    short: str  # after "A customer who"


def _s(name: str, pattern: str, clause: str, short: str) -> Situation:
    return Situation(name, re.compile(pattern, re.IGNORECASE), clause, short)


SITUATIONS = (
    _s(
        "illness",
        r"\b(?:ill|illness|sick|hospital|surgery|operation|injur\w*|broke my|broken (?:leg|arm|wrist)|doctor|medical|cancer|chemo|covid|diabet\w*|allerg\w*|asthma|medication|recover\w*|condition)\b",
        "{a_who} is unable to use the service because of illness or injury",
        "is ill or injured",
    ),
    _s(
        "bereavement",
        r"\b(?:died|passed away|death|funeral|bereave\w*|widow\w*|late (?:husband|wife|mother|father))\b",
        "{a_who} is dealing with a death in the family",
        "has been bereaved",
    ),
    _s(
        "moved",
        r"\b(?:moved|moving|relocat\w*|new job|emigrat\w*|abroad|overseas|posted to)\b",
        "{a_who} has moved away or had to relocate",
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
        "{a_who} has a disability or a carer acts for them",
        "has a disability",
    ),
    _s(
        "transport",
        r"\b(?:bus|train|traffic|strike|flight (?:was )?(?:delayed|cancelled)|snow|storm|flood\w*|roadworks)\b",
        "{a_who} was held up by transport or weather they could not control",
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
        "{a_who} is in financial difficulty",
        "is in financial difficulty",
    ),
    _s(
        "young child",
        r"\b(?:baby|toddler|pram|pushchair|stroller|newborn|pregnan\w*|my (?:son|daughter|kids?|children))\b",
        "{a_who} is caring for a young child",
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
    "it is the first time the rule has caught out {a_who}",
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
    ask: str  # after "can ask for", or after "can ask" when `asks_staff`
    asks_staff: bool = False
    whole_rule: bool = False  # one exception to the whole rule: nothing in it bounds the relief


_PERIOD = re.compile(
    r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|"
    r"thirty|forty-five|sixty|ninety)(?:\s*\(\d+\))?[\s-]+(?P<unit>(?:working |business |calendar |school |"
    r"banking |clear )?(?:days?|nights?|weeks?|months?|hours?|minutes?|years?))(?:'|’)?(?!\w)",
    re.IGNORECASE,
)
# An amount in any currency: "$40", "€12.50", "R3,500", "Rs. 200", "KES 50", "S$15", "₦2,000",
# "MXN 350", "15.000 CLP": a currency sign, or an ISO 4217 code before or after the figure
_CODES = "|".join(
    sorted(c.alpha_3 for c in pycountry.currencies if c.alpha_3 not in ("ALL", "TOP"))
)  # less the codes that are English words in capitals
_CURRENCY = (
    rf"(?:[£$¥]|(?:\b[A-Z]{{1,3}})?[\u20a0-\u20cf]|\b(?:[A-Z]{{1,3}}\$|Rs\.?|Rp\.?|R|KSh|{_CODES}))"
)
_MONEY = re.compile(
    rf"{_CURRENCY}\s?\d(?:[\d,.]*\d)?|"
    # the figure first: "15.000 CLP", "20 %", "95 $", "1 800 kr"
    rf"\b\d(?:[\d,.]*\d|(?:\s\d{{3}})+)?\s?(?:(?:{_CODES}|kr)\b|%|per ?cent|[£$€¥](?!\w))|"
    # a currency by its English name after the figure: "5,500 yen", "200 euros" (not "pounds",
    # which weigh luggage as often as they pay for it)
    r"\b\d(?:[\d,.]*\d)?\s?(?:yen|won|euros?|dollars?|rupees?|pesos?|rand|naira|shillings?|baht|"
    r"ringgit|yuan|rupiah|dirhams?|riyals?|francs?|lira|kron(?:a|e|or|er)|forints?|zlotys?|reais)\b"
)
# What a charge is called, and its English name where the rule is in another language
_CHARGE_NAMES = {
    "frais": "fee",
    "supplément": "fee",
    "redevance": "fee",
    "forfait": "fee",
    "pénalité": "penalty",
    "penalité": "penalty",
    "recargo": "charge",
    "multa": "fine",
    "comisión": "fee",
    "penalidad": "penalty",
    "tarifa": "fee",
    "taxa": "fee",
}
# The words a charge is named by, in the rule's own language; group 1 is the word
_KINDS = (
    r"\b(fee|charge|surcharge|penalty|fine|deposit|bond|cost|co-?payment|excess|"
    rf"{'|'.join(_CHARGE_NAMES)})"
)
_NOTICE = re.compile(
    r"\b(?:notice|in advance|before|ahead|closes?|closing|no later than|at least|wait(?:s|ed|ing)?|"
    r"takes?(?!\s+place)|taking(?!\s+place)|can take|may take|"
    # what the organisation does for the customer within a time: a shorter time is the relief
    # (a payment, a return or a refund only where the organisation does it: "Returns are accepted
    # only within 14 days" is the customer's window, and a longer one is the relief)
    r"(?:repl(?:y|ies)|responds?|answers?|acknowledges?|decides?)\b[^.;]{0,40}\bwithin|"
    r"(?:we|staff|the (?!customers?\b|clients?\b|members?\b|guests?\b|patients?\b|tenants?\b|renters?\b|passengers?\b|students?\b|buyers?\b|users?\b|residents?\b|parents?\b)[\w-]+(?: [\w-]+)?)\s+(?:will\s+|shall\s+|must\s+|aims?\s+to\s+|always\s+)?(?:pays?|refunds?|sends?|issues?|returns?|releases?|repairs?|fix(?:es)?|"
    r"resolves?|credits?)\b[^.;]{0,40}\bwithin|"
    # money the organisation owes, paid back within a time: a shorter wait is the relief
    r"(?:is|are|will be) (?:refunded|credited|repaid|released|reimbursed)(?: in full)?(?: within)?)\b",
    re.I,
)
# ... and just after the figure: "30 days' notice", "48 hours before", "a week in advance"; not
# "within 5 days of the rejection notice", where the notice is what the time runs from
_NOTICE_AFTER = re.compile(
    r"\s*['’]?\s*(?:(?:written|prior|advance|clear)\s+)?(?:notice|in advance|before|ahead|prior)\b",
    re.I,
)
_WAY = (
    r"(?:by (?:phone|telephone|post|letter|e-?mail|phoning|calling|e-?mailing|writing to|(?:in-app |live )?chat)|in person|"
    r"over the (?:phone|telephone)|"
    r"in writing|at (?:the|a|our|one) \w+|online|through the \w+)"
)
# "only by phone", "can be booked only by phoning Customer Care", "in writing through the
# online form only"
_CHANNEL = re.compile(
    rf"\bonly\b[^.]{{0,40}}\b{_WAY}|\b{_WAY}(?:[^.;,]{{0,40}}?)\s+only\b|"
    # "tickets can be bought only from the box office"; not "meals are available only from the
    # canteen", which is no request
    r"\b(?:book|bought|buy|order|request|obtain|purchas|collect|appl(?:y|ied|ication)|submit|renew|"
    r"sold|issued|sent|lodged|made|raised|handed|paid|claimed)\w*\b[^.]{0,40}\bonly\b[^.]{0,20}\bfrom (?:the|a|our|one) \w+",
    re.I,
)
# Other ways a rule confines a request to one channel, read after the rule's own prohibition
# (which, in its own words, is the more specific relief): "must be lodged through the Resident
# Portal", "requests made by phone will not be actioned", "does not answer questions by email"
_ONE_CHANNEL = re.compile(
    r"\b(?:solely|must be (?:made|lodged|sent|handed in|submitted|raised|delivered|uploaded|filed|"
    r"downloaded|collected|redeemed|activated|renewed))\b[^.]{0,40}"
    r"\b(?:by (?:phone|telephone|post|postal mail|mail|letter|e-?mail)|in person|in writing|"
    r"at (?:the|a|our|one) \w+|from (?:the|a|our|one) \w+|online|through (?:the|our) \w+|via the \w+)|"
    r"\b(?:by|through|via|in|on|over) (?:the )?(?:phone|telephone|e-?mail|post|mail|the app|the portal|live chat|chat|"
    r"social media)\b[^.]{0,60}\b(?:will not|shall not|must not|are not|is not|cannot be|will be) (?:be )?(?:actioned|accepted|"
    r"answered|processed|dealt with|registered|logged|recorded|considered|reviewed|read|deleted|ignored)|"
    r"\bdoes not (?:answer|accept|take|process)\b[^.]{0,40}\bby (?:e-?mail|phone|telephone|post|chat)|"
    # "Do not book, change or cancel appointments over the phone"
    r"\b(?:do not|don't|never|cannot|can't|will not|won't)\b[^.]{0,50}\b(?:over the (?:phone|telephone)|"
    r"by (?:phone|telephone|e-?mail|post))\b|"
    # "Customers must book repairs in person at the store where the item was bought"
    r"\bmust (?:book|make|apply|request|submit|lodge|collect|return|pay|sign)\b[^.;]{0,50}\b(?:in person|"
    r"in writing|by (?:post|phone|telephone|e-?mail)|at the (?:store|branch|office|counter|depot|desk))",
    re.I,
)
# One way to pay: "pre-authorized debit is the only method of payment", "refunds are given
# solely as a gift card"
_ONE_WAY_TO_PAY = re.compile(
    r"\bthe only (?:method|way|means) of (?:payment|paying)\b|\bonly (?:method|way) (?:to pay|of payment)\b|"
    r"\b(?:payment|rent|fees?|charges?) (?:must be|is|are) (?:paid|made) (?:only )?by (?:direct debit|"
    r"standing order|card|cash|bank transfer)\b[^.]{0,40}\b(?:only|not accepted|cannot)|"
    r"\bonly (?:by|through) (?:pre-?authori[sz]ed |direct )?(?:debit|direct debit|standing order)\b|"
    r"\b(?:for|in|by) cash only\b|\bonly (?:for|in) cash\b|\bcash[- ]only\b|"
    # what the customer must pay in cash: "must be paid in cash", "once a deposit has been paid
    # in cash at the front desk"
    r"\b(?:must|shall|is to|are to|has|have)\s+(?:be|been)\s+(?:paid|settled|made)\s+in\s+cash\b|"
    r"\b(?:do|does|will) not (?:take|accept) (?:[\w-]+ ){0,2}?(?:cash|cards?|cheques?|checks?|card payments?)\b|"
    # "The premium must be paid by a Korean-issued card or by bank transfer"
    r"\b(?:must|shall|can only|may only|is to|are to)\s+be\s+paid\s+(?:only\s+)?(?:by|with|through|via)\s+"
    r"(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:card|bank transfer|cheque|check|direct debit|standing order)\b|"
    # "Payment is accepted by personal check or ACH draft only", "extras are paid in cash only"
    r"\b(?:payments?|fees?|rent|charges?|extras|deposits?|balances?)\s+(?:is|are)\s+(?:only\s+)?"
    r"(?:accepted|taken|paid|payable|settled)\s+(?:only\s+)?(?:by|in|with|through|via)\b[^.;]{0,60}"
    r"\bonly\b",
    re.I,
)
# One language only: "Statements are produced in English only"
_LANGUAGES = (
    "English|French|German|Spanish|Dutch|Greek|Maltese|Malay|Arabic|Italian|Portuguese|Japanese|"
    "Korean|Chinese|Mandarin|Cantonese|Hindi|Polish|Swedish|Norwegian|Finnish|Danish|Turkish|Welsh|"
    "Irish|Vietnamese|Indonesian|Thai|Russian|Hebrew"
)
_ONE_LANGUAGE = re.compile(
    rf"\b(?:in|only in) (?:{_LANGUAGES}) only\b|\bonly in (?:{_LANGUAGES})\b|"
    rf"\b(?:corresponds?|communicates?|written|produced|given|held|taught) (?:solely |only )?in (?:{_LANGUAGES})\b"
    r"[^.]{0,40}\b(?:no translation|not translated|only)\b",
)
# A refund only in kind: "refunds are given solely as a gift card"
_KIND = r"(?:gift cards?|vouchers?|credit|store credit|account credit|points|wallet|airtime)\b"
_REFUND_IN_KIND = re.compile(
    r"\b(?:refunds?|refunded|overpayments?)\b[^.]{0,60}\b(?:solely|only) (?:as|by|in|into|to) "
    rf"(?:the |a |an )?(?:[\w'’-]+ ){{0,3}}{_KIND}|"
    # "Refunds ... are issued as Harbourline credit only", "given as Points only"
    r"\b(?:refunds?|refunded|overpayments?)\b(?:[^.]|\.(?=\d)){0,80}\b(?:as|in|into|to) "
    rf"(?:the |a |an )?(?:[\w'’-]+ ){{0,3}}{_KIND}\s*only\b|"
    # "given only as Hangaram travel points, never in cash", "refunded to the customer's wallet
    # and not to the bank account"
    r"\b(?:refunds?|refunded|overpayments?)\b[^.]{0,60}\b(?:as|in|into|to) "
    rf"(?:the |a |an )?(?:[\w'’-]+ ){{0,3}}{_KIND}[^.;]{{0,30}}?\b(?:never|and not|not)\b|"
    # "Where a refund is given, it is paid as credit to the membership account"
    r"\b(?:refunds?|refunded)\b[^.]{0,90}?\b(?:is|are)\s+(?:paid|given|issued|made)\s+as\s+"
    rf"(?:a |an )?(?:[\w'’-]+ ){{0,2}}{_KIND}|"
    # money given back that never comes back as money: "is not paid out to you", "cannot be
    # exchanged for cash", "never in cash", "not as a cash refund"
    r"\b(?:refunds?|refunded|overpayments?|paid in excess)\b[^.]{0,120}?\b(?:never|not|cannot be|no)\s+"
    r"(?:be\s+)?(?:paid\s+out|exchanged\s+for\s+cash|in\s+cash|paid\s+in\s+cash|as\s+a\s+cash\s+refund|"
    r"refunded\s+in\s+cash|(?:paid|refunded)\s+(?:back\s+)?to\s+(?:a|the|your|their)\s+(?:card|bank))\b",
    re.I,
)
# Compensation the organisation gives only in kind: "Goodwill compensation is given only as
# travel points, never in cash", "paid as travel credit ... and is not paid in cash"
_COMPENSATION_IN_KIND = re.compile(
    r"\b(?:compensation|goodwill (?:payments?|gestures?))\b[^.]{0,80}?\b(?:(?:only|solely) as|as)\s+"
    rf"(?:the |a |an )?(?:[\w'’-]+ ){{0,3}}(?:{_KIND}|travel credit|credit notes?)"
    r"[^.;]{0,60}?\b(?:never|not|no)\b[^.;]{0,20}\b(?:cash|card|bank|money)\b",
    re.I,
)
# Everything due at once: "due in full by the first day of classes", "withheld until all fees
# are paid"
_IN_FULL = re.compile(
    r"\b(?:due|payable|paid|paid for|settled) in full\b|\bwithheld until\b[^.]{0,60}\bpaid\b|"
    # "Certificates are released only when the account balance is zero"
    r"\b(?:released|issued|handed over|given)\s+only\s+(?:when|after|once)\b[^.;]{0,50}\b(?:balance is "
    r"(?:zero|nil|cleared)|(?:been\s+)?(?:paid|settled|cleared)(?:\s+in\s+full)?)\b",
    re.I,
)
# A decision nobody may look at again: "the Superintendent's decision is final"
_FINAL = re.compile(
    r"\b(?:decisions?|rulings?|outcomes?|determinations?|responses?|repl(?:y|ies)|answers?|"
    r"findings?|assessments?)\b[^.]{0,40}\b(?:is|are) final\b|"
    r"\bno further (?:internal )?(?:review|appeal|correspondence)\b|"
    # "deductions approved by the CM are final and are not open to further review"
    r"\b(?:is|are) final and (?:is|are) not (?:open to|subject to|reviewed|looked at)\b|"
    r"\bnot (?:open|subject) to (?:any )?(?:further )?(?:review|appeal)\b|"
    # "the case is closed and will not be reopened", "closed without review"
    r"\b(?:will|shall|can|may) not be re-?opened\b|\bclosed without (?:further )?review\b",
    re.I,
)
# A service given only in set hours: "keys are handed over only between 10 am and 2 pm"
_CLOCK = r"\d{1,2}(?:[:.]\d{2})?\s?(?:a\.?m\.?|p\.?m\.?|noon)?"
_HOURS = re.compile(
    rf"\bonly (?:between|from) {_CLOCK}\s?(?:and|to|-|–)\s?\d{{1,2}}|"
    # "accepted by appointment only, on Tuesday mornings", "only during the Tuesday return slot"
    r"\bby appointment only\b|\bonly by appointment\b|"
    r"\bonly (?:during|in|at) the (?:[\w-]+ ){0,4}(?:slot|window|session|hours)\b|"
    r"\b(?:slot|window),? between \d{1,2}|"
    # "between 8:00 a.m. and 3:00 p.m. only", "Visiting hours are 5:00 pm to 7:00 pm": a span of
    # the clock, told by its minutes or its a.m. and p.m.
    r"\b\d{1,2}(?:[:.]\d{2}\s?(?:a\.?m\.?|p\.?m\.?)?|\s?(?:a\.?m\.?|p\.?m\.?))\s?(?:and|to|until|-|–)\s?"
    r"\d{1,2}(?:[:.]\d{2})?\s?(?:a\.?m\.?|p\.?m\.?)|"
    # the same on the 24-hour clock: "open Monday to Friday, 09:00 to 17:00", "before 11:00 only"
    r"\b[0-2]?\d:[0-5]\d\s?(?:and|to|until|-|–)\s?[0-2]?\d:[0-5]\d\b|"
    r"\b(?:before|after|until|from) [0-2]?\d:[0-5]\d only\b",
    re.I,
)
_PROOF = re.compile(
    r"\b(?:receipt|proof|photo ID|identification|ID\b|documents?|certificate|signature|"
    r"original (?:receipt|invoice|document|ticket|certificate|packaging|box)|"
    r"video|photos?|photographs?|evidence|police report|statement from|letter from|"
    r"power of attorney|notari[sz]ed|three quotes|booking reference|reference number|account number)\b",
    re.I,
)
_ASKS_FOR = re.compile(
    r"\b(?:provid|prov|present|produc|submit|post|attach|show)(?:e|es|ed|ing|s|ted|ting|n)?\b|"
    r"\b(?:must|shall|need to|needs to|have to|has to)\s+(?:also\s+)?(?:be\s+)?(?:bring|send|include|"
    r"quote|supported|accompanied|backed|signed|certified)\b|"
    r"\b(?:required|requires?|needed|only (?:\w+ )?(?:on|with|against|upon|if)|on (?:production|presentation) of|"
    r"supported by|accompanied by|unless|without (?:a|an|the|it|them|original)|against an? (?:original )?"
    r"\w+|(?:with|in) (?:their|its|the) original|on an? [\w ]{0,20}certificate)\b|"
    r"\b(?:not (?:be )?accepted|rejected|refused without)\b",
    re.I,
)
# proof the rule spares the customer: "No receipt is needed", "no documents are asked for"
_SPARED_PROOF = re.compile(
    r"\bno (?:[\w-]+ ){0,2}(?:receipts?|proof|documents?|forms?|paperwork|evidence|ID)\b[^.;]{0,30}\b"
    r"(?:is|are) (?:needed|required|asked for|necessary)\b",
    re.I,
)
# Only the customer in person may act, and nobody for them: "Only the subscriber may be
# served on a line; a spouse, child or friend may not make enquiries", "Appeals sent on their
# behalf by family members are not accepted", "collected ... by the patient"
_HOLDER = (
    r"(?:customer|member|patient|guest|rider|passenger|tenant|policyholder|client|resident|visitor|"
    r"student|account holder|cardholder|applicant|subscriber|borrower|parent|owner|renter|signatory|"
    r"holder|buyer|shipper|consignee|patron|registered owner|person who signed[\w ]{0,20}?)"
)
_ONLY_THEM = re.compile(
    rf"\bonly\s+(?:by\s+|to\s+|from\s+|with\s+)?(?:the|a|an)\s+(?:(?:named|registered|original|enrolling|"
    rf"lead|main|account|contract)\s+)?{_HOLDER}s?\b(?!\s+(?:Care|Service|Services|Manager|Relations|Team|"
    rf"Desk|Support|Experience|Success|Portal|App|Office)\b)[^.;]{{0,60}}"
    r"(?:[.;]\s*|,\s*(?:and\s+)?)[^.;]{0,40}\b(?:spouses?|famil(?:y|ies)(?:\s+members?)?|"
    r"relatives?|friends?|carers?|someone else|anyone else|third[- ]part(?:y|ies)|representatives?)\b|"
    # others forbidden to act for the customer, or what is sent on their behalf refused
    r"\b(?:spouses?|family members?|relatives?|friends?|carers?|someone else|anyone else)\b[^.;]{0,40}?"
    r"\b(?:may not|cannot|can't|can not|are not (?:allowed|permitted) to|is not (?:allowed|permitted) to)\s+"
    r"(?:\w+\s+)?(?:make|ask|enquire|inquire|call|speak|act|sign|collect|book|cancel|change|request|"
    r"apply|pay|open|follow|discuss|buy|order|register|redeem|manage|access)\b|"
    # what is the customer's own, kept from others: "money shall not be released to family
    # members", "keys are never handed to relatives"
    r"\b(?:not|never)\s+(?:be\s+)?(?:released|given|handed(?:\s+over)?|paid(?:\s+out)?|disclosed|"
    r"passed\s+on)\s+to\s+(?:(?:their|his|her)\s+)?(?:family(?:\s+members?)?|relatives?|friends?|"
    r"spouses?|partners?|third\s+parties|anyone\s+(?:else|other\s+than))\b|"
    r"\b(?:sent|made|submitted|lodged|given)\s+on\s+(?:their|his|her|your|the\s+\w+(?:'s|’s))\s+behalf\b"
    r"[^.;]{0,80}\b(?:not|never|refused|rejected|returned)\b|"
    rf"\bby\s+the\s+(?:(?:named|registered|original|lead|main)\s+)?{_HOLDER}\s+(?:in person|personally|"
    r"themselves|himself|herself)\b|"
    rf"\bin person\b[^.;]{{0,30}}\bby the {_HOLDER}\b",
    re.I,
)
# Reliefs read from what the rule confines the customer to, each as (reading, what staff can
# do, what the customer can ask for). Those before the rule's own prohibition are more
# specific than it; those after are less.
_ANOTHER_WAY = "accept the request another way the {who} can manage"
_WAYS_BEFORE = (
    (
        _ONLY_THEM,
        "deal with a person the {who} has authorised to act for them",
        "a person they authorise to act for them",
    ),
    (_CHANNEL, _ANOTHER_WAY, "another way to make the request"),
    (_REFUND_IN_KIND, "refund the {who} the way they paid", "a refund the way they paid"),
    (
        _COMPENSATION_IN_KIND,
        "pay the compensation in money if the {who} asks",
        "the compensation in money",
    ),
    (_PROOF, "accept other reasonable proof", "other reasonable proof to be accepted"),
    (_ONE_WAY_TO_PAY, "accept another way to pay that the {who} can manage", "another way to pay"),
)
# What is left unused is lost at the end of its period: "Included minutes that are not used do
# not roll over", "unused data is forfeited and cannot be rolled over"
_NO_ROLL_OVER = re.compile(
    r"\b(?:do|does|will|can)\s*(?:not|n't)\s+(?:roll|carry)\s+over\b|\bcannot\s+be\s+(?:[\w,]+\s+){0,3}?"
    r"(?:rolled|carried)\s+over\b|\bno\s+(?:roll-?over|carry-?over)\b|"
    # "days not skied are forfeited", "unused sessions are lost at the end of the term"
    r"\b(?:unused\s+(?:[\w-]+\s+)?(?:days?|sessions?|classes|lessons?|visits?|nights?|entries|credits?|"
    r"hours?|minutes|passes|rides|trips)|(?:days?|sessions?|classes|lessons?|visits?|nights?|entries|"
    r"credits?|passes|rides)\s+(?:that\s+are\s+)?not\s+(?:used|skied|taken|attended|booked|played))\b"
    r"[^.;]{0,30}?\b(?:are|is|will\s+be)\s+(?:forfeited|lost|void)\b",
    re.I,
)
_WAYS_AFTER = (
    (_ONE_CHANNEL, _ANOTHER_WAY, "another way to make the request"),
    (
        _ONE_LANGUAGE,
        "arrange a translation or an interpreter for the {who}",
        "a translation or an interpreter",
    ),
    (_IN_FULL, "agree a payment plan for the amount due", "a payment plan"),
    (
        _NO_ROLL_OVER,
        "carry what the {who} did not use over to the next period, once",
        "what was not used to be carried over, once",
    ),
    (
        _FINAL,
        "have the decision looked at again, once, by someone who did not make it",
        "the decision to be looked at again, once",
    ),
    (_HOURS, "arrange another time the {who} can manage", "another time they can manage"),
)
# A count of the customer's slips before a period: the period is the window they are
# tallied over ("three no-show fees in one calendar month", "2 missed payments within").
_TALLY = re.compile(
    # a count of things, not a number that names something ("Para 4(a)", "Form SCS-7")
    # (not an amount: "a deposit of 200 PLN within 24 hours", "500 kr within")
    r"\b(?:(?<![£$€\w.(/-])\d+(?=\s+(?-i:[a-z]))(?!\s+kr\b)|two|three|four|five|six|seven|eight|nine|ten|twice|once)\b"
    r"[^.;:,]{0,40}?"
    r"\b(?:in|within|over|during|per|every|across)\s+(?:one\s+|a\s+|any\s+|the\s+|each\s+|"
    r"rolling\s+|the (?:same|past|last)\s+)?$",
    re.IGNORECASE,
)
# A period the customer is kept out for: a suspension, a ban, a block.
_PUNISHMENT = re.compile(
    r"\b(?:suspen\w*|bann?(?:ed)?|barred|block(?:ed)?|exclu\w*|locked out|"
    r"for the (?:next|following))\b",
    re.IGNORECASE,
)
# Which way a period moves in the customer's favour, read from what it measures, where the
# words say so plainly (else `_relief` reads notices, waits and punishments as before):
_ROUND_THE_CLOCK = re.compile(r"^\s*(?:a|per|each|every)\s+(?:day|week)\b", re.I)
# a time the organisation takes to act for the customer ("copies are prepared within 14 days",
# "a complaint not resolved within 10 days", "refunded no sooner than 90 days after")
_THEY_TAKE = re.compile(
    r"\b(?:is|are|will be|gets?|has been|have been)\s+(?:not\s+|usually\s+|normally\s+|always\s+)?"
    r"(?!(?:accepted|allowed|permitted|valid|available|open|made|submitted|lodged|requested|reported|"
    r"returned|paid|filed|raised|received|opened|booked|used|collected|claimed|cancell?ed|sent in|"
    r"handed in)\b)[a-z]+(?:ed|en)\s+(?:(?!if\b|when\b|unless\b|only\b)[a-z]+\s+){0,5}?within\s+(?:the\s+)?$|"
    r"\b(?:sooner than|not (?:before|until)|only after|at the earliest)\s+$|"
    # what the organisation binds itself to do within a time
    r"\b(?:binds? (?:itself|themselves)|undertakes?|commits?|promises?|guarantees?|pledges?)\s+to\b"
    r"[^.;]{0,60}\bwithin\s+$|"
    # what the customer is sent or given back within a time: "the patient receives the balance
    # within 72 hours", "participants get the full fee back within 14 days"
    r"\b(?:receives?|gets?|get|is sent|are sent)\b[^.;]{0,40}\bwithin\s+$|"
    # "Refunds are paid only by bank transfer, within 30 days"
    r"\brefunds?\s+(?:are|is|will\s+be)\s+(?:only\s+)?(?:paid|made|issued|sent|processed)\b[^.;]{0,40}"
    r"\bwithin\s+(?:the\s+)?$",
    re.I,
)
# notice the organisation gives ("tuition changes are notified at least one month in advance",
# "we give two weeks' notice"): more of it is better for the customer
_THEY_NOTIFY = re.compile(
    r"\b(?:(?:is|are|will be|shall be|must be)\s+(?:notified|told|announced|published|given|"
    r"posted|advertised|communicated)|(?:we|the (?:school|"
    r"company|club|landlord|centre|center|clinic|practice|agency|bank|council|operator|academy|"
    r"hotel|venue|library))\s+(?:will\s+|must\s+|shall\s+|always\s+)?(?:give|gives|send|sends|notify|"
    r"notifies|tell|tells|inform|informs|publish|publishes)|"
    # notice the customer is to have had: "until the Owner has received at least 14 days' notice"
    r"(?:has|have|had)\s+(?:been\s+)?(?:received|given|sent|served)|(?:is|are)\s+(?:given|sent|served))\b"
    # not what is given on the customer's request: "is given only if it is requested at least"
    r"(?:(?!\b(?:if|unless|when|provided)\b)[^.;]){0,50}$",
    re.I,
)
# how recent a document must be ("dated no more than 6 months before", "issued within the last
# 3 months", "no older than"): an older one accepted is the relief
_RECENT = re.compile(
    r"\b(?:dated|issued|taken|obtained|signed|printed|no older than|not older than)\b[^.;]{0,30}?"
    r"(?:no more than|not more than|less than|within the (?:last|past))?\s+$|"
    r"\b(?:no more than|not more than|less than|under)\s+$(?=[^.;]*$)",
    re.I,
)
# the months a customer must account for ("pay stubs for the last three months", "statements
# covering the latest 6 months") or be counted over ("no reminder in the last 24 months"):
# fewer of them is the relief
_LOOKING_BACK = re.compile(
    r"\b(?:covering|cover|for|of|from|in|within|during|over)\s+the\s+(?:last|latest|past|previous|"
    r"preceding|most recent)\s+$",
    re.I,
)
# a stretch the customer is kept from something ("cannot request a schedule change for six
# months"), or one they may take ("may pause their membership for up to three months")
_KEPT_FROM = re.compile(
    r"\b(?:cannot|can't|may not|will not be able to|not be able to|loses?|barred from)\b"
    r"[^.;]{0,60}\bfor\s+(?:the\s+next\s+|a\s+further\s+)?$",
    re.I,
)
# the customer's window before a date ("only during the five days before the reading date"), and
# a stretch at the start or end of something when it is barred ("not permitted during the first
# 30 minutes of any exam")
_WINDOW_BEFORE = re.compile(r"\bonly\s+(?:during|in|within)\s+the\s+$", re.I)
_BARRED_AT_EDGE = re.compile(
    r"\b(?:not|no|never)\b[^.;]{0,50}\b(?:during|in|for)\s+the\s+(?:first|last|final|opening|closing)\s+$",
    re.I,
)
_MAY_TAKE = re.compile(
    r"\b(?:may|can)\s+(?:\w+\s+)?(?:suspend|pause|freeze|defer|put (?:\w+ )?on hold)\b[^.;]{0,60}$",
    re.I,
)


# the customer's time before they lose something ("not collected within 90 days are disposed
# of", "arriving more than 10 minutes late"): more of it is the relief
_UNCLAIMED = re.compile(
    r"\bnot (?:collected|claimed|picked up|used|redeemed|renewed|taken up)\s+within\s+(?:the\s+)?$",
    re.I,
)
_LATE_BY = re.compile(r"\b(?:more than|over)\s+$", re.I)


def _way_round(clause: str, after: str) -> str | None:
    """ "shorten", "extend" or "skip" for the period that ends `clause`, where its words say."""
    if _ROUND_THE_CLOCK.match(after):
        return "skip"  # "staffed 24 hours a day": an opening time, not a limit
    if _UNCLAIMED.search(clause) or (
        _LATE_BY.search(clause) and re.match(r"\s*(?:late|after)\b", after, re.I)
    ):
        return "extend"
    if _MAY_TAKE.search(clause):
        return "extend"
    if _BARRED_AT_EDGE.search(clause):
        return "shorten"
    # what must be left on it for a refund: "passes with fewer than 10 days of validity left"
    if re.search(r"\b(?:fewer|less)\s+than\s+$", clause, re.I) and re.match(
        r"\s*(?:of\s+[\w-]+\s+)?(?:left|remaining|to run)\b", after, re.I
    ):
        return "shorten"
    if _WINDOW_BEFORE.search(clause) and re.match(
        r"\s*(?:before|prior to|ahead of)\b", after, re.I
    ):
        return "extend"
    recent = _RECENT.search(clause)
    if recent and re.match(
        r"\s*old\b"
        if recent.group(0).lower().startswith(("no more", "not more", "less", "under"))
        else r"\s*(?:old|before|prior)\b",
        after,
        re.I,
    ):
        return "extend"
    if re.search(r"\b(?:dated|issued)\s+within\s+the\s+(?:last|past)\s+$", clause, re.I):
        return "extend"
    if _LOOKING_BACK.search(clause) or _KEPT_FROM.search(clause) or _THEY_TAKE.search(clause):
        return "shorten"
    if _THEY_NOTIFY.search(clause) and re.search(
        r"\b(?:in advance|notice|before|ahead)\b", f"{clause} {after}", re.I
    ):
        return "extend"
    return None


_COUNT = re.compile(
    r"\b(?:no more than|not more than|at most|maximum of|limited to|up to)\s+(?P<n>\d+|one|two|three|four|five)\b|"
    # an item of a list of what is refused: "more than two large suitcases;"
    r"^\s*(?:more than|over)\s+(?P<k>\d+|one|two|three|four|five|six)\b|"
    # "twice a month", "once per booking"; not "once the contract is signed", a conjunction
    r"(?<!\bat )\b(?P<m>once|twice)\s+(?:a|an|per|each|every|in|during|within)\s+(?:(?:calendar|school|"
    r"academic|financial|rolling)\s+)?(?:day|week|fortnight|month|quarter|term|semester|season|year|"
    r"visit|booking|stay|trip|lifetime|period|contract|membership)\b|"
    # "Only one move booking is permitted per unit", "a single bag per passenger"
    r"\b(?:(?:only|just)\s+(?P<o>one|two|three|\d)|a single)\s+[\w-]+(?:\s+[\w-]+){0,3}?\s+"
    r"(?:(?:is|are) (?:permitted|allowed|accepted|included|issued|given)\s+)?(?:per|each|a|every)\s+"
    r"(?:unit|household|person|passenger|guest|member|customer|account|booking|visit|day|week|month|"
    r"year|term|room|vehicle|family|student|child|order|stay)\b|"
    # the customer's slips before a sanction: "misses more than two sessions", "If two
    # instalments are missed"
    r"\b(?:miss(?:es|ed)?|skips?|skipped|cancels?|cancell?ed|fails?)\s+(?:more than|over)\s+"
    r"(?:\d+|one|two|three|four|five|six)\b|"
    r"\b(?:\d+|two|three|four|five|six)\s+(?:[\w-]+\s+){0,2}?(?:are|is|have been|has been)\s+missed\b",
    re.I,
)


# The organisation's own deadline ("the hold is released within 24 hours", "we refund within
# 14 days"): a promise, not a limit.
_OURS_TO_KEEP = re.compile(
    r"\b(?:(?:(?:is|are|will be|shall be)\s+(?:(?!not\b|never\b)\w+\s+)?|and\s+)(?:released|removed|refunded|"
    r"repaid|processed|repaired|replaced|answered|dispatched|credited|resolved|restored|"
    r"reconnected|reimbursed|sent|issued|posted|mailed)|(?:deposit|bond|hold)s?\s+(?:is|are|will be)\s+returned|(?:we|staff|the\s+(?:[\w-]+\s+)?(?:desk|team|office|centre|center|manager))\s+"
    r"(?:(?:will|shall|must)(?:\s+|(?=,)))?(?:,[^,.;]{0,40},\s+)?(?:\w+\s+)?(?:(?:try|aim)\s+to\s+)?"
    r"(?:release|return|refund|repay|process|repair|replace|answer|respond|reply|send|credit|pay|hand|"
    r"give|reach|contact|call|notify|inform|tell|visit|inspect)\w*"
    r"(?:\s+[\w'’-]+){0,8})\s+(?:within|in)\s+(?:the\s+)?$|"
    r"\b(?:has|have)\s+not\s+(?:yet\s+)?been\s+(?:released|refunded|returned|repaid|credited|resolved|"
    r"answered|repaired|delivered|processed)\s+(?:within\s+|in\s+)?$|"
    # money the customer has back: "Tenants may have their deposit returned in full within 10 days"
    r"\b(?:has|have|had|get|gets|receive|receives)\s+(?:their|his|her|your|the|its)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:deposits?|bonds?|money|balances?|payments?|fees?|credits?|refunds?|funds|charges?)\s+"
    r"(?:returned|refunded|repaid|released|paid\s+back|credited|reimbursed)\s+(?:in\s+full\s+)?"
    r"(?:within|in)\s+(?:the\s+)?$|"
    # what the customer is to receive by a time: "Every complaint receives a reply within 14
    # days", "Members will get an SMS at least 15 days before their points expire"
    r"(?<!\bmust\s)(?<!\bshould\s)(?<!\bwe\s)(?<!\bus\s)(?<!\bnot\s)(?<!\bcannot\s)(?<!n['’]t\s)(?<!\bto\s)"
    r"\b(?:receives?|gets?|will\s+(?:receive|get)|"
    r"(?:is|are)\s+to\s+receive|(?:is|are|will be)\s+(?:given|offered|sent))\b"
    r"(?:(?!\b(?:only|if|unless|provided)\b)[^.;]){0,70}\b(?:within|at\s+least|no\s+later\s+than)\s+(?:the\s+)?$|"
    r"\bwe\s+(?:will\s+|shall\s+)?(?:notify|tell|inform|write\s+to|remind|warn|give)\b[^.;]{0,50}\b"
    r"(?:at\s+least|no\s+later\s+than)\s+$|"
    r"\b(?:reimbursements?|refunds?|claims?|compensation|deposits?|bonds?)\s+(?:is|are|will be)\s+"
    r"(?:\w+\s+)?paid\s+(?:within|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A time in which the customer may walk away: "If you leave within 90 days ..., you may end
# your contract": a longer one is a new promise, for the organisation to make.
_MAY_WALK_AWAY = re.compile(
    r"\b(?:you|customers?|members?|residents?|tenants?|guests?|clients?)\s+(?:may|can)\s+"
    r"(?:\w+\s+)?(?:end|cancel|terminate|withdraw)\b|\bpay only for\b",
    re.IGNORECASE,
)


def _sentence_at(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at), text.rfind("; ", 0, at)) + 1
    ends = [e for e in (text.find(". ", at), text.find("; ", at)) if e >= 0]
    return text[start : min(ends) if ends else len(text)]


def _relief(text: str, who: str, number: str | None, lead_in: str | None = None) -> Relief:
    subject = f"rule {number}" if number and any(ch.isdigit() for ch in number) else "this rule"
    text = _NUMBER.sub("", text)  # "(2) Complaints ...": the rule's number is no figure of it
    # the amount a charge is, where the rule names several ("below 10% ... a fee of €25")
    amounts = list(_MONEY.finditer(text))
    money = next(
        (
            m
            for m in amounts
            if re.search(rf"{_KINDS}\s+(?:of\s+)?$", text[: m.start()], re.I)
            # "a $100 setup fee", "a $75 non-refundable review fee"
            or re.match(rf"\s?(?:[\w-]+\s+){{0,2}}?{_KINDS}", text[m.end() :], re.I)
        ),
        amounts[0] if amounts else None,
    )
    # the charge the amount is ("a fee of $40", "a $40 administration fee"), else the first one
    # named, in the rule or in the list it is an item of ("Fees: a stop payment, $30.00 per item;")
    kind = (
        (money and re.search(rf"{_KINDS}\s+(?:of\s+)?$", text[: money.start()], re.I))
        # "Missing fuel is billed at $8.00 per gallon": a charge by its verb
        or (money and re.search(r"\b(charge)d\s+(?:at\s+)?$", text[: money.start()], re.I))
        or (
            money
            and re.search(
                r"\b(?:billed|invoiced|factur[ée]e?s?|cobrad[oa]s?|costs?|replaced for|priced at)\s+"
                r"(?:at\s+|à\s+|a\s+)?()$",
                text[: money.start()],
                re.I,
            )
        )
        or (money and re.match(rf"[^.;,]{{0,30}}?{_KINDS}\b", text[money.end() :], re.I))
        # a price by the unit: "copies are provided at $0.50 per page"
        or (
            money
            and re.match(r"\s+per\s+\w+", text[money.end() :])
            and re.search(r"\b(?:at|for)\s+()$", text[: money.start()], re.I)
        )
        or re.search(_KINDS, text, re.I)
        or (money and re.search(_KINDS, lead_in or "", re.I))
    )
    # a deposit or hold is security, not a charge: waiving it hands over the risk it covers,
    # so the relief is a quicker release of it (below), where the rule gives a time
    deposit = bool(kind and kind.group(1).lower() in ("deposit", "bond"))
    # ... unless the rule keeps it as a penalty: "The bond is forfeited if the room is not clean"
    if kind and deposit and re.search(r"\bforfeit", text, re.I):
        held = f"{money.group(0) + ' ' if money else ''}{kind.group(1).lower()}"
        return Relief(f"return the {held} in full", "", f"the {held} to be returned")
    # a charge the rule itself gives back or clears ("the $59 fee is refunded in full", "up to
    # $50 in fines cleared") needs no waiver: the figure is a benefit's limit; one it does not
    # give back ("is not refunded", "will never be credited back") is a charge like any other
    # ("is not reduced or waived"); nor one it gives back only in a case it names ("is
    # refunded only if the defect is our fault")
    returned = any(
        not re.search(
            r"\b(?:not|never|non|cannot|can't|won't)\b[\s-]*(?:be\s+)?(?:\w+\s+(?:or|and)\s+)?$",
            text[: m.start()],
            re.I,
        )
        for m in re.finditer(
            r"\b(?:refunded|waived|credited back|reimbursed|repaid|cleared|written off|forgiven)\b"
            # not one given back only in a case the rule names: "refunded if the review succeeds"
            r"(?!\s+(?:only|if|when|where|provided|unless)\b)",
            text,
            re.I,
        )
    )
    # an amount the organisation pays: "add a goodwill payment of €25", "compensation of $50"
    paid = bool(
        money
        and re.search(
            r"\b(?:goodwill|compensation|courtesy|credit|voucher|refund|reimburse\w*|payment to)\b"
            r"[^.;]{0,20}$",
            text[: money.start()],
            re.I,
        )
    )
    # the most a charge can come to ("liable for the full cost of repairs, up to $1,200"): the
    # amount is a cap, and waiving it would waive a charge the rule does not fix
    capped = bool(
        money
        and re.search(
            r"\b(?:up to|capped at|a maximum of|at most|no more than|limited to)\s*$",
            text[: money.start()],
            re.I,
        )
        and re.search(rf"{_KINDS}\b[^.;]*$", text[: money.start()], re.I)
    )
    # an amount counted from ("treatment expected to cost more than S$500") is no charge
    threshold = bool(
        money
        and re.search(
            r"\b(?:more than|over|above|exceeding|exceeds?|in excess of|less than|under|below|"
            r"at least|a minimum of|no less than|not less than)\s*"
            r"[A-Z]{0,3}$",
            text[: money.start()],
            re.I,
        )
    )
    # a discount the rule gives only on its terms: "A discount of 5% is given only to students
    # who pay the whole fee at once": the relief is the discount, not a waiver
    if money and (
        re.search(
            r"\b(?:discount|rebate|reduction|concession)\s+of\s+(?:up\s+to\s+)?$",
            text[: money.start()],
            re.I,
        )
        or re.match(r"\s*(?:discount|rebate|off)\b", text[money.end() :], re.I)
    ):
        discount = f"{money.group(0)} discount"
        return Relief(f"give the {discount}", "", f"the {discount}")
    if (
        money
        and kind
        and not deposit
        and not returned
        and not paid
        and not capped
        and not threshold
    ):
        # a charge named by its verb alone is named by its amount: "the $8.00 per gallon"
        per = re.match(r"\s+per\s+\w+", text[money.end() :])
        noun = kind.group(1).lower() or (per.group(0).strip() if per else "")
        noun = _CHARGE_NAMES.get(noun, noun)
        percent = re.search(r"%|per ?cent", money.group(0))
        # "a $99 joining fee": the words naming the charge go with it
        named = re.match(rf"\s+((?:[a-z][\w-]*\s+){{1,2}}?){_KINDS}\b", text[money.end() :])
        if named and not percent:
            noun = f"{named.group(1).strip()} {noun}"
        # "the fee of 20 %" reads where "the 20 % fee" does not
        charge = f"{noun} of {money.group(0)}" if percent and noun else f"{money.group(0)} {noun}"
        charge = charge.strip()
        return Relief(f"waive the {charge}", "", f"the {charge} to be waived")
    # a cap on what the customer may take or be paid: "Withdrawals are limited to EUR 5,000"
    if (
        money
        and (
            re.search(
                r"\b(?:limited to|capped at|cap of|maximum (?:of|is)|no more than|not more than)\s+$",
                text[: money.start()],
                re.I,
            )
            # "Cash payments are accepted up to GH₵500.00 only"
            or (
                re.search(
                    r"\b(?:accepted|allowed|permitted|taken)\s+up to\s+$",
                    text[: money.start()],
                    re.I,
                )
                and re.match(r"\s*only\b", text[money.end() :], re.I)
            )
        )
    ):
        return Relief(f"raise the {money.group(0)} limit", " by up to half", "a higher limit")
    # a least amount the customer must spend or pay: "The minimum purchase is ₦2,000"
    if money and re.search(
        rf"\b(?:minimum|at least)\b[^.;]{{0,30}}{re.escape(money.group(0))}|"
        rf"{re.escape(money.group(0))}[^.;]{{0,12}}\bminimum\b",
        text,
        re.I,
    ):
        return Relief(
            f"accept less than the {money.group(0)} minimum",
            ", down to half of it",
            "a lower minimum",
        )
    for period in _PERIOD.finditer(text):
        after = re.match(
            # "the 14-day cancellation period": one word may stand between
            r"\s*((?:[a-z-]+\s+)?(?:term|period|window|contract|notice|slot|limit|suspension|ban|"
            r"block|bar|exclusion|hold|wait))\b",
            text[period.end() :],
        )
        digits = re.search(r"\((\d+)\)", period.group(0))
        figure = f"{digits.group(1)} {period.group('unit')}" if digits else period.group(0)
        # "30 days' written notice" is "the 30 days' notice"; "30 days'" alone is "30 days"
        owed = re.match(r"\s*(?:(?:written|prior|advance|clear)\s+)?notice\b", text[period.end() :])
        if figure.endswith(("'", "’")):
            figure = f"{figure} notice" if owed else figure.rstrip("'’")
            after = None if owed else after
        span = figure + (f" {after.group(1)}" if after else "")
        before = text[max(0, period.start() - 40) : period.start()]
        clause = re.split(r"[.;:]", text[: period.start()])[-1]
        if _TALLY.search(before):
            # "three no-shows in one calendar month": a longer window counts more against
            # the customer, and a shorter one reads oddly as relief; look for another figure
            continue
        if (
            _OURS_TO_KEEP.search(text[max(0, period.start() - 110) : period.start()])
            or re.match(r"\s*at the latest\b", text[period.end() :], re.I)
            or _MAY_WALK_AWAY.search(_sentence_at(text, period.start()))
            # how long a credit lasts, where nothing is lost when it ends
            or (
                re.search(r"\bvalid\s+(?:for\s+)?$", before, re.I)
                and not re.search(
                    r"\b(?:lost|forfeit\w*|expir\w*|laps\w*|void|extended|instead of|no cash value)\b",
                    text,
                    re.I,
                )
            )
        ):
            continue  # what the organisation promises, not what it holds the customer to
        if re.match(
            r"\s*(?:old|of age|pregnant|of pregnancy|gestation)\b", text[period.end() :], re.I
        ):
            continue  # an age, not a time the rule gives
        # a product named by its length, not a time the rule gives: "24-hour and 72-hour
        # tickets", "a 30-day pass"
        if "-" in period.group(0) and re.match(
            r"\s*(?:(?:and|or|,)\s*\d+-\w+\s+)?(?:[\w-]+\s+)?(?:tickets?|pass(?:es)?|plans?|memberships?|"
            r"cards?|subscriptions?|bundles?|packages?|vouchers?|permits?)\b",
            text[period.end() :],
            re.I,
        ):
            continue
        # how far ahead the customer may book: further is the relief
        booked_ahead = re.search(
            r"\b(?:book\w*|reserv\w*|order\w*|schedul\w*)\b[^.;]{0,60}\b(?:no more than|not more than|"
            r"up to|at most|a maximum of|only)\s+$",
            clause,
            re.I,
        ) and re.match(r"['’]?\s*(?:ahead|in advance|beforehand)\b", text[period.end() :], re.I)
        way = (
            "extend" if booked_ahead else _way_round(clause, text[period.end() : period.end() + 40])
        )
        if way == "skip" and not re.search(r"\bminimum of\s+$", before, re.I):
            continue  # "open 7 days a week"; not "a minimum of two days per week"
        if way == "shorten":
            return Relief(f"shorten the {span}", " by up to half", "a shorter time")
        if way == "extend":
            hyphened = re.fullmatch(r"(\S+)-(\w+?)s?", figure)
            more = f"{hyphened.group(1)} {hyphened.group(2)}s" if hyphened else span
            return Relief(
                f"extend the {span}", f" by up to another {more}", f"more than the {span}"
            )
        if _PUNISHMENT.search(clause) or _PUNISHMENT.search(text[period.end() : period.end() + 15]):
            return Relief(f"shorten the {span}", " by up to half", "a shorter time")
        if period.group("unit").lower().startswith("year"):
            continue  # years are a ban's length, above; elsewhere an age, a term or a record
        # the organisation waits for the customer ("The bus waits no longer than one minute"):
        # a longer wait is the relief, whatever else the words around it say
        waits_for_them = re.search(
            r"\bwaits?\s+(?:for\s+)?(?:no longer than|no more than|up to|at most|a maximum of|only)\s+$",
            before,
            re.I,
        ) and not re.search(  # "customers wait up to 30 minutes": their wait, not ours
            rf"\b(?:{'|'.join(_CUSTOMERS)}|you|they)s?\s+(?:will\s+|may\s+|can\s+)?waits?\b",
            before,
            re.I,
        )
        if not waits_for_them and re.search(r"\bminimum\b", before, re.I):
            return Relief(f"shorten the {span}", " by up to half", "a shorter term")
        if not waits_for_them and (
            _NOTICE.search(before) or _NOTICE_AFTER.match(text[period.end() : period.end() + 25])
        ):
            return Relief(f"shorten the {span}", " by up to half", "a shorter time limit")
        # "the 14-day cancellation period ... by up to another 14 days"
        hyphened = re.fullmatch(r"(\S+)-(\w+?)s?", figure)
        more = f"{hyphened.group(1)} {hyphened.group(2)}s" if hyphened else span
        return Relief(f"extend the {span}", f" by up to another {more}", f"more than the {span}")
    count = _COUNT.search(text)
    if count:
        return Relief(
            f"allow one more than the limit in {subject}",
            "",
            f"one more than the limit in {subject}",
        )
    for pattern, action, ask in _WAYS_BEFORE:
        # proof the rule asks for, not a photo or video it forbids ("may not photograph")
        if pattern.search(text) and (
            pattern is not _PROOF or (_ASKS_FOR.search(text) and not _SPARED_PROOF.search(text))
        ):
            return Relief(action.format(who=who), "", ask)
    permission = _permission(text, who)
    if permission:
        return Relief(permission, "", f"staff to {permission}", asks_staff=True)
    for pattern, action, ask in _WAYS_AFTER:
        # quiet hours or a curfew are no service the customer could have at another time
        if pattern is _HOURS and re.search(
            r"\b(?:quiet|silence|curfew|lights[- ]out|noise)\b", text, re.I
        ):
            continue
        if pattern.search(text):
            return Relief(action.format(who=who), "", ask)
    # an item of a list of what is forbidden: "driving on gravel or other unpaved roads;", or
    # what the customer may not do ("Guests may not: play music from their own phones")
    item = _clipped(text.rstrip(" ;,."), at_least=2)
    if (
        lead_in
        and _FORBIDDING.search(lead_in)
        and 2 <= len(item.split()) <= 24
        and not _cut_to_bare(text.rstrip(" ;,."), item)
        # what staff must never do ("Agents must never: charge a customer any fee") is theirs,
        # not the customer's to be let do
        and not _STAFF_LEAD.match(lead_in)
    ):
        if re.match(r"[a-z]+ing\b", item):
            return Relief(f"allow {item}", " once", f"staff to allow {item}", asks_staff=True)
        if re.search(rf"\b{_NOT}\s*[:\-–]\s*$", lead_in, re.I) and item[:1].islower():
            return Relief(
                f"let the {who} {item}", " once", f"staff to let them {item}", asks_staff=True
            )
        # "Riders may not bring any of the following into a vehicle: bicycles, surfboards"
        verb = re.search(
            rf"\b{_NOT}\s+(?P<verb>bring|take|use|carry|keep|store|wear|leave|park|play)\s+"
            r"(?:any\s+of\s+)?the\s+following\b(?P<rest>[^:]{0,40}):\s*$",
            lead_in,
            re.I,
        )
        if verb and not _CUSTOMER_SUBJECT.match(item) and not _STAFF_LEAD.match(lead_in):
            act = f"{verb.group('verb').lower()} {item}{verb.group('rest').rstrip()}"
            return Relief(
                f"let the {who} {act}", " once", f"staff to let them {act}", asks_staff=True
            )
    # a charge the rule names without an amount: "Fees are charged for every booked day"; not
    # one it says is not made ("No guest ... will be charged for a replacement key")
    if (
        kind
        and not deposit
        and not returned
        and _CHARGED.search(text)
        and not re.search(
            r"\b(?:not|never|no)\b[^.;]{0,12}\b(?:be\s+)?(?:charged|billed)\b|\bfree of charge\b|"
            r"\bno (?:[\w-]+ )?(?:charge|fee)\b|\bno\s+[\w-]+\b[^.;]{0,60}\bwill be charged\b",
            text,
            re.I,
        )
    ):
        noun = _CHARGE_NAMES.get(kind.group(1).lower(), kind.group(1).lower())
        return Relief(f"waive the {noun}", " once", f"the {noun} to be waived")
    # a refund the rule refuses: the customer keeps what they paid for as a credit
    if _NO_REFUND.search(text):
        return Relief("give a credit for the unused part", "", "a credit for the unused part")
    return Relief(
        f"make one exception to {subject}", "", f"an exception to {subject}", whole_rule=True
    )


_STAFF_LEAD = re.compile(
    r"\s*(?:(?:all|our|the)\s+)?(?:[\w-]+\s+){0,2}?(?:staff|colleagues?|employees?|agents?|operators?|"
    r"crews?|technicians?|cashiers?|receptionists?|team members?|advisers?|advisors?)\s+(?:may|must|shall|"
    r"are|will|should|do|cannot|can)\b",
    re.I,
)
_FORBIDDING = re.compile(
    r"\b(?:not|never|no)\b[^.]{0,60}[:\-–]\s*$|\b(?:prohibited|forbidden|not (?:permitted|allowed))\b",
    re.I,
)
_CHARGED = re.compile(
    r"\b(?:charged|payable|applies|apply|is due|are due|is billed|are billed|is forfeited|are forfeited|"
    r"mandatory|must (?:be )?pa(?:y|id))\b",
    re.I,
)
_NO_REFUND = re.compile(
    r"\b(?:not|never)\s+(?:be\s+)?refund(?:ed|able)\b|\bnon-?refundable\b|\bwithout (?:a |any )?refund\b|"
    # "receives no discount or refund", "will not be given a refund or an exchange"
    r"\bno (?:[\w-]+ (?:or|and) )?refunds?\b|\b(?:not|never) (?:be )?given (?:a |any )?refunds?\b|"
    r"\b(?:don't|do not|does not|doesn't|won't|will not|cannot)\s+(?:give|offer|issue|make|"
    r"provide|pay)\s+(?:any\s+)?refunds?\b",
    re.I,
)


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
    "subscriber",
    "borrower",
    "traveller",
    "participant",
    "inmate",
)
# a member who is not the customer: "family members", "a staff member"
_NOT_THE_CUSTOMER = r"(?<!family )(?<!staff )(?<!team )(?<!crew )(?<!board )(?<!household )"


def _customer(text: str) -> str:
    lowered = text.lower()
    counts = {w: len(re.findall(rf"{_NOT_THE_CUSTOMER}\b{w}s?\b", lowered)) for w in _CUSTOMERS}
    best = max(counts, key=lambda w: counts[w])
    return best if counts[best] else "customer"


# What the rule forbids, in its own words, turned into what staff may allow once: "Operators
# may not help riders lift strollers" gives "help riders lift strollers"; "Marked-down items
# cannot be returned or exchanged" gives "allow marked-down items to be returned or exchanged".
_STOP_AT = re.compile(
    r"\s*(?:[;()]|:(?!\d)|,(?=\s|$)|(?<!\.[a-zA-Z])\.(?=\s|$)|\b(?:even|unless|except|without|including|(?:or )?for any(?: other)? reason|of any (?:value|amount|kind|size|sort)|also|at any time|under any|in any "
    r"circumstances|whatever|regardless|however|because|as|so|and there|or (?:be|to)|but|instead|"
    r"only|solely|never|not|no|who|which|whose|that (?=(?:is|are|was|were|has|have|will|would)\b)|until|before|after|if|when|while|during|once|and (?:[\w'-]+\s+){0,4}?(?:is|are|was|were|must|will|may|shall|should|can|cannot|does|do))\b)",
    re.IGNORECASE,
)
_NOT = (
    r"(?:(?:shall|will|must|may) not be (?:permitted|allowed) to|"
    r"may not|must not|cannot|can't|can not|are not (?:permitted|allowed) to|is not (?:permitted|"
    r"allowed) to|are not to|is not to|do not|does not|will not|won't|shall not|never|"
    # staff without the power to do it: "Reception staff have no authority to waive fees"
    r"ha(?:ve|s) no (?:authority|discretion|power|mandate) to|(?:are|is) not (?:authori[sz]ed|"
    r"empowered) to)"
)
_STAFF_NOUN = (
    r"(?:staff|colleagues?|employees?|advisers?|advisors?|agents?|operators?|drivers?|"
    r"negotiators?|cashiers?|receptionists?|consultants?|personnel|clerks?|attendants?|we|(?-i:[A-Z][\w&-]*)(?:\s+(?-i:[A-Z][\w&-]*)){0,2}|"
    r"(?:the\s+)?(?:[\w-]+\s+){1,3}(?:staff|team(?: members?)?|agents?|advisers?|consultants?|"
    r"personnel|clerks?|attendants?))"
)
_ADJECTIVE_VERBS = {
    "refundable": "refund",
    "transferable": "transfer",
    "transferrable": "transfer",
    "returnable": "return",
    "exchangeable": "exchange",
    "negotiable": "negotiate",
    "extendable": "extend",
}
_PERMISSIONS = (
    # the customer forbidden to act: "Guests may not bring their own cake"
    (
        re.compile(
            rf"^\s*(?:the\s+|a\s+|an\s+)?(?P<subject>{'|'.join(_CUSTOMERS)}|anyone|people|visitor)s?\s+"
            # "who ...", or what befell them: "A visitor refused entry for the dress code shall
            # not be permitted to change clothes and return"
            rf"(?:(?:who|whose|refused|turned|found|caught|asked|sent)\s+[^,.;]{{1,50}}?\s+)?"
            rf"(?:{_NOT})\s+(?P<vp>[a-z][\w'-]*[\s,].*)",
            re.I,
        ),
        "let the {who} {vp}",
    ),
    # the organisation or its staff forbidden to act: "Staff may not speak to a spouse"
    (re.compile(rf"^\s*(?:{_STAFF_NOUN})\s+{_NOT}\s+(?P<vp>[a-z][\w'-]*[\s,].*)", re.I), "{vp}"),
    # a thing that cannot be done: "The limit cannot be raised", "Items are not refunded"
    (
        re.compile(
            r"^\s*(?P<np>(?:[\w'\"“”-]+,?\s+){0,11}?[\w'\"“”-]+)\s+(?:cannot|can not|may not|must not|will not|"
            r"won't|shall not|are not|is not|are never|is never)\s+(?:be\s+)?(?P<pp>[a-z]+ed|[a-z]+en|"
            r"paid|sent|held|kept|made|given|sold|brought|taken|shown|told|seen)\b(?P<rest>.*)",
            re.I,
        ),
        "allow {np} to be {pp}{rest}",
    ),
    (
        re.compile(
            r"^\s*(?P<np>(?:[\w'$£€-]+\s+){0,6}?[\w'-]+)\s+(?:are|is)\s+(?:not\s+|never\s+|non-?)"
            r"(?P<adj>refundable|transferr?able|returnable|exchangeable|negotiable|extendable)\b(?P<rest>.*)",
            re.I,
        ),
        "{adj} {np}{rest}",
    ),
    # things turned back: "Hardcover books and used books will be refused"
    (
        re.compile(
            r"^\s*(?P<np>(?:[\w'\"“”-]+,?\s+){0,9}?[\w'\"“”-]+)\s+(?:will be|shall be|must be|are|is|get)\s+"
            r"(?:always\s+)?(?:refused|rejected|declined)\b(?P<rest>.*)",
            re.I,
        ),
        "accept {np}{rest}",
    ),
    # "No food or drink may be brought into the store"
    (
        re.compile(
            r"^\s*No\s+(?P<np>(?:[\w'-]+\s+){0,5}?[\w'-]+)\s+(?:(?:may|can|will|is to|are to|shall)\s+be|"
            r"is|are)\s+(?:ever\s+)?"
            r"(?P<pp>[a-z]+ed|[a-z]+en|paid|sent|held|kept|made|given|sold|brought|taken|shown)\b(?P<rest>.*)",
            re.I,
        ),
        "allow {np} to be {pp}{rest}",
    ),
)


# Words that say the words before a prohibition are a clause, not what it forbids
_NOT_IN_A_SUBJECT = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "has",
        "have",
        "who",
        "that",
        "may",
        "must",
        "can",
        "will",
        "shall",
        "should",
        "only",
    ]
)


# Where clipping left only "anyone" of "anyone who is not a borrower": the words that said who
# were cut, and what is left means nothing.
_BARE_END = re.compile(
    r"\b(?:anyone|anybody|anything|someone|somebody|something|everyone|everybody|everything|"
    r"any|those|others?|people|persons?)\s*$",
    re.I,
)


def _cut_to_bare(whole: str, kept: str) -> bool:
    cut = len(re.findall(r"\w+", kept)) < len(re.findall(r"\w+", whole))
    return cut and bool(_BARE_END.search(kept))


def _clipped(words: str, *, at_least: int) -> str:
    """The words up to the first that ends what is forbidden, past a lone word before a comma
    ("open, plug in or test any item" is kept whole), less a preposition left dangling ("the
    month in" of "the month in which")."""
    kept = _clipped_at_stop(words, at_least=at_least)
    return re.sub(r"\s+(?:in|of|on|at|for|to|by|with|from|during|after|before)\s*$", "", kept)


def _clipped_at_stop(words: str, *, at_least: int) -> str:
    # a clause of its own after ", and": "refund in cash, and refunds to another card are not"
    joined = re.search(
        r",\s+and\s+(?:[\w'-]+\s+){0,10}?(?:is|are|was|were|must|will|may|shall|can|cannot|does|do)\b",
        words,
    )
    if joined:
        words = words[: joined.start()]
    stops = list(_STOP_AT.finditer(words))
    for i, stop in enumerate(stops):
        kept = words[: stop.start()]
        if stop.group(0).strip() != ",":
            return kept
        following = words[stop.end() : stops[i + 1].start() if i + 1 < len(stops) else None]
        # a comma inside a list ("a spouse, partner or relative") does not end it
        if len(kept.split()) >= max(at_least, 1) and not re.search(r"\b(?:or|and)\b", following):
            return kept
    return words


# A rule's own number or heading before its first word: "GS-5.3 ", "C.2 ", "(1) ", "- ",
# "**Sec. 6.2 Goodwill credits.** "
_NUMBER = re.compile(
    r"^\s*(?:\*\*[^*]{1,80}\*\*|\((?:\d{1,3}|[a-z]{1,2})\)|[-*•]|"
    r"(?:(?:Sec(?:tion)?|Art(?:icle)?|Rule|Clause|§)\.?\s*)?(?:[A-Z]{1,4}[-.]?)?\d+(?:\.\d+)*[.)]?)"
    r"\s+(?=[A-Z])"
)


# What a relief never lets staff do, whatever the rule's wording: act on a person rather than
# for them ("asked to leave", "treated differently", "stay alone with a student"), take from
# them ("disconnect", "evict", "require a guarantor"), or take payment for themselves. A rule
# that forbids these protects the customer, and the way out of it is no relief.
_DONE_TO_A_PERSON = re.compile(
    r"\b(?:alone|punish\w*|humiliat\w*|force|forcibly|restrain\w*|shout\w*|touch\w*|hit|strike|"
    r"search\w*|detain\w*|lock\w*|disable\w*|disconnect\w*|switch\w* off|cut\w* off|evict\w*|"
    r"repossess\w*|remov\w*|requir\w*|demand\w*|pressur\w*|threaten\w*|retaliat\w*|"
    r"treat\w*|asked to leave|prevent\w*|discriminat\w*|tips?|bribes?|gifts?|personal payments?|"
    r"carried out|left (?:alone|behind|at)|leave (?:a|the|any) \w+ (?:alone|behind|at))\b",
    re.I,
)
_PEOPLE = re.compile(
    rf"(?:(?:the|a|an|any|all|our|your|every|each)\s+)?(?:[\w-]+\s+)?(?:{'|'.join(_CUSTOMERS)}|child|children|kids?|bab(?:y|ies)|infants?|pupils?|minors?|"
    r"persons?|people|family members?|relatives?|learners?|anyone|no one|nobody)s?\b",
    re.I,
)


_CUSTOMER_SUBJECT = re.compile(
    rf"^\s*(?:the\s+|a\s+|an\s+|all\s+|any\s+)?(?:{'|'.join(_CUSTOMERS)}|students?|children|pupils?|"
    r"kids?|parents?)s?\s+(?:who\b|must|may|can|cannot|can't|shall|will|won't|are|is|do|does|don't|"
    r"should|never)\b",
    re.I,
)


def _permission(text: str, who: str) -> str | None:
    """What the rule's first prohibition forbids, as something staff may allow once (`text`
    comes without the rule's own number, which `_relief` takes off)."""
    sentences = re.split(r"(?<=[.;])\s+", text)
    # a prohibition joined on to what the rule requires: "Books must be bought from the school,
    # and books bought elsewhere are not accepted"
    clauses = [c for s in sentences for c in re.split(r",\s+and\s+", s)[1:]]
    for i, sentence in enumerate([*sentences, *clauses]):
        sentence = re.sub(r"^\s*(?:\(\d+\)|\*\*[\w.-]+\*\*)\s*", "", sentence)
        # "Credit notes are personal. They cannot be transferred": "they" is the credit notes
        pronoun = re.match(r"(?:It|They)\b", sentence)
        before = pronoun and re.match(
            r"^\s*(?:your|the|our|all|each|every|an?)?\s*((?:[\w'-]+\s+){0,3}?[\w'-]+)\s+(?:is|are)\b",
            sentences[i - 1] if 0 < i < len(sentences) else "",
            re.I,
        )
        if pronoun and before:
            sentence = f"The {before.group(1).lower()}{sentence[pronoun.end() :]}"
        # the second half of a rule, after its semicolon: "...; and books bought elsewhere are not
        # accepted"
        sentence = re.sub(r"^(?:and|but|so)\s+", "", sentence)
        # an aside inside the subject: "Cheques and foreign currency, including US dollars, are"
        sentence = re.sub(
            r",\s*(?:in whole or in part|in part or in whole|wholly or partly)\s*,|"
            r",\s*(?:including|such as|for example|e\.g\.|even if|even when|even though)"
            r"(?:[^.;]{0,80}?\bor\b[^,.;]{0,30}|[^,]{0,60}),",
            "",
            sentence,
        )
        for pattern, template in _PERMISSIONS:
            found = pattern.match(sentence)
            if not found:
                continue
            if template == "{vp}" and _CUSTOMER_SUBJECT.match(sentence):
                continue  # "Students must not distract the driver": customers, not staff
            parts = {}
            bare = False
            for name, value in found.groupdict().items():
                if name in ("vp", "rest"):
                    whole, value = value, _clipped(value, at_least=2 if name == "vp" else 0)
                    bare = bare or _cut_to_bare(whole, value)
                parts[name] = (" " if value[:1].isspace() else "") + " ".join(value.split())
            if "np" in parts:
                np = parts["np"]
                words = np.lower().split()
                if (
                    not words
                    or words[0] in ("we", "it", "they", "this", "there", "where", "when", "if")
                    or set(words) & _NOT_IN_A_SUBJECT
                    # "prams and strollers", but not "the fee is set and it"
                    or ("and" in words and len(words) > 9 and "," not in np)
                ):
                    continue
                first, *rest = np.split()
                # an acronym keeps its capitals, and so does a name ("Wrenfield Extended Care
                # plans"): the word after it is capitalised too
                named = bool(rest) and rest[0][:1].isupper()
                if (not first.isupper() or len(first) == 1) and not named:
                    np = np[0].lower() + np[1:]
                if words[-1] in ("exception", "exceptions", "change", "changes"):
                    continue
                parts["np"] = np
            if "adj" in parts:
                parts["adj"] = _ADJECTIVE_VERBS[parts["adj"].lower()]
                # "... are non-refundable and expire at the end of the term": the rest of the
                # sentence says something else
                parts["rest"] = re.split(r"\s+and\s+", parts.get("rest", ""))[0]
            if bare:
                continue  # "have anyone" of "have anyone who is not a borrower ... seated"
            if "vp" in parts and (
                len(parts["vp"].split()) < 2
                or re.match(r"(?:be|depart|deviate|make)\b", parts["vp"], re.I)
            ):
                continue
            # what is done to a person, or to a thing done to them, is no relief to lift
            acted = " ".join(" ".join(parts.get(k, "") for k in ("vp", "pp", "rest")).split())
            if _DONE_TO_A_PERSON.search(acted):
                continue
            if "pp" in parts and _PEOPLE.match(parts.get("np", "").strip()):
                continue  # "No resident will be asked to leave": the person is the one protected
            if template.startswith("accept ") and (
                _PEOPLE.search(parts["np"]) or re.search(r"\b(?:aged|who)\b", parts["np"], re.I)
            ):
                continue  # "Renters aged 18 to 20 are refused": people are not let in as things
            if parts.get("np", "").strip().lower() in ("refund", "refunds"):
                template = "give a refund{rest}"  # "No refund is made for the unused days"
            elif parts.get("pp", "").lower() in ("accepted", "refunded"):
                # "accept screenshots", not "allow screenshots to be accepted"
                template = f"{parts['pp'].lower()[:-2]} {{np}}{{rest}}"
                # "refund such cost", not "refund such cost or credited to the applicant": what
                # follows a second verb is that verb's
                if re.match(
                    r"\s*,?\s*(?:or|and)\s+(?:be\s+)?[a-z]+(?:ed|en)\b", parts.get("rest", "")
                ):
                    parts["rest"] = ""
            if parts.get("pp", "").lower() in ("allowed", "permitted"):
                if parts["rest"].startswith(" to "):
                    continue  # "Colleagues are not permitted to open ...": staff forbidden
                template = "allow {np}{rest}"
            # the customer the rule names ("Tenants may not book the guest suite": the tenant)
            subject = parts.pop("subject", "").strip().lower()
            person = subject if subject not in ("", "anyone", "people") else who
            action = template.format(who=person, **parts).strip(" ,")
            # what is forbidden in any amount is allowed once, in one: "may not offer any
            # discount" gives "offer a discount", not "offer any discount"
            action = re.sub(
                r"\bany (?!other\b|more\b|further\b|of\b)(?=(\w))",
                lambda m: "an " if m.group(1).lower() in "aeiou" else "a ",
                action,
            )
            if 2 <= len(action.split()) <= 24:
                return action
    return None


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
                return _the(role)
    senior = [r for r in roles if SENIOR.search(r) and r.lower() not in exclude.lower()]
    return _the(senior[0]) if senior else ROLE_GAP


def _the(role: str) -> str:
    """ "the Store Manager", but "Head Office", which is a place as much as a role."""
    return role if re.match(r"(?:Head|Central) Office\b", role) else f"the {role}"


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


def _help_around(data: DraftInput, text: str, cited: list[CitedComplaint]) -> DraftAnswer:
    """A rule resting on law, safety or a customer protection stays word for word; what the
    draft adds is help to meet it, read from what the rule asks (a charge told in advance, a
    deadline reminded of, the documents that count), never a way round it. A rule whose
    demand the drafter cannot read is reported as one it cannot improve."""
    rule = data.rule
    who = _customer(f"{rule.lead_in or ''} {text}")
    help_ = _help(_relief(text, who, rule.number, rule.lead_in), who, text)
    if help_ is None:
        return _cannot_improve(data, text, cited)
    why = _why_kept(data)
    staff = _staff(text, data.context)
    role = _role(text, data.context, data.roles, exclude=staff)
    situation = _situation(data.complaints, cited)
    shown = (
        f"complaint {cited[0].complaint_id} shows {_a(who)} who {situation.short.format(who=who)} "
        "caught out by it"
        if cited and situation is not FIRST_TIME
        else f"complaint {cited[0].complaint_id} shows {_a(who)} caught out by it"
        if cited
        else "no complaint given is clearly about it"
    )
    return DraftAnswer(
        proposed=f"{text} {_acts(staff, help_)}.",
        purpose=f"The rule stays as written: {why}. The draft adds help for customers to meet it.",
        default=f"The rule applies as written, and {_a(who)} hears about it before it applies.",
        discretion=f"None over the rule itself: {_acts(staff, 'help').lower()} the {who} meet it.",
        escalation=_capital(
            f"{role} answers questions about the rule that go beyond staff."
            if role != ROLE_GAP
            else f"No role for questions beyond that is named in this section: {ROLE_GAP}."
        ),
        legal_basis=rule.legal_basis,
        rationale=(
            f"The built-in drafter keeps this rule word for word because {why}; {shown}, so "
            "it adds help to meet the rule and nothing that changes it."
        ),
        origin=None,
        citations=cited,
    )


def _why_kept(data: DraftInput) -> str:
    rule = data.rule
    if rule.legal_basis:
        return f"it rests on {rule.legal_basis}"
    if rule.possible_basis:
        return f"it probably rests on {rule.possible_basis}"
    return "it protects customers"


def _help(relief: Relief, who: str, text: str) -> str | None:
    """Help to meet what the rule asks, from the relief the drafter would offer on a rule it
    may change: the same charge, deadline or demand, told or reminded of, not moved."""
    action = relief.action
    if action.startswith("waive the "):
        charge = action.removeprefix("waive the ")
        return f"tell every {who} about the {charge} before it applies, in writing if they ask"
    moved = re.match(r"(?:shorten|extend) the (.+)$", action)
    if moved:
        # a deadline the customer must meet, not a time they are kept or must wait
        span = moved.group(1)
        at = text.find(span.split()[0])
        if re.search(
            r"\b(?:within|before|in advance|notice|no later than|every|renew\w*|expir\w*)\b",
            text[max(0, at - 30) : at + len(span) + 20],
            re.I,
        ):
            return (
                f"make sure every {who} knows about the {span} in good time, and remind them "
                "before it runs out"
            )
        return None
    other = re.match(r"accept other (?:reasonable )?(.+)$", action)
    if other:
        what = "documents" if other.group(1) == "proof" else other.group(1)
        counts = "count" if what.endswith("s") else "counts"
        return f"tell every {who} in advance which {what} {counts}, and help them find it"
    if action.startswith("accept the request another way") and re.search(
        r"\b(?:request|appl|book|submit|lodg|order|report|claim|complain|renew|register)\w*",
        text,
        re.I,
    ):
        return f"help any {who} who needs it to make the request the way the rule asks"
    return None


def _acts(staff: str, phrase: str) -> str:
    """ "Staff tell ...", "The pharmacist tells ...": the phrase's first word, a verb, agrees
    with who does it."""
    verb, _, rest = phrase.partition(" ")
    if not (staff == "staff" or staff.endswith("s")):
        verb += "s"
    return " ".join(part for part in (_capital(staff), verb, rest) if part)


def _cannot_improve(data: DraftInput, text: str, cited: list[CitedComplaint]) -> DraftAnswer:
    why = _why_kept(data)
    return _as_written(
        data,
        text,
        cited,
        purpose=f"The rule stays as written: {why}.",
        rationale=(
            f"The built-in drafter cannot improve this rule without loosening it, because {why}. "
            "A reviewer may still add an explanation for customers or another way to meet it."
        ),
    )


def _no_bounded_relief(
    data: DraftInput, text: str, cited: list[CitedComplaint], situation: Situation
) -> DraftAnswer:
    """Nothing in the rule (a figure, a charge, a channel, a document, a time) bounds an
    exception, and an exception to the whole rule would set aside whatever it carries: the rule
    is reported as one the drafter cannot improve, with the case a reviewer might answer."""
    if not cited:
        case = "No complaint given is clearly about this rule. "
    elif situation is FIRST_TIME:
        case = f"Complaint {cited[0].complaint_id} is about this rule. "
    else:
        case = (
            f"Complaint {cited[0].complaint_id} shows the rule blocking a reasonable request "
            f"({situation.name}). "
        )
    return _as_written(
        data,
        text,
        cited,
        purpose="The rule stays as written: nothing in it bounds an exception.",
        rationale=(
            f"{case}The built-in drafter reads no figure, charge, channel, document or time in "
            "the rule that an exception could be bounded by, and an exception to the whole rule "
            "would set aside whatever it carries; a reviewer can say what staff may do in that case."
        ),
    )


def _as_written(
    data: DraftInput, text: str, cited: list[CitedComplaint], *, purpose: str, rationale: str
) -> DraftAnswer:
    """The rule left as it is, with why, for a reviewer: nothing changes for anyone."""
    return DraftAnswer(
        proposed=text,
        purpose=purpose,
        default="Unchanged.",
        discretion="None: staff apply the rule as written.",
        escalation="Unchanged.",
        legal_basis=data.rule.legal_basis,
        rationale=rationale,
        origin=None,
        citations=cited,
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"
