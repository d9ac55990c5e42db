"""Does the model's maximum likelihood estimate exist, and are its parameters identifiable?

Existence (Fienberg and Rinaldo 2012; Chan, Silverman and Vincent 2021, section 2.6): the MLE
of a log-linear model exists exactly when some strictly positive table has the same sufficient
statistics X'y as the observed one. A linear programme finds the largest s such that a table x
with X'x = X'y and every x_h >= s exists; the MLE exists when s > 0. Identifiability: the design
matrix over the histories the model keeps must have full column rank.
"""

from __future__ import annotations

import functools
from enum import Enum

import numpy as np
from scipy.optimize import linprog

from tipstat.estimates.histories import CaptureTable, all_histories
from tipstat.estimates.loglinear import Fit, Model, design, fit, kept_cells

_TOLERANCE = 1e-7
_CLEARLY_POSITIVE = 1e-6


class Check(Enum):
    OK = "ok"
    NOT_EXISTS = "the maximum likelihood estimate does not exist"
    NOT_IDENTIFIABLE = "the model's parameters are not identifiable"
    NO_CONVERGENCE = "the fit did not converge to a finite estimate"


def check_model(table: CaptureTable, model: Model) -> Check:
    """The linear programme's answer (no shortcut through a fit)."""
    return check_and_fit(table, model, try_fit=False)[0]


def check_and_fit(table: CaptureTable, model: Model, try_fit: bool = True) -> tuple[Check, Fit | None]:
    """Existence and identifiability, and the fit when the model passes.

    A fit that converges with every fitted value clearly positive is itself a strictly positive
    table with the observed sufficient statistics (the score X'(y - mu) is zero), which proves
    existence; only when the fit is not clear-cut does the linear programme decide. This spares
    most programmes of the bootstrap and changes no answer.
    """
    t = len(table.lists)
    keep = kept_cells(table, model)
    if not _identifiable(t, model, keep.tobytes()):
        return Check.NOT_IDENTIFIABLE, None
    counts = table.counts[keep]
    positive = bool((counts > 0).all())  # then the observed table itself proves existence
    if try_fit and not positive:
        candidate = _certifying_fit(table, model, keep)
        if candidate is not None:
            return Check.OK, candidate
    if not positive and not _exists(t, model, keep.tobytes(), counts):
        return Check.NOT_EXISTS, None
    if not try_fit:
        return Check.OK, None
    try:
        with np.errstate(all="ignore"):
            result = fit(table, model)
    except np.linalg.LinAlgError:
        return Check.NO_CONVERGENCE, None
    if not (np.isfinite(result.theta0) and np.isfinite(result.se_theta0)):
        return Check.NO_CONVERGENCE, None
    return Check.OK, result


def _certifying_fit(table: CaptureTable, model: Model, keep: np.ndarray) -> Fit | None:
    try:
        with np.errstate(all="ignore"):
            result = fit(table, model, max_iter=40)
    except np.linalg.LinAlgError:
        return None
    mu = result.fitted[keep]
    x = _design(len(table.lists), model, keep.tobytes())
    score = x.T @ (table.counts[keep] - mu)
    # When the MLE does not exist, Newton's iterates drift to the boundary and the score stays of
    # the order of the vanishing fitted values; a real optimum has a score many orders smaller
    # than the smallest fitted value.
    if np.all(np.isfinite(mu)) and mu.min() > _CLEARLY_POSITIVE and np.abs(score).max() < 1e-4 * mu.min():
        return result
    return None


# Existence depends on the data only through which histories have persons (the support S): X'y
# lies in the relative interior of the cone of X's rows exactly when the smallest face holding
# the rows of S is the whole cone, whatever the positive counts. It is also monotone: if the MLE
# exists for S it exists for every larger support, and if not, for no smaller one. The answers
# are kept per model, which spares most linear programmes of the bootstrap.
_known: dict[tuple, tuple[list[int], list[int]]] = {}


def _bits(support: np.ndarray) -> int:
    return int.from_bytes(np.packbits(support).tobytes(), "big")


def _exists(t: int, model: Model, keep: bytes, counts: np.ndarray) -> bool:
    support = counts > 0
    bits = _bits(support)
    exists_for, fails_for = _known.setdefault((t, model, keep), ([], []))
    if any(known & ~bits == 0 for known in exists_for):
        return True
    if any(bits & ~known == 0 for known in fails_for):
        return False
    x = _design(t, model, keep)
    answer = _largest_floor(x, support.astype(float)) > _TOLERANCE
    (exists_for if answer else fails_for).append(bits)
    if len(_known) > 4096:
        _known.clear()
    return answer


@functools.lru_cache(maxsize=4096)
def _identifiable(t: int, model: Model, keep: bytes) -> bool:
    x = _design(t, model, keep)
    return x.shape[0] >= x.shape[1] and np.linalg.matrix_rank(x) == x.shape[1]


@functools.lru_cache(maxsize=4096)
def _design(t: int, model: Model, keep: bytes) -> np.ndarray:
    empty = CaptureTable(
        tuple(str(j) for j in range(t)), all_histories(t), np.zeros(2**t - 1, dtype=np.int64)
    )
    return design(empty, model, np.frombuffer(keep, dtype=bool))


def _largest_floor(x: np.ndarray, y: np.ndarray) -> float:
    """max s subject to X'v = X'y, v_h >= s, 0 <= s <= 1 (variables v and s)."""
    n, p = x.shape
    scale = max(1.0, float(y.max()))
    a_eq = np.hstack([x.T, np.zeros((p, 1))])
    b_eq = x.T @ (y / scale)
    a_ub = np.hstack([-np.eye(n), np.ones((n, 1))])
    cost = np.zeros(n + 1)
    cost[-1] = -1.0
    result = linprog(
        cost,
        A_ub=a_ub,
        b_ub=np.zeros(n),
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=[(0, None)] * n + [(0, 1)],
        method="highs",
    )
    if not result.success:
        return 0.0
    return float(result.x[-1])
