"""Bootstrap with the model choice repeated, and BCa intervals (the paper, section 3.3).

Resamples are multinomial over the observed histories with the observed total; each resample
goes through the whole stepwise choice again, so the interval carries the uncertainty of the
model choice. The acceleration comes from the delete-one jackknife, which only needs one refit
per distinct observed history (every person with the same history gives the same replicate).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

from tipstat.estimates.histories import CaptureTable
from tipstat.estimates.stepwise import NotEstimable, select_model


@dataclass
class BootstrapResult:
    replicates: np.ndarray  # totals of the resamples that gave an estimate
    failed: int  # resamples on which no model could be fitted
    bias_z0: float
    acceleration: float
    ci_low: float
    ci_high: float


def total_estimate(table: CaptureTable, threshold: float) -> float:
    selection = select_model(table, threshold)
    return table.observed + float(np.exp(selection.fit.theta0))


def bootstrap(
    table: CaptureTable, estimate: float, resamples: int, threshold: float, seed: int, level: float = 0.95
) -> BootstrapResult:
    rng = np.random.default_rng(seed)
    n = table.observed
    probabilities = table.counts / n
    draws = rng.multinomial(n, probabilities, size=resamples)
    totals: list[float] = []
    failed = 0
    for counts in draws:
        try:
            totals.append(total_estimate(table.with_counts(counts), threshold))
        except NotEstimable:
            failed += 1
    replicates = np.array(totals)
    if len(replicates) < max(10, resamples // 2):
        raise NotEstimable(
            f"the bootstrap failed: only {len(replicates)} of {resamples} resamples gave a model"
        )
    below = (replicates < estimate).mean() + 0.5 * (replicates == estimate).mean()
    z0 = float(ndtri(np.clip(below, 1e-6, 1 - 1e-6)))
    a = acceleration(table, threshold)
    alpha = (1 - level) / 2
    bounds = []
    for z in (ndtri(alpha), ndtri(1 - alpha)):
        adjusted = ndtr(z0 + (z0 + z) / (1 - a * (z0 + z)))
        bounds.append(float(np.quantile(replicates, adjusted)))
    return BootstrapResult(replicates, failed, z0, a, bounds[0], bounds[1])


def acceleration(table: CaptureTable, threshold: float) -> float:
    """Delete-one jackknife: each distinct observed history, weighted by its count."""
    weights: list[int] = []
    values: list[float] = []
    for index in np.flatnonzero(table.counts):
        counts = table.counts.copy()
        counts[index] -= 1
        try:
            values.append(total_estimate(table.with_counts(counts), threshold))
        except NotEstimable:
            continue
        weights.append(int(table.counts[index]))
    if len(values) < 2:
        return 0.0
    w = np.array(weights, dtype=float)
    v = np.array(values)
    centre = float((w * v).sum() / w.sum())
    d = centre - v
    denominator = 6 * float((w * d**2).sum()) ** 1.5
    return float((w * d**3).sum() / denominator) if denominator > 0 else 0.0
