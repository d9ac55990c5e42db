"""Fault injection for the crash-safety tests: `TIPSTAT_FAULT=<point>` kills the process there.

The crash test kills `tipstat run` at random moments too; these named points add the moments a
timer rarely hits: `after_load` (after a file's load transaction), `after_publish` (just after the
commit point) and `mid_filing` (a landing file copied to its place but not yet removed).
"""

from __future__ import annotations

import os
import signal

from tipstat.settings import fault_plan

_counters: dict[str, int] = {}


def point(name: str) -> None:
    """SIGKILL this process at the n-th pass of `name` when TIPSTAT_FAULT is `name` or `name:n`."""
    wanted = fault_plan()
    if not wanted:
        return
    target, _, nth = wanted.partition(":")
    if target != name:
        return
    _counters[name] = _counters.get(name, 0) + 1
    if _counters[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
