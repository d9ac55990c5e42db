"""`tipstat dashboard` stops Streamlit when it is sent SIGTERM (it used to leave it running)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as resp:
            return resp.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def _serving_dashboard(home) -> Iterator[tuple[subprocess.Popen, int]]:
    """`tipstat dashboard` started in its own session, once Streamlit answers; whatever is left of
    it is killed afterwards (the CLI's group, and a Streamlit that outlived it)."""
    port = _free_port()
    cli = subprocess.Popen(
        [sys.executable, "-m", "tipstat.cli", "dashboard", "--home", str(home), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not _healthy(port):
            assert cli.poll() is None, "the CLI ended before Streamlit answered"
            assert time.monotonic() < deadline, "Streamlit did not start"
            time.sleep(0.3)
        yield cli, port
    finally:
        if cli.poll() is None:
            os.killpg(cli.pid, signal.SIGKILL)
        subprocess.run(["pkill", "-9", "-f", f"--server.port {port}"], check=False)


def test_sigterm_to_the_cli_stops_streamlit(tmp_path) -> None:
    with _serving_dashboard(tmp_path) as (cli, port):
        cli.send_signal(signal.SIGTERM)
        assert cli.wait(timeout=20) == 0
        deadline = time.monotonic() + 10
        while _healthy(port):
            assert time.monotonic() < deadline, "Streamlit still answers after the CLI stopped"
            time.sleep(0.2)
        with socket.socket() as s:  # nothing listens on the port any more
            assert s.connect_ex(("127.0.0.1", port)) != 0


def test_kill_9_of_the_cli_stops_streamlit(tmp_path) -> None:
    """Streamlit dies with `tipstat dashboard` even when the CLI is killed outright (it used to keep
    serving the port, so the next `tipstat dashboard` could not start)."""
    with _serving_dashboard(tmp_path) as (cli, port):
        cli.send_signal(signal.SIGKILL)
        cli.wait(timeout=10)
        deadline = time.monotonic() + 5
        while _healthy(port):
            assert time.monotonic() < deadline, "Streamlit still answers 5 s after the CLI was killed"
            time.sleep(0.2)
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0
