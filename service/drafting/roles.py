"""The roles a manual names: who a rewrite may escalate to (and no one else)."""

from __future__ import annotations

import re
from functools import lru_cache

# A capitalised job or team title ("Duty Manager", "Customer Relations team", "Retentions
# Team Manager"), or a lower-case senior role ("the duty supervisor", "a team leader").
_TITLE = re.compile(
    r"\b((?:[A-Z][\w'&-]*\s+){0,3}(?:Manager|Supervisor|Team Leader|Leader|Lead|Officer|Director|"
    r"Coordinator|Co-ordinator|Adviser|Advisor|Advocate|Controller|Administrator|Head of [A-Z][\w-]*(?:[ \t]+(?:and[ \t]+)?[A-Z][\w-]*){0,2})"
    r"|(?:[A-Z][\w'&-]*\s+){1,3}(?:[Tt]eam|[Dd]esk|[Dd]epartment|[Uu]nit|[Oo]ffice|[Cc]entre|[Cc]enter))\b"
    r"|\b(?i:the|a|our)\s+((?:duty|shift|store|branch|centre|center|site|area|practice|office|floor|"
    r"venue|front office|customer service|complaints|claims|general)\s+(?:manager|supervisor|team "
    r"leader|lead|officer|coordinator|co-ordinator))\b"
)
_NOT_ROLE = re.compile(r"^(?:The|This|These|Our|Each|Every|All|Any|A|An|In|If|When|Where)\s", re.I)
SENIOR = re.compile(
    r"manager|supervisor|leader|lead|director|head|officer|advocate|administrator|commander", re.I
)


@lru_cache(maxsize=16)  # every rule of a manual asks for the same text (10 ms for 75 KB)
def manual_roles(text: str, *, limit: int = 12) -> tuple[str, ...]:
    """Distinct roles named in `text`, most senior-sounding first, as written."""
    found: dict[str, str] = {}
    for match in _TITLE.finditer(text):
        role = " ".join((match.group(1) or match.group(2) or "").split())
        role = _NOT_ROLE.sub("", role)
        if len(role) < 4 or role.lower() in found:
            continue
        found[role.lower()] = role
    roles = list(found.values())
    order = {role: i for i, role in enumerate(roles)}
    return tuple(sorted(roles, key=lambda r: (not SENIOR.search(r), order[r]))[:limit])
