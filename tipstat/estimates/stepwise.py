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

import functools
import itertools
from dataclasses import dataclass

import numpy as np
from scipy.special import pdtr, pdtrc

from tipstat.estimates.existence import Check, check_and_fit
from tipstat.estimates.histories import CaptureTable, all_histories
from tipstat.estimates.loglinear import Fit, Model, Pair, pair_overlap

THRESHOLD = 0.02


class NotEstimable(Exception):
    """The data support no model: the reason is a sentence for the reader."""


@dataclass
class Selection:
    fit: Fit
    steps: list[tuple[Pair, float]]  # pair added and its tail probability, in order


def tail_probability(observed: int, expected: float) -> float:
    """min(P(X <= observed), P(X >= observed)) for X ~ Poisson(expected)."""
    return float(tail_probabilities(np.array([observed]), np.array([expected]))[0])


def tail_probabilities(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    lower = pdtr(observed, expected)
    upper = np.where(observed > 0, pdtrc(np.maximum(observed - 1, 0), expected), 1.0)
    return np.where(expected > 0, np.minimum(lower, upper), 1.0)


@functools.lru_cache(maxsize=32)
def pair_masks(t: int) -> tuple[list[Pair], np.ndarray]:
    """Every pair of lists and, per pair, which histories hold both (a pairs x histories matrix)."""
    histories = all_histories(t)
    pairs = list(itertools.combinations(range(t), 2))
    masks = np.array([(histories[:, i] == 1) & (histories[:, j] == 1) for i, j in pairs], dtype=float)
    return pairs, masks


def select_model(table: CaptureTable, threshold: float = THRESHOLD) -> Selection:
    model = Model()
    check, current = check_and_fit(table, model)
    if check is not Check.OK or current is None:
        raise NotEstimable(f"main effects only: {check.value}")
    steps: list[tuple[Pair, float]] = []
    pairs, masks = pair_masks(len(table.lists))
    overlaps = masks @ table.counts  # persons on both lists of each pair
    while True:
        used = set(model.pairs) | set(model.empty_pairs)
        probabilities = tail_probabilities(overlaps, masks @ current.fitted)
        order = sorted(
            (k for k, pair in enumerate(pairs) if pair not in used and probabilities[k] < threshold),
            key=lambda k: (probabilities[k], pairs[k]),
        )
        added = False
        for k in order:
            enlarged = model.with_pair(pairs[k], empty=overlaps[k] == 0)
            check, refit = check_and_fit(table, enlarged)
            if check is not Check.OK or refit is None:
                continue
            model, current = enlarged, refit
            steps.append((pairs[k], float(probabilities[k])))
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
    check, fitted = check_and_fit(table, model)
    if check is not Check.OK or fitted is None:
        raise NotEstimable(f"model {' + '.join(model.terms(table.lists)) or 'main effects'}: {check.value}")
    return fitted
