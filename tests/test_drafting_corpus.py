"""Acceptance on the sample corpus: the built-in drafter makes a ready suggestion for most
restrictive rules that have complaints, never loosens a rule resting on law, safety or a
customer protection, and every citation is verified."""

from __future__ import annotations

from service.stages.root import Root


def test_every_restrictive_rule_with_complaints_gets_a_ready_suggestion(
    corpus_root: Root,
) -> None:
    conflicts = [c for c in corpus_root.matching.conflicts() if c.restrictive]
    assert len(conflicts) >= 40
    suggestions = corpus_root.drafting.draft([c.rule_id for c in conflicts], model="builtin")
    rules = {s.rule_id: corpus_root.library.rule(s.rule_id) for s in suggestions}
    plain = [s for s in suggestions if not rules[s.rule_id].guarded]
    blocked = {
        s.rule_id: [c.detail for c in s.checks if not c.passed]
        for s in plain
        if s.status != "ready"
    }
    # a whole-rule exception waits for a reviewer (the gate's relief_is_specific), so up to a
    # third of the plain rules are blocked: 21 of 67 on this corpus
    assert len(blocked) <= 0.35 * len(plain), blocked
    for suggestion in suggestions:
        rule = rules[suggestion.rule_id]
        if rule.guarded and suggestion.status == "ready":
            assert " ".join(rule.text.split()) in suggestion.proposed
        assert all(
            getattr(suggestion, f).strip()
            for f in ("purpose", "default", "discretion", "escalation")
        )
        assert suggestion.drafter == "built-in drafter"
        assert suggestion.rationale.startswith("Drafted by the built-in drafter")
        assert suggestion.citations[0].source == "rule"
        assert all(c.verified for c in suggestion.citations)
        for basis in (suggestion.legal_basis or "").split("; "):
            assert basis in suggestion.proposed


def test_the_built_in_drafter_writes_each_rule_its_own_way(corpus_root: Root) -> None:
    """Not a fixed template with the rule pasted in: the texts differ beyond the rule itself."""
    rules = [c.rule_id for c in corpus_root.matching.conflicts(top=12) if c.restrictive]
    suggestions = corpus_root.drafting.draft(rules, model="builtin")
    added = [s.proposed.replace(" ".join(s.original.split()), "") for s in suggestions]
    changed = [a.strip() for a in added if a.strip()]
    assert changed and all(changed.count(a) < 3 for a in changed)  # no sentence in 3 drafts
    assert len({s.default for s in suggestions}) >= len(suggestions) // 2
