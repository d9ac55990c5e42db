"""Fault injection for the crash-safety tests: `TIPSTAT_FAULT=<point>` kills the process there.

The crash test kills `tipstat run` at random moments too; these named points add the moments a
timer rarely hits (just after the commit point, half-way through filing landing files).
"""

from __future__ import annotations

import os
import signal

_counters: dict[str, int] = {}


def point(name: str) -> None:
    """SIGKILL this process at the n-th pass of `name` when TIPSTAT_FAULT is `name` or `name:n`."""
    wanted = os.environ.get("TIPSTAT_FAULT")
    if not wanted:
        return
    target, _, nth = wanted.partition(":")
    if target != name:
        return
    _counters[name] = _counters.get(name, 0) + 1
    if _counters[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
