"""Validating a run's landing files in several processes (GX on pandas uses one core).

The work is cut into units of one file kind and up to `validation.BATCH_BYTES` landing bytes,
the same batches `validate_files` makes, and the units go to a pool of spawned processes. Each
worker spills the tables of the files that passed to the run's spill folder, so what comes back
is small (findings and paths). Outcomes are exactly those of `validate_files` on the same files.

A worker whose parent died (the run was killed) stops at its next unit instead of writing into a
folder a later run may own: every run spills into a folder named after its run id.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from dagster_project.intake.naming import FileName
from dagster_project.intake.validation import BATCH_BYTES, ValidationOutcome, validate_files
from dagster_project.settings import EXPECTATIONS_DIR

Unit = list[tuple[Path, FileName]]


def units(items: list[tuple[Path, FileName]], batch_bytes: int = BATCH_BYTES) -> list[Unit]:
    """Files grouped by kind, then cut into batches of up to `batch_bytes`; biggest first, so
    the pool ends with small units and the workers finish together."""
    by_kind: dict[str, Unit] = {}
    for path, name in items:
        by_kind.setdefault(name.spec.key, []).append((path, name))
    out: list[tuple[int, Unit]] = []
    for kind_items in by_kind.values():
        batch: Unit = []
        size = 0
        for path, name in kind_items:
            n = _size(path)
            if batch and size + n > batch_bytes:
                out.append((size, batch))
                batch, size = [], 0
            batch.append((path, name))
            size += n
        if batch:
            out.append((size, batch))
    out.sort(key=lambda unit: -unit[0])
    return [unit for _, unit in out]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _validate_unit(
    unit: Unit, expectations_dir: Path, spill_dir: Path, first: int, parent: int
) -> dict[Path, ValidationOutcome]:
    if os.getppid() != parent:  # the run that asked for this is gone
        raise SystemExit(1)
    outcomes = validate_files(unit, expectations_dir, spill_dir=spill_dir, spill_offset=first)
    return outcomes


def validate_in_parallel(
    items: list[tuple[Path, FileName]],
    spill_dir: Path,
    workers: int,
    expectations_dir: Path = EXPECTATIONS_DIR,
) -> dict[Path, ValidationOutcome]:
    """`validate_files(items, spill_dir=spill_dir)`, spread over `workers` processes."""
    work = units(items)
    if workers <= 1 or len(work) <= 1:
        return validate_files(items, expectations_dir, spill_dir=spill_dir)
    outcomes: dict[Path, ValidationOutcome] = {}
    context = multiprocessing.get_context("spawn")  # no fork of a process holding DuckDB and threads
    with ProcessPoolExecutor(max_workers=min(workers, len(work)), mp_context=context) as pool:
        futures = []
        first = 0
        for unit in work:
            futures.append(pool.submit(_validate_unit, unit, expectations_dir, spill_dir, first, os.getpid()))
            first += len(unit)
        for future in futures:
            outcomes.update(future.result())
    return outcomes
