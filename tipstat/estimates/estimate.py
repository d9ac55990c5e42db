"""One estimate of the total number of victims: the figures, the model and the caveats."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from tipstat.estimates.histories import CaptureTable
from tipstat.estimates.stepwise import THRESHOLD, NotEstimable, fit_fixed, select_model

MIN_LISTS = 3
Z_95 = 1.96  # as the spec writes it


@dataclass
class Estimate:
    """The spec's `--json` fields first; the rest explains them.

    `estimate`, `ci_low`, `ci_high` are totals (observed plus hidden) and are None when the data
    are not estimable: a reason is given instead of a number.
    """

    lists: list[str]
    observed: int
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    terms: list[str]
    estimable: bool
    reason: str | None
    method: str = ""
    dropped_lists: list[str] = field(default_factory=list)
    conditional_ci: tuple[float, float] | None = None
    bootstrap_resamples: int = 0
    bootstrap_failed: int = 0
    steps: list[tuple[str, float]] = field(default_factory=list)

    @property
    def hidden(self) -> float | None:
        return None if self.estimate is None else self.estimate - self.observed

    def to_json(self) -> dict:
        """Exactly the object of estimation.md's `--json`."""
        full = asdict(self)
        keys = ("lists", "observed", "estimate", "ci_low", "ci_high", "terms", "estimable", "reason")
        return {key: full[key] for key in keys}


def not_estimable(table: CaptureTable, reason: str, dropped: list[str] | None = None) -> Estimate:
    return Estimate(
        lists=list(table.lists),
        observed=table.observed,
        estimate=None,
        ci_low=None,
        ci_high=None,
        terms=[],
        estimable=False,
        reason=reason,
        method="",
        dropped_lists=dropped or [],
    )


def estimate_population(
    table: CaptureTable,
    bootstrap: int = 0,
    seed: int = 2026,
    threshold: float = THRESHOLD,
    pairs: list[tuple[str, str]] | None = None,
) -> Estimate:
    """Stepwise model choice (or the fixed `pairs`), the total and its 95% interval.

    Without `bootstrap` the interval is conditional on the chosen model:
    observed + exp(theta_0 +- 1.96 se(theta_0)). With `bootstrap` N > 0 it is the BCa interval
    of N resamples that each repeat the model choice, and the conditional one is kept aside.
    """
    reduced, dropped = table.drop_empty_lists()
    if table.observed == 0:
        return not_estimable(table, "no person is on any list", dropped)
    if len(reduced.lists) < MIN_LISTS:
        kept = ", ".join(reduced.lists) or "none"
        return not_estimable(
            reduced,
            f"fewer than {MIN_LISTS} lists hold persons ({kept}); "
            f"multiple systems estimation needs at least {MIN_LISTS}",
            dropped,
        )
    try:
        if pairs is None:
            selection = select_model(reduced, threshold)
            fitted, steps = selection.fit, selection.steps
        else:
            index = {name: j for j, name in enumerate(reduced.lists)}
            unknown = [name for pair in pairs for name in pair if name not in index]
            if unknown:
                raise NotEstimable(f"the model names lists the table does not have: {', '.join(unknown)}")
            fitted = fit_fixed(reduced, [tuple(sorted((index[a], index[b]))) for a, b in pairs])
            steps = []
    except NotEstimable as exc:
        return not_estimable(reduced, str(exc), dropped)
    observed = reduced.observed
    hidden = math.exp(fitted.theta0)
    if not math.isfinite(hidden) or not math.isfinite(fitted.se_theta0):
        return not_estimable(reduced, "the fitted model gives no finite estimate", dropped)
    low = observed + math.exp(fitted.theta0 - Z_95 * fitted.se_theta0)
    high = observed + math.exp(fitted.theta0 + Z_95 * fitted.se_theta0)
    choice = f"stepwise two-list interactions, p < {threshold:g}" if pairs is None else "fixed model"
    result = Estimate(
        lists=list(reduced.lists),
        observed=observed,
        estimate=observed + hidden,
        ci_low=low,
        ci_high=high,
        terms=fitted.model.terms(reduced.lists),
        estimable=True,
        reason=None,
        method=f"Poisson log-linear, {choice}; 95% interval conditional on the model",
        dropped_lists=dropped,
        conditional_ci=(low, high),
        steps=[(f"{reduced.lists[i]}:{reduced.lists[j]}", p) for (i, j), p in steps],
    )
    if bootstrap > 0:
        from tipstat.estimates.bootstrap import bootstrap as run_bootstrap

        try:
            boot = run_bootstrap(reduced, observed + hidden, bootstrap, threshold, seed)
        except NotEstimable as exc:
            return not_estimable(reduced, str(exc), dropped)
        result.ci_low, result.ci_high = boot.ci_low, boot.ci_high
        result.bootstrap_resamples = bootstrap
        result.bootstrap_failed = boot.failed
        result.method = (
            f"Poisson log-linear, {choice}; 95% BCa interval from {bootstrap} bootstrap resamples "
            "repeating the model choice"
        )
    return result
