"""Time of the BCa bootstrap on the UK 2013 data (estimation.md): 1,000 resamples by default.

    .venv/bin/python benchmarks/estimate_bootstrap.py [--resamples 1000] [--seed 2026]

Each resample repeats the whole stepwise model choice (GLM fits and the linear programmes of
the existence check); the jackknife for the acceleration adds one run per distinct history.
Target: under a minute on the project's 2-core machine. Not a timed test.
"""

from __future__ import annotations

import argparse
import time

from tipstat.estimates.estimate import estimate_population
from tipstat.estimates.histories import CaptureTable

UK_2013 = {
    (1, 0, 0, 0, 0): 54, (0, 1, 0, 0, 0): 463, (0, 0, 1, 0, 0): 995, (0, 0, 0, 1, 0): 695,
    (0, 0, 0, 0, 1): 316, (1, 1, 0, 0, 0): 15, (1, 0, 1, 0, 0): 19, (1, 0, 0, 1, 0): 3,
    (0, 1, 1, 0, 0): 62, (0, 1, 0, 1, 0): 19, (0, 1, 0, 0, 1): 1, (0, 0, 1, 1, 0): 76,
    (0, 0, 1, 0, 1): 11, (0, 0, 0, 1, 1): 8, (1, 1, 1, 0, 0): 1, (1, 1, 0, 1, 0): 1,
    (0, 1, 1, 1, 0): 4, (1, 1, 1, 1, 0): 1,
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    table = CaptureTable.from_rows(["LA", "NG", "PFNCA", "GO", "GP"], UK_2013)
    estimate_population(table)  # imports and first fit outside the timing
    start = time.perf_counter()
    result = estimate_population(table, bootstrap=args.resamples, seed=args.seed)
    seconds = time.perf_counter() - start
    low, high = result.conditional_ci or (float("nan"), float("nan"))
    print(f"UK 2013: total {result.estimate:,.0f}; given the model {low:,.0f} to {high:,.0f}")
    print(
        f"BCa 95% from {args.resamples} resamples: {result.ci_low:,.0f} to {result.ci_high:,.0f} "
        f"({result.bootstrap_failed} resamples without a model)"
    )
    print(f"bootstrap time: {seconds:.1f} s ({seconds / args.resamples * 1000:.1f} ms per resample)")


if __name__ == "__main__":
    main()
