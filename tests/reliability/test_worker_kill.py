"""Validation workers die with their parent (exports.md, "Kills"; issue 17 defect 17): a SIGKILL
of the main process only, as the OOM killer or `kill -9 <pid>` sends, leaves no worker and no
multiprocessing resource tracker behind. (The crash test does the same on a whole `tipstat run`.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.reliability.harness import alive_in_session

SCRIPT = """
import os, time
from tipstat.intake.parallel import _new_pool

if __name__ == "__main__":
    pool = _new_pool(2)
    for _ in range(2):  # a process is spawned per submitted task, up to max_workers
        pool.submit(os.getpid)
    print("ready", flush=True)
    time.sleep(600)
"""


def test_sigkill_of_the_parent_ends_the_validation_workers_and_the_resource_tracker() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            alive = alive_in_session(proc.pid)
            if sum("spawn_main" in p for p in alive) == 2 and any("resource_tracker" in p for p in alive):
                break
            time.sleep(0.1)
        assert sum("spawn_main" in p for p in alive) == 2, alive
        assert any("resource_tracker" in p for p in alive), alive
        os.kill(proc.pid, signal.SIGKILL)  # the main process only
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while (alive := alive_in_session(proc.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert alive == [], f"still running after their parent was killed: {alive}"
    finally:
        for line in alive_in_session(proc.pid):  # never leave a process behind, even on failure
            os.kill(int(line.split(":")[0]), signal.SIGKILL)
