"""A child process of a run dies with the run (exports.md, "Kills": a killed run leaves no process
of its own running): a watchdog thread checks the parent's pid twice a second and ends the child at
once when the parent is gone (a SIGKILL of the run, the OOM killer).

Used by the validation workers (intake/parallel.py) and by the dbt process a run starts: dagster-dbt
starts dbt with no hook of ours, so `settings.dbt_env` puts `child_hooks/` first on its PYTHONPATH
and names the run's pid; `child_hooks/sitecustomize.py` starts the watchdog as Python starts.
Without it, a `kill -9` of the run left dbt building (and on Spark, its JVM writing into the folder
the next run reads) for as long as it took.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

WATCHDOG_SECONDS = 0.5
CHILD_HOOKS = Path(__file__).resolve().parent / "child_hooks"


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)  # no cleanup: the run that wanted this work is gone
        time.sleep(WATCHDOG_SECONDS)


def die_with_parent(parent: int) -> None:
    """Start the watchdog thread (a daemon: it never keeps the child alive)."""
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="tipstat-parent-watch", daemon=True).start()
