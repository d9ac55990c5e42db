"""Validating a run's landing files in several processes (GX on pandas uses one core).

The work is cut into units of one file kind and up to `validation.BATCH_BYTES` landing bytes,
the same batches `validate_files` makes, and the units go to a pool of spawned processes. Each
worker spills the tables of the files that passed to the run's spill folder, so what comes back
is small (findings and paths). Outcomes are exactly those of `validate_files` on the same files.

A worker dies with its parent (exports.md, "Kills": a killed run leaves no process of its own
running): tipstat/parent_watch.py's watchdog thread in every worker ends it at once when the
parent is gone (a SIGKILL of the run, the OOM killer). The resource
tracker multiprocessing starts then sees its last writer close and exits too. A worker also
checks before each unit, and every run spills into a folder named after its run id, so a
late worker could not write where a later run looks.

Workers are spawned, not forked (the parent holds DuckDB connections and threads). Spawning
re-imports the caller's main module, so a script that calls the intake must keep its work under
`if __name__ == "__main__":`, as `tipstat`, pytest and Dagster's entry points do; or set
TIPSTAT_VALIDATION_WORKERS=1.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tipstat import progress
from tipstat.intake.naming import FileName
from tipstat.intake.validation import (
    BATCH_BYTES,
    ValidationOutcome,
    kind_batches,
    landing_size,
    validate_files,
)
from tipstat.parent_watch import die_with_parent
from tipstat.settings import EXPECTATIONS_DIR

Unit = list[tuple[Path, FileName]]
_RETRY_OFFSETS = itertools.count(900_000)  # spill names of files validated again alone


def units(items: list[tuple[Path, FileName]], batch_bytes: int = BATCH_BYTES) -> list[Unit]:
    """`validate_files`' batches (one file kind, up to `batch_bytes`), biggest first, so the pool
    ends with small units and the workers finish together."""
    batches = kind_batches(items, batch_bytes)
    batches.sort(key=lambda positions: -sum(landing_size(items[i][0]) for i in positions))
    return [[items[i] for i in positions] for positions in batches]


def _validate_unit(
    unit: Unit, expectations_dir: Path, spill_dir: Path, first: int, parent: int
) -> dict[Path, ValidationOutcome]:
    if os.getppid() != parent:  # the run that asked for this is gone
        raise SystemExit(1)
    outcomes = validate_files(unit, expectations_dir, spill_dir=spill_dir, spill_offset=first)
    return outcomes


def _warm_up(parent: int) -> None:
    """Watch the parent, then import GX and build its context before there is work (about 4 s)."""
    die_with_parent(parent)
    from tipstat.intake.validation import _gx_batch_definition

    _gx_batch_definition()


def _new_pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")  # no fork of a process holding DuckDB and threads
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_warm_up, initargs=(os.getpid(),)
    )


_warm_pool: ProcessPoolExecutor | None = None


@contextlib.contextmanager
def warm_pool(workers: int) -> Iterator[None]:
    """Start the validation workers now, so that they import GX while the caller starts Dagster;
    the next `validate_in_parallel` in this process uses them, then stops them (their memory is
    free again before dbt runs). A no-op with one worker."""
    global _warm_pool
    if workers <= 1 or _warm_pool is not None:
        yield
        return
    pool = _new_pool(workers)
    for _ in range(workers):  # a process is spawned per submitted task, up to max_workers
        pool.submit(os.getpid)
    _warm_pool = pool
    try:
        yield
    finally:
        _release_warm_pool()


def _release_warm_pool() -> None:
    global _warm_pool
    pool, _warm_pool = _warm_pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _alone(unit: Unit, expectations_dir: Path, spill_dir: Path) -> dict[Path, ValidationOutcome]:
    """Each file of a unit whose worker failed, in a fresh process of its own: a file that kills
    that process too is REJECTED (rule `parse:crashed`) and the others are judged as usual."""
    from tipstat.intake.validation import _failed

    outcomes: dict[Path, ValidationOutcome] = {}
    for item in unit:
        pool = _new_pool(1)
        try:
            future = pool.submit(
                _validate_unit, [item], expectations_dir, spill_dir, next(_RETRY_OFFSETS), os.getpid()
            )
            outcomes.update(future.result())
        except Exception as exc:
            outcomes[Path(item[0])] = _failed(
                "parse:crashed", f"reading the file stopped its validation process ({type(exc).__name__})"
            )
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    return outcomes


def validate_in_parallel(
    items: list[tuple[Path, FileName]],
    spill_dir: Path,
    workers: int,
    expectations_dir: Path = EXPECTATIONS_DIR,
) -> dict[Path, ValidationOutcome]:
    """`validate_files(items, spill_dir=spill_dir)`, spread over `workers` processes (those of
    `warm_pool` when one is running)."""
    work = units(items)
    if workers <= 1 or len(work) <= 1:
        _release_warm_pool()
        return validate_files(items, expectations_dir, spill_dir=spill_dir)
    pool = _warm_pool or _new_pool(min(workers, len(work)))
    try:
        futures = []
        first = 0
        for unit in work:
            futures.append(pool.submit(_validate_unit, unit, expectations_dir, spill_dir, first, os.getpid()))
            first += len(unit)
        outcomes: dict[Path, ValidationOutcome] = {}
        failed: list[Unit] = []
        for unit, future in zip(work, futures, strict=True):
            try:
                done = future.result()
            except Exception:  # a worker died (or raised): find which file, one at a time
                failed.append(unit)
                continue
            outcomes.update(done)
            progress.advance("validation", len(done))
        for unit in failed:
            done = _alone(unit, expectations_dir, spill_dir)
            outcomes.update(done)
            progress.advance("validation", len(done))
        return outcomes
    finally:
        if pool is _warm_pool:
            _release_warm_pool()
        else:
            pool.shutdown(wait=True, cancel_futures=True)
