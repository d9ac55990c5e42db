"""Helpers for the reliability tests: real `tipstat run` processes on real homes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

from tipstat.settings import Home

TIPSTAT = [sys.executable, "-m", "tipstat.cli"]


def tipstat_run(
    home: Path, *args: str, env: dict | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*TIPSTAT, "run", "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def start_run(home: Path, env: dict | None = None) -> subprocess.Popen:
    """A run in its own process group, so a kill takes its dbt child with it."""
    return subprocess.Popen(
        [*TIPSTAT, "run", "--home", str(home)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )


def kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)


def copy_landing(source: Path, home: Path) -> None:
    """Copy a landing folder with its modification times (arrival times) intact."""
    target = home / "landing"
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        shutil.copy2(entry, target / entry.name)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def landing_digests(landing: Path) -> list[tuple[str, str]]:
    return sorted((p.name, sha256(p)) for p in landing.iterdir() if p.is_file())


def filed_digests(home: Path) -> list[tuple[str, str]]:
    """(original name, SHA-256) of every file in archive/ and quarantine/ (reports excluded)."""
    out = []
    for path in (home / "archive").rglob("*"):
        if path.is_file():
            out.append((path.name, sha256(path)))
    for path in (home / "quarantine").iterdir():
        if path.is_file() and not path.name.endswith((".report.txt", ".report.json")):
            out.append((path.name.split("__", 1)[1], sha256(path)))
    return sorted(out)


def published_state(home: Path) -> dict:
    """Every published table and the submissions, minus what legitimately differs run to run."""
    con = duckdb.connect(str(Home.resolve(home).warehouse), read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'reporting' "
                "AND table_name <> 'publication' ORDER BY 1"
            ).fetchall()
        ]
        state = {
            name: sorted(map(repr, con.execute(f'SELECT * FROM reporting."{name}"').fetchall()))
            for name in names
        }
        state["intake.submissions"] = sorted(
            map(
                repr,
                con.execute(
                    "SELECT submission_id, feed, entity, period, version, file_name, sha256, received_at, "
                    "status, rows, due_date, on_time, reason, stored_path FROM intake.submissions"
                ).fetchall(),
            )
        )
        for table in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' ORDER BY 1"
        ).fetchall():
            state[f"raw.{table[0]}"] = con.execute(f'SELECT count(*) FROM raw."{table[0]}"').fetchone()[0]
        return state
    finally:
        con.close()


def alive_in_session(sid: int) -> list[str]:
    """Command lines of the live (not zombie) processes of session `sid` (the run's session: its
    workers and resource tracker keep it even once re-parented)."""
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getsid(int(entry)) != sid:
                continue
            stat_line = Path(f"/proc/{entry}/stat").read_text()
            if stat_line.rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                continue
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            alive.append(f"{entry}: {cmd[:160]}")
        except (ProcessLookupError, FileNotFoundError, PermissionError):
            continue
    return alive
