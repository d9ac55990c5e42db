"""A real `streamlit run app/main.py` on a free localhost port, on a synthetic warehouse."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.launch import dashboard_command, dashboard_env
from tests.app import synthetic_warehouse as synthetic
from tests.release_helpers import publish_all
from tipstat.settings import Home

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Dashboard:
    url: str
    home: Home


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install it with apt-get install chromium")
    home = Home.resolve(tmp_path_factory.mktemp("browser_home"))
    synthetic.write_warehouse(home.warehouse)
    publish_all(home)  # the public dashboard shows releases only (releases.md)
    with served(home) as url:
        yield Dashboard(url, home)


@contextlib.contextmanager
def served(home: Home, start_timeout: float = 90) -> Iterator[str]:
    """`tipstat dashboard`'s Streamlit on `home` (public mode) on a free port; its URL once healthy.
    Stopped with its process group afterwards."""
    port = _free_port()
    env = {**os.environ, **dashboard_env(home)}
    env.pop("TIPSTAT_MODE", None)
    log = (home.root / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [*dashboard_command(home, port), "--server.address", "127.0.0.1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((home.root / "streamlit.log").read_text())
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
        log.close()


@pytest.fixture(scope="module")
def browser_page(dashboard: Dashboard):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2400})
        yield page
        browser.close()
