"""Small statistics for the bilan: the mean of paired differences with its 95 % confidence
interval (Student's t), from the aggregates the database returns (n, mean, mean of squares)."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class PairedChange:
    pairs: int
    mean: float
    low: float  # 95 % confidence interval
    high: float


def t_quantile(probability: float, df: int) -> float:
    """The Student t quantile (scipy, which scikit-learn requires)."""
    from scipy.stats import t as student_t

    return float(student_t.ppf(probability, df))


def paired_change(n: int, mean: float, mean_of_squares: float) -> PairedChange | None:
    """Mean change over `n` pairs with a 95 % interval; None below two pairs.

    The sample variance is n/(n−1) × (E[d²] − E[d]²); the interval is mean ± t(0.975, n−1) ×
    s/√n (the paired t-test)."""
    if n < 2:
        return None
    variance = max(0.0, (mean_of_squares - mean * mean) * n / (n - 1))
    half = t_quantile(0.975, n - 1) * math.sqrt(variance / n)
    return PairedChange(pairs=n, mean=mean, low=mean - half, high=mean + half)
