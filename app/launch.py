"""How `tipstat dashboard` starts Streamlit (the CLI calls these two functions)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from tipstat.settings import Home, child_env, die_with_me_env

MAIN = Path(__file__).resolve().parent / "main.py"


def dashboard_command(home: Home, port: int) -> list[str]:
    """`streamlit run app/main.py` headless on `port`; no usage statistics (offline deployments)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(MAIN),
        "--server.headless",
        "true",
        "--server.port",
        str(int(port)),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "minimal",
        "--client.showErrorDetails",
        "none",
        "--runner.postScriptGC",
        "false",
    ]


def dashboard_env(home: Home) -> dict[str, str]:
    """Environment additions: where the published warehouse is. The mode stays as configured."""
    return {"TIPSTAT_HOME": str(home.root)}


def run_dashboard(home: Home, port: int) -> int:
    """Run Streamlit until it ends; SIGTERM, SIGINT or SIGHUP to this process stop it too.

    `subprocess.call` left Streamlit running when the CLI got SIGTERM (the default handler ends
    the CLI at once, without passing the signal on). Here the signal is forwarded to Streamlit's
    process group, and Streamlit gets 10 s to stop before it is killed.
    """
    import os
    import signal
    import subprocess

    # Streamlit dies with this process even when it is killed (kill -9 left it serving the port)
    env = child_env({**dashboard_env(home), **die_with_me_env()})
    proc = subprocess.Popen(dashboard_command(home, port), env=env, start_new_session=True)

    def forward(signum: int, _frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    try:
        while True:
            try:
                code = proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                continue
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if proc.poll() is None:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
    # Stopped by a signal we forwarded: a clean stop for the caller.
    return 0 if code in (-signal.SIGTERM, -signal.SIGINT) else code
