"""Forward stepwise choice of two-list interactions (Chan, Silverman and Vincent 2021, 3.2).

Start from main effects only. At each step, for every pair (A, B) not yet in the model, compare
the persons observed on both A and B with the number the current fit expects there (the sum of
fitted values over the histories holding both), and take the Poisson tail probability
`min(P(X <= observed), P(X >= observed))`, X ~ Poisson(expected). Candidates are tried from the
smallest probability up: the first one below the threshold whose enlarged model exists and is
identifiable is added (a pair with no person in common enters at minus infinity), and the model
is refitted. Stop when no candidate qualifies.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from scipy.stats import poisson

from tipstat.estimates.existence import Check, check_model
from tipstat.estimates.histories import CaptureTable
from tipstat.estimates.loglinear import Fit, Model, Pair, fit, pair_overlap

THRESHOLD = 0.02


class NotEstimable(Exception):
    """The data support no model: the reason is a sentence for the reader."""


@dataclass
class Selection:
    fit: Fit
    steps: list[tuple[Pair, float]]  # pair added and its tail probability, in order


def tail_probability(observed: int, expected: float) -> float:
    if expected <= 0:
        return 1.0
    lower = poisson.cdf(observed, expected)
    upper = poisson.sf(observed - 1, expected)
    return float(min(lower, upper))


def select_model(table: CaptureTable, threshold: float = THRESHOLD) -> Selection:
    model = Model()
    check = check_model(table, model)
    if check is not Check.OK:
        raise NotEstimable(f"main effects only: {check.value}")
    current = fit(table, model)
    steps: list[tuple[Pair, float]] = []
    t = len(table.lists)
    while True:
        used = set(model.pairs) | set(model.empty_pairs)
        candidates: list[tuple[float, Pair, int]] = []
        for pair in itertools.combinations(range(t), 2):
            if pair in used:
                continue
            i, j = pair
            both = (table.histories[:, i] == 1) & (table.histories[:, j] == 1)
            expected = float(current.fitted[both].sum())
            observed = pair_overlap(table, pair)
            candidates.append((tail_probability(observed, expected), pair, observed))
        candidates.sort(key=lambda c: (c[0], c[1]))
        added = False
        for probability, pair, observed in candidates:
            if probability >= threshold:
                break
            enlarged = model.with_pair(pair, empty=observed == 0)
            if check_model(table, enlarged) is not Check.OK:
                continue
            model = enlarged
            current = fit(table, model)
            steps.append((pair, probability))
            added = True
            break
        if not added:
            return Selection(fit=current, steps=steps)


def build_model(table: CaptureTable, pairs: list[Pair]) -> Model:
    """Main effects and `pairs`; a pair with no person in common enters at minus infinity."""
    model = Model()
    for pair in pairs:
        model = model.with_pair(pair, empty=pair_overlap(table, pair) == 0)
    return model


def fit_fixed(table: CaptureTable, pairs: list[Pair]) -> Fit:
    """A given model; raises NotEstimable when it does not exist or is not identifiable."""
    model = build_model(table, pairs)
    check = check_model(table, model)
    if check is not Check.OK:
        raise NotEstimable(f"model {' + '.join(model.terms(table.lists)) or 'main effects'}: {check.value}")
    return fit(table, model)
