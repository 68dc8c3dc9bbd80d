"""Figures with bootstrap 95 % confidence intervals.

Every figure is computed from item-level observations (one per rule, complaint, draft or
sentence), so the same observations pooled across datasets give the overall figure.
Intervals are percentile bootstraps (1,000 resamples, fixed seed) over those items.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel

RESAMPLES = 1000
SEED = 20261130

Better = Literal["higher", "lower", "neither"]


class Figure(BaseModel):
    """One measured figure: its value, 95 % interval and the items it was measured on."""

    value: float | None
    low: float | None
    high: float | None
    n: int
    count: int | None = None  # the numerator, for figures that count something
    better: Better = "higher"
    target: str | None = None  # e.g. ">= 0.9", "= 0"

    def text(self, digits: int = 3) -> str:
        if self.value is None:
            return "n/a (no items)"
        value = f"{self.value:.{digits}f}"
        if self.count is not None:
            value = f"{value} ({self.count}/{self.n})"
        if self.low is None or self.high is None:
            return f"{value} n={self.n}"
        return f"{value} [{self.low:.{digits}f}, {self.high:.{digits}f}] n={self.n}"


Statistic = Callable[..., NDArray[np.float64] | float]


def _interval(samples: Sequence[NDArray[np.float64]], statistic: Statistic) -> tuple[float, float]:
    """Percentile bootstrap over items (paired across samples). Resamples in which the
    figure is undefined (a precision with no positive prediction) are left out."""
    n = len(samples[0])
    if n < 2 or all(np.all(s == s[0]) for s in samples):
        value = float(statistic(*samples, axis=-1))
        return value, value
    picks = np.random.default_rng(SEED).integers(0, n, size=(RESAMPLES, n))
    values = np.asarray(statistic(*(s[picks] for s in samples), axis=-1), dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return float("nan"), float("nan")
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)


def _figure(
    samples: Sequence[NDArray[np.float64]],
    statistic: Statistic,
    *,
    better: Better,
    target: str | None,
    count: int | None = None,
) -> Figure:
    n = len(samples[0]) if samples else 0
    if n == 0:
        return Figure(value=None, low=None, high=None, n=0, better=better, target=target)
    value = float(statistic(*samples, axis=-1))
    if np.isnan(value):
        return Figure(value=None, low=None, high=None, n=n, better=better, target=target)
    low, high = _interval(samples, statistic)
    return Figure(
        value=value,
        low=None if np.isnan(low) else low,
        high=None if np.isnan(high) else high,
        n=n,
        count=count,
        better=better,
        target=target,
    )


def _mean(values: NDArray[np.float64], axis: int = -1) -> NDArray[np.float64]:
    return np.mean(values, axis=axis)


def _median(values: NDArray[np.float64], axis: int = -1) -> NDArray[np.float64]:
    return np.median(values, axis=axis)


def share(flags: Sequence[bool], *, better: Better = "higher", target: str | None = None) -> Figure:
    """The share of items for which something holds, with the count."""
    values = np.asarray(flags, dtype=float)
    return _figure([values], _mean, better=better, target=target, count=int(values.sum()))


def mean(
    values: Sequence[float], *, better: Better = "higher", target: str | None = None
) -> Figure:
    return _figure([np.asarray(values, dtype=float)], _mean, better=better, target=target)


def median(
    values: Sequence[float], *, better: Better = "higher", target: str | None = None
) -> Figure:
    return _figure([np.asarray(values, dtype=float)], _median, better=better, target=target)


def ratio(
    numerators: Sequence[float],
    denominators: Sequence[float],
    *,
    better: Better = "higher",
    target: str | None = None,
) -> Figure:
    """sum(numerators) / sum(denominators), resampling items (e.g. sentences per draft)."""
    num = np.asarray(numerators, dtype=float)
    den = np.asarray(denominators, dtype=float)

    def statistic(
        a: NDArray[np.float64], b: NDArray[np.float64], axis: int = -1
    ) -> NDArray[np.float64]:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.sum(a, axis=axis) / np.sum(b, axis=axis)

    count = int(num.sum()) if np.all(num == np.round(num)) else None
    figure = _figure([num, den], statistic, better=better, target=target, count=count)
    if figure.count is not None:
        figure.n = int(den.sum())
    return figure


PrfPart = Literal["precision", "recall", "f1"]


def _prf(part: PrfPart) -> Statistic:
    def statistic(
        gold: NDArray[np.float64], pred: NDArray[np.float64], axis: int = -1
    ) -> NDArray[np.float64]:
        tp = np.sum(gold * pred, axis=axis)
        fp = np.sum((1 - gold) * pred, axis=axis)
        fn = np.sum(gold * (1 - pred), axis=axis)
        with np.errstate(invalid="ignore", divide="ignore"):
            precision = np.where(tp + fp > 0, tp / (tp + fp), np.nan)
            recall = np.where(tp + fn > 0, tp / (tp + fn), np.nan)
            if part == "precision":
                return precision
            if part == "recall":
                return recall
            f1 = 2 * precision * recall / (precision + recall)
            return np.where(tp > 0, f1, np.where(tp + fp + fn > 0, 0.0, np.nan))

    return statistic


def prf(pairs: Sequence[tuple[bool, bool]], *, target: str | None = None) -> dict[PrfPart, Figure]:
    """Precision, recall and F1 of predictions against gold, each with its interval."""
    gold = np.asarray([g for g, _ in pairs], dtype=float)
    pred = np.asarray([p for _, p in pairs], dtype=float)
    parts: tuple[PrfPart, ...] = ("precision", "recall", "f1")
    return {
        part: _figure(
            [gold, pred], _prf(part), better="higher", target=target if part == "f1" else None
        )
        for part in parts
    }
