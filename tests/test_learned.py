"""The learned rule classifier: the cues' answer, with "restrictive" weighed by the rule's meaning."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from service.core.errors import ConfigurationError
from service.core.settings import Settings
from service.index.embeddings import HashingEmbedder, MiniLMEmbedder
from service.ingest.classify import PatternClassifier
from service.ingest.learned import WEIGHTS, LearnedClassifier, Weights
from service.stages.root import rule_classifier

# Restrictions put in words the cues do not know: no "only", "must" or "not permitted".
UNSEEN_RESTRICTIONS = [
    "Clearance items are not returnable or exchangeable.",
    "Gift cards are accepted for purchases of $20 or more.",
]
NOT_RESTRICTIVE = [
    "In this policy, 'member' means a person who holds a current membership card.",
    "The museum is open from 10 a.m. to 5 p.m., Tuesday to Sunday.",
    "We will refund you in full if we cancel a class.",
]


@pytest.fixture(scope="module")
def learned(minilm: MiniLMEmbedder) -> LearnedClassifier:
    return LearnedClassifier(minilm.embed)


@pytest.mark.parametrize("rule", UNSEEN_RESTRICTIONS)
def test_a_restriction_the_cues_miss_is_found(learned: LearnedClassifier, rule: str) -> None:
    assert not PatternClassifier().classify(rule).restrictive
    assert learned.classify(rule).restrictive


@pytest.mark.parametrize("rule", NOT_RESTRICTIVE)
def test_definitions_hours_and_promises_are_not_restrictive(
    learned: LearnedClassifier, rule: str
) -> None:
    assert not learned.classify(rule).restrictive


def test_everything_but_restrictive_is_the_cues_answer(learned: LearnedClassifier) -> None:
    rule = "Clearance items are not returnable, as the Consumer Rights Act 2015 allows."
    cues = PatternClassifier().classify(rule)
    verdict = learned.classify(rule)
    assert verdict.legal_basis == cues.legal_basis == "Consumer Rights Act 2015"
    assert (verdict.possible_basis, verdict.protective, verdict.cues) == (
        cues.possible_basis,
        cues.protective,
        cues.cues,
    )


def test_a_manual_is_classified_in_one_call_in_order(minilm: MiniLMEmbedder) -> None:
    calls: list[int] = []

    def encode(texts: Sequence[str]) -> np.ndarray:
        calls.append(len(texts))
        return minilm.embed(texts)

    classifier = LearnedClassifier(encode)
    rules = [*UNSEEN_RESTRICTIONS, *NOT_RESTRICTIVE]
    together = classifier.classify_all([(rule, "", None) for rule in rules])
    assert calls == [len(rules)]
    assert [v.restrictive for v in together] == [True, True, False, False, False]
    assert classifier.classify_all([]) == []


def test_a_list_item_is_read_after_its_lead_in(learned: LearnedClassifier) -> None:
    item = "items bought in the clearance sale."
    assert not learned.classify(
        item, lead_in="The following are welcome at every branch:"
    ).restrictive
    assert learned.classify(item, lead_in="We do not accept returns of:").restrictive


def test_weights_for_another_embedding_are_refused(tmp_path: Path) -> None:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    data["embedding"] = "text-embedding-3-small"
    other = tmp_path / "weights.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="text-embedding-3-small"):
        Weights.load(other)
    with pytest.raises(ConfigurationError, match="cannot be read"):
        Weights.load(tmp_path / "missing.json")


def test_the_shipped_weights_say_what_they_were_trained_on() -> None:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert len(data["coefficients"]) == 384 + 2
    assert data["trained_on"] and "sample-corpus" in data["trained_on"]
    assert data["cross_validation"]["learned"]["f1"] > 0


def test_the_settings_choose_the_classifier(tmp_path: Path) -> None:
    def unused() -> HashingEmbedder:
        raise AssertionError("the cues load no model")

    cues = Settings(data_dir=tmp_path, rule_classifier="cues", _env_file=None)
    assert isinstance(rule_classifier(cues, unused), PatternClassifier)
    default = Settings(data_dir=tmp_path, _env_file=None)
    assert isinstance(rule_classifier(default, unused), LearnedClassifier)  # nothing loaded yet


@pytest.mark.parametrize("fragment", ["5.", "TICKETS:", "1.5 Security", "QR Code Transactions"])
def test_a_heading_or_fragment_is_left_to_the_cues(
    learned: LearnedClassifier, fragment: str
) -> None:
    """Too few words for the weights to read: the cues, which see nothing restrictive, decide."""
    assert not learned.classify(fragment).restrictive
