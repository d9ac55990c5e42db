"""`tipstat serve`: the Dagster daemon (landing sensor, schedules, run queue) and web UI for a home.

Both are started from this environment's executables in one new process group, with TIPSTAT_HOME
set to the home and DAGSTER_HOME to `<home>/.dagster` (run history, the sensor's cursor, logs).
The group's id is in `<home>/.dagster/serve.pgid` while it runs.
SIGTERM or SIGINT stops the whole group (the daemon, the web UI, their code servers and any run
in progress: a run killed before its publish changes nothing), then waits for it. If either
process exits on its own the other is stopped too, and the exit code says so, so that a service
manager restarts the pair.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tipstat.contract import REPO_ROOT
from tipstat.settings import Home, serve_env

DAGSTER_YAML = """\
# written by `tipstat serve`; edit freely, it is not overwritten
telemetry:
  enabled: false
concurrency:
  runs:
    # one pipeline run at a time per home (the run lock refuses a second one anyway)
    max_concurrent_runs: 1
"""
STOP_GRACE_SECONDS = 20.0


def dagster_home(home: Home) -> Path:
    return home.root / ".dagster"


def prepare(home: Home) -> dict[str, str]:
    """The folders and the environment of the served processes."""
    home.ensure()
    folder = dagster_home(home)
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    return serve_env(home.root, folder, REPO_ROOT)


def commands(host: str, port: int) -> list[list[str]]:
    bin_dir = Path(sys.executable).parent
    target = ["-m", "dagster_project.definitions"]
    return [
        [str(bin_dir / "dagster-daemon"), "run", *target],
        [str(bin_dir / "dagster-webserver"), *target, "-h", host, "-p", str(port)],
    ]


def serve(home: Home, host: str = "127.0.0.1", port: int = 3000, say=print) -> int:
    """Run the daemon and the web UI until a signal or until one of them exits."""
    env = prepare(home)
    daemon_cmd, web_cmd = commands(host, port)
    daemon = subprocess.Popen(daemon_cmd, env=env, cwd=REPO_ROOT, process_group=0)
    group = daemon.pid
    try:
        web = subprocess.Popen(web_cmd, env=env, cwd=REPO_ROOT, process_group=group)
    except OSError:
        _stop_group(group, (daemon,))
        raise
    pid_file = dagster_home(home) / "serve.pgid"
    pid_file.write_text(f"{group}\n", encoding="utf-8")
    stopping = {"signal": 0}

    def on_signal(signum, _frame):
        stopping["signal"] = signum

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    say(
        f"Dagster UI on http://{host}:{port} for {home.root} "
        f"(DAGSTER_HOME {dagster_home(home)}); Ctrl+C to stop"
    )
    code = 0
    try:
        while not stopping["signal"]:
            for proc in (daemon, web):
                if proc.poll() is not None:
                    say(f"{Path(proc.args[0]).name} exited with code {proc.returncode}: stopping")
                    code = proc.returncode or 1
                    stopping["signal"] = -1
            time.sleep(0.5)
    finally:
        _stop_group(group, (daemon, web))
        pid_file.unlink(missing_ok=True)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return code


def _stop_group(group: int, procs: tuple[subprocess.Popen, ...]) -> None:
    """SIGTERM to the group, then SIGKILL to what is left after the grace period."""
    try:
        os.killpg(group, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    while time.monotonic() < deadline:
        if all(p.poll() is not None for p in procs) and not _group_alive(group):
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)
    for p in procs:
        p.wait()


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
