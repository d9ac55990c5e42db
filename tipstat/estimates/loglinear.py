"""Poisson log-linear models over the capture histories: the design and the fit.

`log mu_h = theta_0 + sum of main effects of the lists in h + sum of the selected two-list
interactions of the pairs in h`. A pair with no person in common ("empty overlap") enters with
an interaction of minus infinity: the histories holding both lists have mu_h = 0 and are left out
of the fit (Chan, Silverman and Vincent 2021, section 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tipstat.estimates.histories import CaptureTable

Pair = tuple[int, int]


@dataclass(frozen=True)
class Model:
    """Main effects plus `pairs` (fitted interactions) and `empty_pairs` (interactions at -inf)."""

    pairs: tuple[Pair, ...] = ()
    empty_pairs: tuple[Pair, ...] = ()

    def with_pair(self, pair: Pair, empty: bool) -> Model:
        if empty:
            return Model(self.pairs, (*self.empty_pairs, pair))
        return Model((*self.pairs, pair), self.empty_pairs)

    def terms(self, lists: tuple[str, ...]) -> list[str]:
        """`A:B` for every two-list term, in the order the terms were chosen within each kind."""
        return [f"{lists[i]}:{lists[j]}" for i, j in (*self.pairs, *self.empty_pairs)]


@dataclass
class Fit:
    """A fitted model: `fitted` over every history (0 where the model sets mu_h = 0)."""

    model: Model
    theta0: float
    se_theta0: float
    fitted: np.ndarray
    coefficients: np.ndarray = field(repr=False)


def kept_cells(table: CaptureTable, model: Model) -> np.ndarray:
    """Histories the model can put persons in (those containing no empty-overlap pair)."""
    h = table.histories
    keep = np.ones(len(h), dtype=bool)
    for i, j in model.empty_pairs:
        keep &= ~((h[:, i] == 1) & (h[:, j] == 1))
    return keep


def design(table: CaptureTable, model: Model, keep: np.ndarray | None = None) -> np.ndarray:
    """Intercept, one column per list, one per fitted pair; rows are the kept histories."""
    h = table.histories if keep is None else table.histories[keep]
    columns = [np.ones(len(h)), *(h[:, j] for j in range(h.shape[1]))]
    columns += [h[:, i] * h[:, j] for i, j in model.pairs]
    return np.column_stack(columns).astype(float)


def pair_overlap(table: CaptureTable, pair: Pair) -> int:
    """Persons on both lists of `pair`, whatever other lists they are on."""
    i, j = pair
    both = (table.histories[:, i] == 1) & (table.histories[:, j] == 1)
    return int(table.counts[both].sum())


def fit(table: CaptureTable, model: Model, max_iter: int = 200) -> Fit:
    """Maximum likelihood fit of `model` (Poisson, log link) by Newton-Raphson.

    The same iteration as a GLM's IRLS (statsmodels' GLM gives the same figures; a test checks
    it), without its per-call overhead, which matters when the bootstrap refits thousands of
    times. Call only for a model that exists and is identifiable (existence.check_model).
    """
    keep = kept_cells(table, model)
    x = design(table, model, keep)
    y = table.counts[keep].astype(float)
    params, covariance, mu = poisson_newton(x, y, max_iter=max_iter)
    fitted = np.zeros(len(table.counts))
    fitted[keep] = mu
    se = float(np.sqrt(covariance[0, 0]))
    return Fit(model=model, theta0=float(params[0]), se_theta0=se, fitted=fitted, coefficients=params)


def poisson_newton(x: np.ndarray, y: np.ndarray, tol: float = 1e-10, max_iter: int = 200):
    """(coefficients, their covariance, fitted means) of the Poisson log-linear MLE."""
    mu = y + 0.5
    eta = np.log(mu)
    beta = np.linalg.lstsq(x, eta, rcond=None)[0]
    eta = x @ beta
    previous = np.inf
    for _ in range(max_iter):
        mu = np.exp(eta)
        information = x.T @ (x * mu[:, None])
        step = np.linalg.solve(information, x.T @ (y - mu))
        beta = beta + step
        eta = x @ beta
        deviance = 2 * float(
            np.sum(np.where(y > 0, y * np.log(np.where(y > 0, y, 1) / np.exp(eta)), 0) - (y - np.exp(eta)))
        )
        if abs(previous - deviance) <= tol * (abs(deviance) + 0.1):
            break
        previous = deviance
    mu = np.exp(eta)
    covariance = np.linalg.inv(x.T @ (x * mu[:, None]))
    return beta, covariance, mu
