"""The watchdog of tipstat/parent_watch.py on real processes: when the parent of a watched child
is killed, the child ends and so does everything it started, even a process that never reads its
stdin (the Spark JVM under dbt only noticed its stdin closing, which under load took > 5 s)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tipstat.parent_watch import descendants

# A: the "run"; B: its watched child (dbt); C: what B started (the JVM), which ignores stdin
_CHILD = textwrap.dedent(
    """
    import os, subprocess, sys, time
    from tipstat.parent_watch import die_with_parent
    die_with_parent(int(sys.argv[1]))
    grandchild = subprocess.Popen(["sleep", "120"], stdin=subprocess.DEVNULL)
    print(os.getpid(), grandchild.pid, flush=True)
    time.sleep(120)
    """
)
_PARENT = textwrap.dedent(
    """
    import os, subprocess, sys, time
    subprocess.Popen([sys.executable, "-c", sys.argv[1], str(os.getpid())])
    time.sleep(120)
    """
)


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] != "Z"


def test_killing_the_parent_ends_the_child_and_what_it_started() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT, _CHILD], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        child, grandchild = (int(x) for x in parent.stdout.readline().split())
        assert descendants(parent.pid) == [child, grandchild]
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 3  # the watchdog looks twice a second
        while (_running(child) or _running(grandchild)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(child), "the watched child outlived its parent"
        assert not _running(grandchild), "what the watched child started outlived it"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)


def test_descendants_lists_parents_before_children() -> None:
    shell = subprocess.Popen(["sh", "-c", "sleep 60 & sleep 60 & wait"], start_new_session=True)
    try:
        deadline = time.monotonic() + 5
        while len(descendants(shell.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        below = descendants(shell.pid)
        assert len(below) == 2
        assert all(Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"sleep") for pid in below)
        assert descendants(below[0]) == []
    finally:
        os.killpg(shell.pid, signal.SIGKILL)
        shell.wait()
