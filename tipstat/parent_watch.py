"""A child process of a run dies with the run (exports.md, "Kills": a killed run leaves no process
of its own running): a watchdog thread checks the parent's pid twice a second and, when the parent
is gone (a SIGKILL of the run, the OOM killer), kills the child's own descendants and ends the
child at once.

Used by the validation workers (intake/parallel.py) and by the dbt process a run starts: dagster-dbt
starts dbt with no hook of ours, so `settings.dbt_env` puts `child_hooks/` first on its PYTHONPATH
and names the run's pid; `child_hooks/sitecustomize.py` starts the watchdog as Python starts.
Without it, a `kill -9` of the run left dbt building (and on Spark, its JVM writing into the folder
the next run reads) for as long as it took. The descendants are killed by the watchdog rather than
left to notice: the Spark JVM exits only once it sees its stdin from dbt close, which under load
took more than five seconds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path

WATCHDOG_SECONDS = 0.5
CHILD_HOOKS = Path(__file__).resolve().parent / "child_hooks"
_PROC = Path("/proc")


def _children_by_parent() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc (empty where there is no /proc)."""
    tree: dict[int, list[int]] = {}
    if not _PROC.is_dir():
        return tree
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")"
        fields = stat[stat.rfind(")") + 2 :].split()
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, parents before their children."""
    tree = _children_by_parent()
    found: list[int] = []
    todo = list(tree.get(pid, []))
    while todo:
        child = todo.pop(0)
        found.append(child)
        todo.extend(tree.get(child, []))
    return found


def kill_descendants() -> None:
    """SIGKILL every descendant of this process; twice, for one forked while the first pass ran."""
    for _ in range(2):
        for pid in descendants(os.getpid()):
            with contextlib.suppress(OSError):  # already gone
                os.kill(pid, signal.SIGKILL)


def _end() -> None:
    kill_descendants()
    os._exit(1)  # no cleanup: the run that wanted this work is gone


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            _end()
        time.sleep(WATCHDOG_SECONDS)


def die_with_parent(parent: int) -> None:
    """Start the watchdog thread (a daemon: it never keeps the child alive)."""
    if os.getppid() != parent:
        _end()
    threading.Thread(target=_watch_parent, args=(parent,), name="tipstat-parent-watch", daemon=True).start()
