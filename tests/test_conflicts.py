"""Conflicts on the sample corpus with the real offline model: the acceptance figures."""

from __future__ import annotations

from pathlib import Path

from service.evaluation.datasets import Dataset, load_dataset
from service.evaluation.text import fold
from service.stages.root import Root

SAMPLE = Path(__file__).resolve().parent.parent / "evaluations" / "datasets" / "sample-corpus"


def sample_corpus() -> Dataset:
    return load_dataset(SAMPLE)


def test_complaints_find_their_rule_in_the_top_three(corpus_root: Root) -> None:
    gold = sample_corpus()
    rules = corpus_root.library.rules()
    stems = {p.name: p.stem for p in gold.manuals}
    hits = asked = 0
    for complaint_id, complaint in gold.complaints.items():
        wanted = {
            r.id
            for ref in complaint.rules
            for r in rules
            if r.manual == stems[ref.manual] and fold(ref.quote) in fold(r.text)
        }
        if not wanted:
            continue
        asked += 1
        ranked = corpus_root.matching.rules_for_complaint(complaint_id, top=3)
        hits += bool(wanted & {m.rule_id for m in ranked})
    assert asked > 250
    assert hits / asked >= 0.9


def test_conflicts_are_sorted_and_quotes_are_verbatim(corpus_root: Root) -> None:
    conflicts = corpus_root.matching.conflicts(top=10)
    assert len(conflicts) == 10
    assert [c.score for c in conflicts] == sorted((c.score for c in conflicts), reverse=True)
    for conflict in conflicts:
        assert conflict.complaints
        assert [e.score for e in conflict.complaints] == sorted(
            (e.score for e in conflict.complaints), reverse=True
        )
        for evidence in conflict.complaints:
            text = corpus_root.library.complaint(evidence.id).text
            assert text[evidence.start : evidence.end] == evidence.quote
            assert 0 < len(evidence.quote) <= 240


def test_one_rule_look_up_agrees_with_the_listing(corpus_root: Root) -> None:
    strongest = corpus_root.matching.conflicts(top=1)[0]
    single = corpus_root.matching.conflict(strongest.rule_id)
    assert {e.id for e in single.complaints} == {e.id for e in strongest.complaints}


def test_off_topic_complaints_mostly_stay_out(corpus_root: Root) -> None:
    gold = sample_corpus()
    off_topic = {cid for cid, c in gold.complaints.items() if not c.rules}
    cited = {e.id for c in corpus_root.matching.conflicts() for e in c.complaints}
    assert len(off_topic & cited) / len(off_topic) < 0.5
