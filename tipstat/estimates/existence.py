"""Does the model's maximum likelihood estimate exist, and are its parameters identifiable?

Existence (Fienberg and Rinaldo 2012; Chan, Silverman and Vincent 2021, section 2.6): the MLE
of a log-linear model exists exactly when some strictly positive table has the same sufficient
statistics X'y as the observed one. A linear programme finds the largest s such that a table x
with X'x = X'y and every x_h >= s exists; the MLE exists when s > 0. Identifiability: the design
matrix over the histories the model keeps must have full column rank.
"""

from __future__ import annotations

from enum import Enum

import numpy as np
from scipy.optimize import linprog

from tipstat.estimates.histories import CaptureTable
from tipstat.estimates.loglinear import Model, design, kept_cells

_TOLERANCE = 1e-7


class Check(Enum):
    OK = "ok"
    NOT_EXISTS = "the maximum likelihood estimate does not exist"
    NOT_IDENTIFIABLE = "the model's parameters are not identifiable"


def check_model(table: CaptureTable, model: Model) -> Check:
    keep = kept_cells(table, model)
    x = design(table, model, keep)
    if x.shape[0] < x.shape[1] or np.linalg.matrix_rank(x) < x.shape[1]:
        return Check.NOT_IDENTIFIABLE
    y = table.counts[keep].astype(float)
    if (y > 0).all():
        return Check.OK  # the observed table itself is strictly positive
    return Check.OK if _largest_floor(x, y) > _TOLERANCE else Check.NOT_EXISTS


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
