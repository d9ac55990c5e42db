"""Progress of a long run, per stage, for whoever is watching (`tipstat run`, `tipstat release
prepare` and `tipstat demo --release` in a terminal).

The pipeline reports stages and files done through `start`/`advance`/`finish`; nothing happens
unless a reporter is installed with `reporting(...)`, so the Dagster daemon, tests and a run whose
output is not a terminal stay silent. Reporters are called from the running process only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Protocol

STAGES = {
    "validation": "validating files",
    "load": "loading files",
    "dbt": "building the figures (dbt)",
    "publish": "publishing",
    "protect": "protecting the public tables",  # release prepare: one step per block (disclosure.md)
}


class Reporter(Protocol):
    def start(self, stage: str, total: int | None) -> None: ...
    def advance(self, stage: str, n: int) -> None: ...
    def finish(self, stage: str) -> None: ...


_reporter: Reporter | None = None


def start(stage: str, total: int | None) -> None:
    if _reporter is not None:
        _reporter.start(stage, total)


def advance(stage: str, n: int = 1) -> None:
    if _reporter is not None:
        _reporter.advance(stage, n)


def finish(stage: str) -> None:
    if _reporter is not None:
        _reporter.finish(stage)


@contextlib.contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    global _reporter
    previous, _reporter = _reporter, reporter
    try:
        yield
    finally:
        _reporter = previous


class RichReporter:
    """One rich progress bar per stage, with files (or dbt nodes) done and to do."""

    def __init__(self, progress) -> None:  # rich.progress.Progress
        self.progress = progress
        self.tasks: dict[str, int] = {}

    def start(self, stage: str, total: int | None) -> None:
        label = STAGES.get(stage, stage)
        if stage in self.tasks:
            self.progress.reset(self.tasks[stage], total=total, description=label)
        else:
            self.tasks[stage] = self.progress.add_task(label, total=total)

    def advance(self, stage: str, n: int) -> None:
        if stage not in self.tasks:
            self.start(stage, None)
        self.progress.advance(self.tasks[stage], n)

    def finish(self, stage: str) -> None:
        if stage in self.tasks:
            task = self.progress.tasks[self.tasks[stage]]
            total = task.total if task.total is not None else task.completed
            self.progress.update(self.tasks[stage], total=total, completed=total)


@contextlib.contextmanager
def terminal_progress(console) -> Iterator[None]:
    """A rich progress display on `console` if it is a terminal; silent otherwise."""
    if not console.is_terminal:
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # bound to the terminal's stream now: the run redirects sys.stdout/stderr to its log file
    console = Console(file=console.file, force_terminal=True)

    bar = Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        redirect_stdout=False,
        redirect_stderr=False,
        transient=False,
    )
    with bar, reporting(RichReporter(bar)):
        yield
