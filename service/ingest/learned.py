"""Whether a rule restricts customers, learned from labelled manuals on top of the cues.

The cues (`classify.PatternClassifier`) name the words that restrict; they miss a restriction
put in words they do not know, and read some neutral rules as one. A logistic regression over
the rule's sentence embedding (all-MiniLM-L6-v2, bundled) and the cues' own score decides
instead. Its weights are trained by `evaluations/train_rule_classifier.py` on the evaluation
datasets that ship with the project, and stored beside this module with the figures measured
on datasets it was not trained on. Everything else (legal basis, possibly legal, protective,
the cues shown to the reviewer) stays the cues' answer: the learned part only says yes or no
to "restrictive".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from service.core.domain import Classification
from service.core.errors import ConfigurationError
from service.ingest.classify import RESTRICTIVE_THRESHOLD, PatternClassifier, RuleItem, reading

WEIGHTS = Path(__file__).with_name("restrictive_weights.json")
EMBEDDING = "all-MiniLM-L6-v2"

Encode = Callable[[Sequence[str]], np.ndarray]


# A heading or a fragment ("5.", "TICKETS:") says too little for the weights to read: the cues
# decide it.
MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_]{2,}")


def readable(read: str) -> bool:
    """Enough words for the learned weights to judge."""
    return len(_WORD.findall(read)) >= MIN_WORDS


def cue_features(score: float) -> list[float]:
    """The cues' score, bounded, and their own decision."""
    return [max(-3.0, min(3.0, score)) / 3.0, float(score >= RESTRICTIVE_THRESHOLD)]


@dataclass(frozen=True)
class Weights:
    coefficients: np.ndarray  # the embedding's, then the cues'
    intercept: float
    threshold: float

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> Weights:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigurationError(
                f"{path}: the learned rule classifier's weights cannot be read ({exc}); "
                "train them with evaluations/train_rule_classifier.py, or set "
                "POLICY_REWRITER_RULE_CLASSIFIER=cues"
            ) from exc
        if data.get("embedding") != EMBEDDING:
            raise ConfigurationError(
                f"{path}: weights for the embedding {data.get('embedding')!r}, not {EMBEDDING!r}"
            )
        return cls(
            np.asarray(data["coefficients"], dtype=np.float64),
            float(data["intercept"]),
            float(data["threshold"]),
        )

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Each row's chance of being restrictive."""
        return np.asarray(1.0 / (1.0 + np.exp(-(features @ self.coefficients + self.intercept))))


class LearnedClassifier:
    """The cues' classification, with "restrictive" decided by the learned weights."""

    def __init__(
        self,
        encode: Encode,
        *,
        cues: PatternClassifier | None = None,
        weights: Weights | None = None,
    ) -> None:
        self._encode = encode
        self._cues = cues or PatternClassifier()
        self._weights = weights or Weights.load()

    def classify(
        self, text: str, *, section: str = "", lead_in: str | None = None
    ) -> Classification:
        return self.classify_all([(text, section, lead_in)])[0]

    def classify_all(self, items: Sequence[RuleItem]) -> list[Classification]:
        if not items:
            return []
        scored = [
            self._cues.scored(text, section=section, lead_in=lead) for text, section, lead in items
        ]
        reads = [reading(text, lead_in) for text, _, lead_in in items]
        vectors = np.asarray(self._encode(reads), dtype=np.float64)
        cues = np.asarray([cue_features(score) for _, score in scored])
        features = np.hstack([vectors, cues])
        if features.shape[1] != self._weights.coefficients.shape[0]:
            raise ConfigurationError(
                f"the learned rule classifier expects {self._weights.coefficients.shape[0]} "
                f"features, the embedding gave {features.shape[1] - cues.shape[1]}"
            )
        chances = self._weights.probabilities(features)
        return [
            verdict.model_copy(update={"restrictive": bool(chance >= self._weights.threshold)})
            if readable(read)
            else verdict
            for (verdict, _), chance, read in zip(scored, chances, reads, strict=True)
        ]
