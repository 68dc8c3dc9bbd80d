"""Sentence-level phrasing rules of the built-in drafter.

Each rule turns one way of saying "no" into a default the customer can rely on, using the
sentence's own words: "Customers may not X" becomes "Customers can X", "No X is given"
becomes "X is given", "only as A, never as B" becomes "as A, or as B, as the customer
prefers". The rules are plain regular expressions, so the output is deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- words -------------------------------------------------------------------------------

CUSTOMER_WORDS = (
    r"customers?|patients?|passengers?|members?|guests?|visitors?|clients?|callers?|tenants?|"
    r"account holders?|cardholders?|applicants?|students?|residents?|travell?ers?|users?|"
    r"subscribers?|policyholders?|claimants?|occupiers?|parents?|diners?|shoppers?|buyers?|"
    r"borrowers?|homeowners?|householders?|consumers?|pupils?|riders?|commuters?|you"
)
STAFF_WORDS = (
    r"staff|colleagues?|advisers?|advisors?|agents?|team members?|employees?|drivers?|"
    r"engineers?|technicians?|installers?|receptionists?|crew|officers?|nurses?|clinicians?|"
    r"cashiers?|tellers?|stewards?|attendants?|porters?|instructors?|trainers?|operators?|"
    r"representatives?|handlers?|assistants?|wardens?|inspectors?|dispatchers?"
)
_ORG_WORDS = r"we|us|our company|the company|the organisation|the business"

_SUBORDINATORS = re.compile(
    r"\b(?:that|which|who|whom|whose|if|when|whenever|where|unless|because|since|although|"
    r"though|while|whether)\b",
    re.I,
)
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|do|does|did|can|will|may|must|shall|should|would|"
    r"could|\w+ed)\b",
    re.I,
)
_NOT_A_VERB = {
    "the", "a", "an", "this", "these", "those", "their", "his", "her", "its", "our", "your",
    "my", "they", "we", "you", "he", "she", "it", "there", "not", "any", "all", "each",
    "every", "no", "some", "one", "two", "three",
}  # fmt: skip

MASS_NOUNS = {
    "food", "drink", "water", "credit", "cash", "money", "information", "advice", "access",
    "help", "luggage", "baggage", "equipment", "furniture", "evidence", "alcohol", "tolerance",
    "compensation", "interest", "consent", "treatment", "support", "assistance", "insurance",
    "cover", "feedback", "time", "notice", "space", "room", "travel", "entry", "admission",
    "service", "data", "proof", "identification", "id", "photography", "contact", "mail",
    "post", "correspondence", "noise", "music", "gas", "electricity", "power", "heating",
    "goodwill", "security", "transport", "storage", "flexibility", "discretion", "smoking",
    "parking", "liability", "authority", "reimbursement", "pay", "postage", "delivery",
    "wifi", "wi-fi", "internet", "accommodation", "bedding", "clothing", "footwear",
}  # fmt: skip

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
}  # fmt: skip
NUMBER = r"(?:\d[\d,]*(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
MONEY = r"[£$€]\s?\d+(?:,\d{3})*(?:\.\d+)?"

_MARK = "\x00"  # where a "no" was turned into a "yes": the clause's conditions follow it


# --- small grammar helpers ---------------------------------------------------------------


def third_person(verb: str) -> str:
    """The verb as it goes after "it": accept -> accepts, apply -> applies."""
    irregular = {"have": "has", "be": "is", "do": "does", "go": "goes"}
    low = verb.lower()
    if low in irregular:
        return irregular[low]
    if re.search(r"(?:s|sh|ch|x|z|o)$", low):
        return verb + "es"
    if re.search(r"[^aeiou]y$", low):
        return verb[:-1] + "ies"
    return verb + "s"


def base_form(verb: str) -> str:
    """The plain verb from a third-person or -ing form: gives -> give, sitting -> sit."""
    low = verb.lower()
    irregular = {"lying": "lie", "dying": "die", "tying": "tie", "has": "have", "is": "be",
                 "does": "do", "goes": "go", "changing": "change", "arranging": "arrange",
                 "charging": "charge", "being": "be",
        "writing": "write", "having": "have"}  # fmt: skip
    if low in irregular:
        return irregular[low]
    if low.endswith("ing") and len(low) > 5:
        stem = low[:-3]
        if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] in "bdgmnprt":
            return stem[:-1]
        if stem.endswith(("v", "dg", "rc", "nc", "ac", "uc", "ic")) or (
            len(stem) <= 4
            and re.search(r"[^aeiou][aeiou][^aeiouwxy]$", stem)
            and not stem.endswith(("en", "er", "on", "el", "it", "et", "al", "ol"))
        ):
            return stem + "e"
        return stem
    if re.search(r"[^aeiou]ies$", low):
        return low[:-3] + "y"
    if re.search(r"(?:sses|shes|ches|xes|zes|oes)$", low):
        return low[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return low[:-1]
    return low


def with_article(phrase: str) -> str:
    """Put "a"/"an" before a singular countable noun phrase that lost its "no"."""
    words = phrase.split()
    if not words:
        return phrase
    head = re.split(
        r"\s+(?:or|and|of|for|to|on|in|at|from|with|while|during|under|until)\b|,", phrase
    )[0]
    head_word = head.split()[-1].lower().strip(",.;:") if head.split() else ""
    if words[0].lower() == "other":
        return "another " + " ".join(words[1:])
    if (
        head_word in MASS_NOUNS
        or head_word.endswith("ing")
        or is_plural(head_word)
        or words[0].lower() in {"further", "more", "additional", "extra"}
    ):
        return phrase
    article = (
        "an"
        if re.match(r"[aeiou]", words[0], re.I)
        and not re.match(r"(?:uni|use|eu|one)", words[0], re.I)
        else "a"
    )
    return f"{article} {phrase}"


def is_plural(word: str) -> bool:
    low = word.lower()
    return (
        low.endswith("s") and not low.endswith(("ss", "us", "is", "ous")) and low not in MASS_NOUNS
    ) or low in {"people", "children", "staff", "police"}


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def tidy(text: str) -> str:
    """Repair the spacing and punctuation that deleting words leaves behind."""
    text = text.replace(_MARK, "")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"[,;:]\s*\.", ".", text)
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\b(a|an|the) (a|an|the)\b", r"\2", text, flags=re.I)
    text = re.sub(r"\ba ([aeio])", lambda m: "an " + m.group(1), text)
    text = re.sub(r"\ban ([b-df-gj-np-tv-z])", lambda m: "a " + m.group(1), text)
    text = text.strip(" ,;:")
    if text and text[-1] not in ".!?":
        text += "."
    return capitalise(text)


def _in_subordinate_clause(text: str, start: int) -> bool:
    """True when the words at `start` belong to an "if/that/who..." clause, not the main one.

    "A reminder that was not sent ... does not excuse": the first "not" is the relative
    clause's own verb; the second comes after that clause has its verb, so it is the main one.
    """
    clause_start = max(text.rfind(ch, 0, start) for ch in ",;:") + 1
    prefix = text[clause_start:start]
    found = list(_SUBORDINATORS.finditer(prefix))
    if not found:
        return False
    last = found[-1]
    tail = prefix[last.end() :].strip()
    if not tail:
        return True
    words = tail.split()
    if last.group(0).lower() in {"who", "which", "that"} and words[0].lower() not in _NOT_A_VERB:
        return False
    return _FINITE.search(tail) is None


def actor_of(text: str, start: int) -> str:
    """Who the clause ending at `start` is about: customer, staff, org or thing."""
    clause_start = max(text.rfind(ch, 0, start) for ch in ",;:") + 1
    subject = re.split(r"\b(?:and|but|or)\b", text[clause_start:start].lower())[-1]
    subject = re.sub(r"\b(?:who|that|which)\b.*", "", subject)
    if re.search(rf"\b(?:{STAFF_WORDS})\b", subject):
        return "staff"
    if re.search(rf"\b(?:{CUSTOMER_WORDS})\b", subject) or re.search(
        r"\b(?:nobody|no one|someone|anyone|everyone|people)\b", subject
    ):
        return "customer"
    if re.search(rf"\b(?:{_ORG_WORDS})\b", subject):
        return "org"
    return "thing"


# --- the phrasing rules ------------------------------------------------------------------


@dataclass
class Rewrite:
    """One sentence after the phrasing rules ran on it."""

    text: str
    changed: bool = False  # a prohibition or burden now reads as a default
    narrowed: bool = False  # an "only" was dropped: say what other way works
    burden: bool = False  # a "must" became a "can": say what other way works


_ABSOLUTE_SENTENCES = re.compile(
    r"^(?:there\s+(?:are|is|will be)\s+no\s+exceptions?\b|no\s+exceptions?\s+(?:are|is|will be|can be|may be)\s+(?:made|allowed|given|granted))",
    re.I,
)
_ABSOLUTES = [
    r",?\s*(?:and\s+)?there\s+(?:are|is|will be)\s+no\s+exceptions?(?:\s+to\s+(?:this|the)\s+rule)?",
    r",?\s*(?:and\s+)?no\s+exceptions?\s+(?:are|is|will be|can be)\s+(?:made|allowed|given|granted)",
    r",?\s*(?:without|with no)\s+exceptions?",
    r",?\s*(?:for\s+any\s+\w+\s+or\s+)?(?:in|under)\s+(?:any|all)\s+circumstances",
    r",?\s*whatever\s+the\s+[^,.;]*",
    r",?\s*regardless\s+of\s+[^,.;]*",
    r",?\s*however\s+(?:long|short|small|large|much|many|good|serious)\s+[^,.;]*",
    r",?\s*for\s+any\s+reason(?:\s+whatsoever)?",
    r",?\s*even\s+temporarily",
    r"\s+of\s+any\s+(?:kind|value|sort|type|amount)",
    r"\bstrictly\s+",
    r",?\s*not\s+(?:merely|just|simply)\s+[^,.;]+,?",
    r",?\s*at\s+all\s+times",
]
_ORIGIN_STORIES = [
    r"^(?:at the request of|on the instructions? of|at the wish of)\s+[^,]+,\s*",
    r"^(?:following|after|because of|due to|in response to)\s+[^,]*\b(?:incidents?|abuse|misuse|complaints?|thefts?|problems?)\b[^,]*,\s*",
    r"^(?:this|that|it)\s+(?:has|have)\s+(?:always\s+)?been\s+(?:the|our)\s+(?:practice|policy|rule|way)\b.*$",
    r",?\s*as\s+has\s+(?:always\s+)?been\s+the\s+practice\b[^,.;]*",
    r",?\s*(?:following|after|due\s+to|because\s+of|in\s+response\s+to)\s+(?:[\w-]+\s+){0,3}?(?:incidents?|abuse|misuse|complaints?|thefts?)\b[^,.;]*",
]
_HEARSAY = [
    r",?\s*(?:as|because|since)\s+[^,;.]*\bfor\s+legal\s+reasons",
    r"^(?:for|because\s+of)\s+legal\s+reasons,?\s*",
    r",?\s*for\s+legal\s+reasons",
    r"[;,]\s*(?:and\s+)?(?:staff|colleagues|we|everyone)\s+(?:believe|understand|think)\s+(?:that\s+)?this\s+is\s+(?:a\s+)?(?:legal|statutory)\s+requirement",
    r",?\s*as\s+(?:is\s+)?required\s+by\s+law",
    r",?\s*(?:because|as)\s+the\s+law\s+says\s+so",
]


def drop_absolutes(sentence: str) -> str:
    """Remove "no exceptions" and "whatever the reason": exceptions go through discretion."""
    if _ABSOLUTE_SENTENCES.search(sentence.strip()):
        return ""
    for pattern in _ABSOLUTES:
        sentence = re.sub(pattern, "", sentence, flags=re.I)
    sentence = re.sub(r",?\s*\beven\s+(?:if|when)\b", " when", sentence, flags=re.I)
    sentence = re.sub(r",?\s*\beven\s+where\b", " where", sentence, flags=re.I)
    return sentence


def drop_origin_stories(sentence: str) -> str:
    """Remove the story of how the rule came about: the origin hypothesis keeps it."""
    for pattern in _ORIGIN_STORIES:
        sentence = re.sub(pattern, "", sentence, flags=re.I)
    return sentence


def drop_hearsay(sentence: str) -> str:
    """Remove claims of a legal requirement that the rule cannot name."""
    for pattern in _HEARSAY:
        sentence = re.sub(pattern, "", sentence, flags=re.I)
    return sentence


_ACTORS = rf"(?:(?:the|our|all|any)\s+)?(?:[\w-]+\s+)?(?:{CUSTOMER_WORDS}|{STAFF_WORDS}|we)"


def unwrap_requests(sentence: str, customer: str) -> tuple[str, bool]:
    """Turn "We kindly ask customers not to X" and "Please do not X" into "Customers can X"."""
    ask = r"^(?:we|staff|the \w+)\s+(?:would\s+)?(?:kindly\s+|politely\s+|respectfully\s+)?(?:ask|request)s?\s+"
    patterns: list[tuple[str, str]] = [
        (ask + r"(?:that\s+)?(?:all\s+)?(?P<who>[\w ,'-]+?)\s+to\s+understand\s+that\s+", ""),
        (ask + r"that\s+(?P<who>[\w ,'-]+?)\s+(?:are|is)\s+not\s+", r"\g<who> can be "),
        (ask + r"that\s+(?P<who>[\w ,'-]+?)\s+(?:do\s+)?not\s+", r"\g<who> can "),
        (ask + r"(?P<who>[\w ,'-]+?)\s+not\s+to\s+", r"\g<who> can "),
        (ask + r"(?P<who>[\w ,'-]+?)\s+to\s+", r"\g<who> can "),
        (r"^please\s+(?:do\s+not|don't|never)\s+", f"{customer}s can "),
        (r"^please\s+refrain\s+from\s+(?P<verb>\w+ing)\b", f"{customer}s can \\g<verb>"),
        (
            rf"^(?P<who>{_ACTORS}(?:\s+and\s+\w+)?)\s+are\s+(?:kindly\s+)?asked\s+not\s+to\s+",
            r"\g<who> can ",
        ),
        (
            rf"^(?P<who>{_ACTORS}(?:\s+and\s+\w+)?)\s+are\s+(?:kindly\s+)?asked\s+to\s+",
            r"\g<who> can ",
        ),
    ]
    for pattern, replacement in patterns:
        match = re.search(pattern, sentence, flags=re.I)
        if match is None:
            continue
        rest = sentence[match.end() :]
        if "verb" in match.groupdict() and match.group("verb"):
            new = f"{customer}s can {base_form(match.group('verb'))}{rest}"
        else:
            new = match.expand(replacement) + rest
        new = re.sub(
            r"\bwithout\s+(\w+ing)\b((?:\s*,\s*\w+ing\b)*(?:\s+(?:or|and)\s+\w+ing\b)?)",
            lambda m: (
                "and "
                + re.sub(r"\w+ing\b", lambda w: base_form(w.group(0)), m.group(1) + m.group(2))
            ),
            new,
        )
        new = re.sub(r"\binstead\b", "if they prefer", new)
        return capitalise(new.strip()), bool(replacement) or "verb" in match.groupdict()
    return sentence, False


def _not_subordinate(match: re.Match[str]) -> bool:
    return not _in_subordinate_clause(match.string, match.start())


def _sub(pattern: str, repl: str | object, text: str) -> tuple[str, bool]:
    """re.sub on main-clause matches only; tells whether anything changed."""
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        if not _not_subordinate(match):
            return match.group(0)
        changed = True
        if callable(repl):
            return str(repl(match))
        return match.expand(str(repl))

    return re.sub(pattern, replace, text, flags=re.I), changed


def open_choices(text: str, customer: str) -> tuple[str, bool]:
    """ "only as A, never as B" -> "as A, or as B, as the customer prefers"."""
    pattern = (
        r"(,|;)?\s*(?:and\s+)?never\s+(as|by|to|in|through|for|on|at|from|with|via|into)\b([^.;]*)"
    )
    return _sub(pattern, rf", or \2\3, as the {customer} prefers", text)


def open_only(text: str) -> tuple[str, bool]:
    """Drop "only"/"solely" and soften "reserved for": the usual way stops being the sole way."""
    changed = False
    for pattern, repl in [
        (r"\b(?:is|are)\s+the\s+only\b", lambda m: m.group(0).replace("only", "usual")),
        (r",?\s+and\s+only\s+(if|when|where|after|once)\b", r" \1"),
        (r"\breserved\s+for\b", "offered first to"),
        (r"\b(?:only|solely|exclusively)\s+", ""),
        (r"\s+only\b", ""),
    ]:
        text, hit = _sub(pattern, repl, text)
        changed = changed or hit
    text = re.sub(r"^only\s+", "", text, flags=re.I)
    return text, changed


def open_limits(text: str) -> tuple[str, bool]:
    """ "limited to three" -> "can cover up to three"; "limited to the identical item" -> "include"."""

    def limited(match: re.Match[str]) -> str:
        verb, rest = match.group(1).lower(), match.group(3)
        if re.match(rf"(?:{NUMBER}|{MONEY}|\d)", rest, re.I):
            actor = actor_of(match.string, match.start())
            return ("can have up to " if actor == "customer" else "can cover up to ") + rest
        if match.group(2).lower() == "restricted":
            return f"{verb} open first to {rest}"
        return ("includes " if verb == "is" else "include ") + rest

    changed = False
    text, hit = _sub(
        rf"\b(is|are)\s+(limited|restricted)\s+to\s+(?:a\s+maximum\s+of\s+|at\s+most\s+)?((?:{NUMBER}|{MONEY}|[\w'-]+)\b)",
        limited,
        text,
    )
    changed |= hit
    for pattern, repl in [
        (r"\b(?:is|are)\s+capped\s+at\b", "can go up to"),
        (r"\ba\s+maximum\s+of\b", "up to"),
        (r"\bno\s+more\s+than\b", "up to"),
        (r"\bno\s+(?:later|longer)\s+than\b", "up to"),
        (r"\bnot\s+more\s+than\b", "up to"),
    ]:
        text, hit = _sub(pattern, repl, text)
        changed |= hit
    return text, changed


def _no_phrase(match: re.Match[str]) -> str:
    """ "No X is/may ..." at the head of a clause -> "X is ..." / "A X may ..."."""
    lead, phrase = match.group(1), match.group(2)
    if phrase.lower().startswith(("one", "-one")):
        return f"{lead}someone"
    return lead + with_article(phrase)


def open_no_determiners(text: str) -> tuple[str, bool]:
    """ "No food may be brought" -> "Food may be brought"; "has no access" -> "has access"."""
    changed = False
    keep = r"(?!(?:charge|fee|cost|extra|additional|obligation|more\b|later\b|longer\b|exceptions?\b|one will)\b)"
    for pattern, repl in [
        (r"\bnobody\b|\bno[- ]one\b", _MARK + "someone"),
        (r"\bnone\s+of\b", "any of"),
        (
            rf"((?:^|[,;:]\s*|\b(?:and|but|so)\s+))no\s+{keep}((?:other\s+)?[\w'-]+(?:\s+(?!(?:is|are|was|were|has|have|may|can|will|shall|must|should|could|would)\b)[\w'-]+){{0,3}}?)(?=\s+(?:is|are|was|were|has|have|may|can|will|shall|must|should|could|would)\b)",
            _no_phrase,
        ),
        (
            rf"\b(has|have|with|gives?|offers?|receives?|gets?|get|there\s+is|there\s+are)\s+no\s+{keep}([\w'-]+(?:\s+(?:or|and)\s+[\w'-]+)?(?:\s+[\w'-]+)?)",
            lambda m: f"{_MARK}{m.group(1)} {with_article(m.group(2))}",
        ),
    ]:
        text, hit = _sub(pattern, repl, text)
        changed |= hit
    return text, changed


_NEGATED_MODAL = (
    r"(?:may|might|will|shall|should|must|could)\s+not\s+be\s+able\s+to|(?:is|are)\s+unable\s+to|"
    r"(?:is|are)\s+not\s+able\s+to|cannot|can\s?not|can't|may\s+not|must\s+not|mustn't|"
    r"shall\s+not|should\s+not|shouldn't|(?:is|are)\s+not\s+to|(?:is|are)\s+never\s+to|"
    r"(?:is|are)\s+not\s+(?:permitted|allowed|authori[sz]ed|entitled)\s+to|"
    r"(?:has|have)\s+no\s+(?:authority|right|permission)\s+to|(?:can|may)\s+no\s+longer|"
    r"(?:must|may|should|will|shall|can)\s+never"
)


def open_modals(text: str) -> tuple[str, bool]:
    """ "may not / cannot / are not permitted to / must never" -> "can"."""
    changed = False
    for pattern, repl in [
        (rf"\b(?:{_NEGATED_MODAL})\b", _MARK + "can"),
        (r"\b(?:will\s+not|won't)\s+be\b", _MARK + "will be"),
        (r"\b(?:will\s+not|won't)\b", _MARK + "can"),
        (
            r"\b(do\s+not|does\s+not|don't|doesn't)\s+(?!(?:need|have\s+to)\b)([a-z]+)\b",
            lambda m: (
                _MARK
                + (
                    third_person(m.group(2))
                    if m.group(1).lower().startswith("does")
                    else m.group(2)
                )
            ),
        ),
    ]:
        text, hit = _sub(pattern, repl, text)
        changed |= hit
    return text, changed


def open_passives(text: str, customer: str) -> tuple[str, bool]:
    """ "are not accepted" -> "are accepted"; "will be declined" -> "will be accepted"."""
    be = r"(is|are|was|were|be|been|will\s+be|can\s+be|may\s+be|shall\s+be|gets?|get)"
    prepositions = (
        r"(?:at|by|for|in|on|to|from|with|and|or|if|unless|until|when|where|because|as|after|"
        r"before|without|while|under|once|\.|,|;|$)"
    )

    def adverse(match: re.Match[str]) -> str:
        aux, verb = match.group(1), match.group(2).lower()
        if match.string[max(0, match.start() - 1) : match.start()] == _MARK:
            return match.group(0)  # "cannot be cancelled" already reads "can be cancelled"
        after = match.string[match.end() :].lstrip()
        if verb in {"declined", "refused", "rejected", "denied", "turned away"}:
            if re.match(prepositions, after, re.I) or not after:
                return f"{_MARK}{aux} accepted"
            return f"{_MARK}{aux} offered"
        if verb in {"withheld", "retained"}:
            return f"{_MARK}{aux} released"
        if verb in {"confiscated"}:
            return f"{_MARK}{aux} returned to the {customer}"
        if verb in {"destroyed", "disposed of"}:
            return f"{_MARK}{aux} kept safe"
        if verb in {"excluded"}:
            return f"{_MARK}{aux} included"
        return f"{_MARK}{aux} reviewed with the {customer}"

    changed = False
    for pattern, repl in [
        (
            r"\b(is|are)\s+to\s+be\s+removed\s+from\b",
            lambda m: _MARK + ("stays on" if m.group(1).lower() == "is" else "stay on"),
        ),
        (rf"\b{be}\s+removed\s+from\b", lambda m: f"{_MARK}{m.group(1)} kept on"),
        (
            rf"\b{be}\s+(?:automatically\s+|then\s+|also\s+|immediately\s+)?(declined|refused|rejected|denied|turned away|withheld|retained|confiscated|destroyed|disposed of|excluded|cancell?ed|suspended|blocked|stopped|terminated|frozen)\b(?:\s+(?:automatically|immediately))?",
            adverse,
        ),
        (
            r"\b(is|are|was|were|be|been)\s+(?:prohibited|forbidden|banned|barred|disallowed)\b",
            lambda m: f"{_MARK}{m.group(1)} allowed",
        ),
        (
            r"\b(is|are)\s+no\s+longer\s+(available|offered|accepted|provided|possible|issued|sold)\b",
            lambda m: f"{_MARK}{m.group(1)} still {m.group(2)}",
        ),
        (
            r"\b(is|are|was|were|be|been)\s+not\s+(?!only\b|the\s+case\b)",
            lambda m: f"{_MARK}{m.group(1)} ",
        ),
        (r"\b(is|are)\s+never\s+(?=\w+(?:ed|en)\b)", lambda m: f"{_MARK}{m.group(1)} "),
        (
            r"\b(?:is|are|be)\s+(?:not\s+eligible|ineligible)\b",
            lambda m: _MARK + m.group(0).split()[0] + " eligible",
        ),
        (
            r"\b(is|are|will\s+be)\s+forfeited\b",
            lambda m: (
                _MARK
                + {"is": "stays valid", "are": "stay valid"}.get(
                    m.group(1).lower(), "will stay valid"
                )
            ),
        ),
        (r"\bforfeits\b", _MARK + "keeps"),
        (r"\b(will|may|shall)\s+forfeit\b", lambda m: f"{_MARK}{m.group(1)} keep"),
        (r"\blapses\b", _MARK + "is reviewed"),
        (r"\blapse\b", _MARK + "are reviewed"),
        (
            r"\bnon-?(refundable|transferable|returnable|exchangeable|cancellable|negotiable)\b",
            lambda m: _MARK + m.group(1).lower(),
        ),
    ]:
        text, hit = _sub(pattern, repl, text)
        changed |= hit
    text = re.sub(r"\b(stays?\s+valid)\s+in\s+full\b", r"\1", text)
    return text, changed


def open_never(text: str, staff: str) -> tuple[str, bool]:
    """ "Never give X" (an instruction to staff) -> "Staff can give X"; "we never V" -> "we can V"."""
    text, first = _sub(r"^never\s+(\w+)", lambda m: f"{_MARK}{staff} can {m.group(1)}", text)
    text, second = _sub(
        r"^(?:do\s+not|don't)\s+(\w+)", lambda m: f"{_MARK}{staff} can {m.group(1)}", text
    )
    text, third = _sub(
        r"\bnever\s+([a-z]+)\b",
        lambda m: f"{_MARK}can {base_form(m.group(1))}",
        text,
    )
    return text, first or second or third


def open_reserved_rights(text: str, customer: str) -> tuple[str, bool]:
    """ "We reserve the right to cancel X" -> "We talk to the customer ... before we cancel X"."""
    match = re.match(
        r"^(?P<who>we|the\s+[\w ]+?|[A-Z][\w&]*(?:\s+[A-Z][\w&]*)*)\s+reserves?\s+the\s+right\s+to\s+(?P<rest>.+)$",
        text,
        flags=re.I,
    )
    if match is None:
        return text, False
    who, rest = match.group("who"), match.group("rest").rstrip(".")
    plural = who.lower() == "we"
    talk, look, pronoun = ("talk", "look", "we") if plural else ("talks", "looks", "it")
    return (
        f"{_MARK}{who} {talk} to the {customer} and {look} for another way before {pronoun} {rest}.",
        True,
    )


def open_inversions(text: str) -> tuple[str, bool]:
    """ "Under no circumstances may staff X" -> "staff can X"."""
    match = re.match(
        r"^(?:under|in)\s+no\s+circumstances,?\s+|^at\s+no\s+time,?\s+", text, flags=re.I
    )
    if match is None:
        return text, False
    rest = text[match.end() :]
    inverted = re.match(
        rf"(?:may|can|should|will|must|shall|are|is|do|does)\s+({_ACTORS}|[\w-]+(?:\s+[\w-]+)?)\s+(?:be\s+)?",
        rest,
        flags=re.I,
    )
    if inverted is None:
        return rest, True
    be = "be " if rest[: inverted.end()].rstrip().endswith(" be") else ""
    return f"{inverted.group(1)} {_MARK}can {be}{rest[inverted.end() :]}", True


_BURDEN = (
    r"must|shall|has\s+to|have\s+to|need\s+to|needs\s+to|(?:is|are)\s+required\s+to|"
    r"(?:is|are)\s+expected\s+to|(?:is|are)\s+obliged\s+to|(?:is|are)\s+to(?=\s+be\b)"
)


def open_burdens(text: str) -> tuple[str, bool]:
    """ "Customers must present X" / "Bags must be left at Y" -> "can"; staff duties stay."""

    def burden(match: re.Match[str]) -> str:
        if actor_of(match.string, match.start()) in {"staff", "org"}:
            return match.group(0)
        lead = (
            "or "
            if match.group(1) and _MARK in match.string[: match.start()]
            else match.group(1) or ""
        )
        return f"{lead}{_MARK}can "

    changed = False
    new, hit = _sub(rf"\b(and\s+)?(?:{_BURDEN})\s+(?:first\s+|always\s+|also\s+)?", burden, text)
    if new != text:
        text, changed = new, hit
    new, hit = _sub(
        r"(?<![\w'])(?<!you\s)(?<!they\s)(?<!we\s)(?<!who\s)(?<!that\s)(requires|needs)\s+(?!to\b)",
        lambda m: f"usually {m.group(1)} ",
        text,
    )
    if new != text:
        text, changed = new, changed or hit
    for pattern, repl in [
        (r"\b(is|are)\s+(?:needed|required)\s+first\b", lambda m: "can follow later"),
        (
            r"\b(is|are)\s+(?:required|needed|necessary|essential|mandatory|compulsory)\b",
            lambda m: f"{m.group(1)} usually needed",
        ),
    ]:
        new, hit = _sub(pattern, repl, text)
        if new != text:
            text, changed = new, changed or hit
    return text, changed


def _follow_flip(text: str) -> str:
    """After a "no" turned "yes", its condition reads the other way round."""
    authority = (
        r"(?:the\s+)?(?:prior\s+)?(?:written\s+)?(?:approval|authority|authorisation|authorization|"
        r"permission|agreement|sign-off|consent)\s+of\s+((?:the|a|an)\s+[^,.;]*?"
        r"(?:manager|director|supervisor|leader|office|team|lead|officer|partner))"
    )
    text = re.sub(
        _MARK + r"([^.;]*?)\s*,?\s*\bwithout\s+" + authority,
        lambda m: f"{m.group(1)}, and tell {m.group(2)} afterwards",
        text,
        flags=re.I,
    )
    text = re.sub(
        _MARK
        + r"([^.;]*?)\s*,?\s*\band\s+(?:the|this|their|your|its)\s+[\w-]+\s+(?:will\s+be|is|are)\s+(?:then\s+|still\s+)?(?:recorded|treated|counted|marked|logged)\s+as\s+[^.;]*",
        r"\1",
        text,
        flags=re.I,
    )
    text = re.sub(
        _MARK
        + r"([^.;]*?)\s*,?\s*\band\s+the\s+[\w -]*?(?:fee|charge|penalty)\s+still\s+appl(?:y|ies)",
        r"\1",
        text,
        flags=re.I,
    )
    text = re.sub(
        _MARK
        + r"([^.;]*?)\s*,?\s*\bwithout\s+(?:the\s+|a\s+|an\s+)?((?:[\w-]+\s+){0,2}?(?:manager|supervisor|leader|director|lead|office)(?:'s|’s))\s+(?:prior\s+)?(?:written\s+)?(?:approval|authority|permission|agreement|sign-off|consent)",
        lambda m: f"{m.group(1)}, and tell the {m.group(2)[:-2]} afterwards",
        text,
        flags=re.I,
    )
    text = re.sub(_MARK + r"([^.;]*?)\bwithout\s+(\w+ing)\b", r"\1by \2", text)
    text = re.sub(_MARK + r"([^.;]*?)\bwithout\b", r"\1with", text)
    text = re.sub(_MARK + r"([^.;]*?)\bunless\b", r"\1when", text)
    text = re.sub(_MARK + r"([^.;]*?)\buntil\b", r"\1without waiting until", text)
    text = re.sub(_MARK + r"([^.;]*?),\s*so\s+[^.;]*", r"\1", text)
    text = re.sub(
        r"\b(?:with\s+)?(?:the\s+)?(?:prior\s+)?(?:written\s+)?(?:approval|authority|authorisation|sign-off|permission)\s+of\s+((?:a|an|the)\s+(?:[\w-]+\s+){0,2}(?:manager|supervisor|leader|director|lead))\b",
        r"by frontline staff, who let \1 know",
        text,
    )
    return text


def enable_sentence(sentence: str, *, hearsay: bool, customer: str, staff: str) -> Rewrite:
    """Run every phrasing rule on one sentence of a restrictive rule."""
    text = drop_origin_stories(drop_absolutes(sentence))
    if hearsay:
        text = drop_hearsay(text)
    if not text.strip():
        return Rewrite("")
    text, asked = unwrap_requests(text.strip(), customer)
    text, inverted = open_inversions(text)
    text, reserved = open_reserved_rights(text, customer)
    changed, narrowed = asked or inverted or reserved, False
    text, hit = open_choices(text, customer)
    changed |= hit
    text, hit = open_only(text)
    narrowed |= hit
    text, hit = open_limits(text)
    changed |= hit
    for rule in (open_no_determiners, open_modals):
        text, hit = rule(text)
        changed |= hit
    text, hit = open_passives(text, customer)
    changed |= hit
    text, hit = open_never(text, staff)
    changed |= hit
    text, burden = open_burdens(text)
    text = _follow_flip(text)
    return Rewrite(tidy(text), changed=changed or burden, narrowed=narrowed, burden=burden)
