"""Which rules need a rewrite: the rest are skipped with the reason, and cost nothing."""

from __future__ import annotations

from service.core.domain import Rule

NOT_RESTRICTIVE = "not restrictive: it does not limit what customers can do, so it needs no rewrite"
PROTECTIVE = "protective: it protects customers, so it is not a candidate for loosening"
LEAD_IN = (
    "introduces a list (it ends with a colon): each item is read with it and rewritten on its own"
)


def skip_reason(rule: Rule, *, complaints: int) -> str | None:
    """Why `rule` needs no rewrite, given how many complaints are about it; None to draft it."""
    if rule.text.rstrip().endswith(":"):
        return LEAD_IN
    if rule.protective:
        return PROTECTIVE
    if not rule.restrictive:
        return NOT_RESTRICTIVE
    basis = rule.legal_basis or rule.possible_basis
    if basis and complaints == 0:
        return (
            f"rests on law or safety ({basis}) and no complaint is about it, so nothing "
            "weighs against keeping it as it is"
        )
    return None
