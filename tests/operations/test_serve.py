"""`tipstat serve` end to end: the daemon and web UI start on a temporary home (127.0.0.1 only), a
file dropped in landing is picked up by the sensor and run, the UI's GraphQL shows the file
validation as checks on the raw tables, and SIGTERM stops every process of the group."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.intake.builders import write_file
from tipstat.settings import Home

pytestmark = pytest.mark.slow
START_TIMEOUT = 240
RUN_TIMEOUT = 360

CHECKS_QUERY = """
query ($keys: [AssetKeyInput!]) {
  assetNodes(assetKeys: $keys) {
    assetKey { path }
    assetChecksOrError { ... on AssetChecks { checks { name } } }
  }
}
"""
# the executions of one check (a schedule's run may have planned a newer one meanwhile)
EXECUTIONS_QUERY = """
query ($key: AssetKeyInput!, $check: String!) {
  assetCheckExecutions(assetKey: $key, checkName: $check, limit: 10) {
    runId
    status
    evaluation {
      success
      metadataEntries {
        label
        ... on IntMetadataEntry { intValue }
        ... on JsonMetadataEntry { jsonString }
        ... on TextMetadataEntry { text }
      }
    }
  }
}
"""
RUNS_QUERY = """
query { runsOrError { ... on Runs { results { runId jobName status tags { key value } } } } }
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(port: int, query: str, variables: dict | None = None) -> dict:
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        data = json.loads(response.read())
    assert "errors" not in data, data
    return data["data"]


def _wait(what: str, check, timeout: float, serve: subprocess.Popen):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert serve.poll() is None, f"tipstat serve exited with {serve.returncode} while waiting for {what}"
        try:
            value = check()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _living_members(group: int) -> list[str]:
    """Processes of the group that still run (zombies waiting for a reaper do not count)."""
    living = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            living.append(stat.parent.name)
    return living


def _run_finished(port: int):
    runs = _graphql(port, RUNS_QUERY)["runsOrError"]["results"]
    done = [r for r in runs if r["jobName"] == "tipstat_run" and r["status"] in ("SUCCESS", "FAILURE")]
    return runs if done else None


def test_serve_picks_up_a_dropped_file_and_shows_checks_on_the_raw_tables(tmp_path: Path):
    home = Home.resolve(tmp_path / "home")
    port = _free_port()
    env = {
        **os.environ,
        "TIPSTAT_SETTLE_SECONDS": "1",
        "TIPSTAT_SENSOR_INTERVAL": "1",
        "TIPSTAT_VALIDATION_WORKERS": "1",
    }
    # open for the whole life of the served processes, closed in the finally below
    log = open(tmp_path / "serve.log", "w", encoding="utf-8")  # noqa: SIM115
    tipstat = str(Path(sys.executable).parent / "tipstat")
    serve = subprocess.Popen(
        [tipstat, "serve", "--home", str(home.root), "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    group = None
    try:
        _wait(
            "the web UI",
            lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5).status == 200,
            START_TIMEOUT,
            serve,
        )
        group = int((home.root / ".dagster" / "serve.pgid").read_text())
        # a sender's upload: written under a temporary dot name, then renamed
        upload = write_file(home.landing, "police", "cases", "2025Q3", name=".police_cases_2025Q3.csv.part")
        upload.rename(home.landing / "police_cases_2025Q3.csv")
        runs = _wait("the sensor's run", lambda: _run_finished(port), RUN_TIMEOUT, serve)

        (run,) = [r for r in runs if r["jobName"] == "tipstat_run"]
        assert run["status"] == "SUCCESS", (tmp_path / "serve.log").read_text()[-4000:]
        tags = {t["key"]: t["value"] for t in run["tags"]}
        assert tags["dagster/sensor_name"] == "landing_sensor"
        record = json.loads((home.root / "reports" / "runs" / f"{run['runId']}.json").read_text())
        assert record["started_by"] == "sensor landing_sensor"
        assert [(f["file_name"], f["status"], f["rows"]) for f in record["files"]] == [
            ("police_cases_2025Q3.csv", "ACCEPTED", 3)
        ]
        assert home.warehouse.exists() and (home.archive / "police" / "police_cases_2025Q3.csv").exists()
        assert list(home.landing.iterdir()) == []

        keys = [{"path": ["raw", "police__cases"]}, {"path": ["raw", "police__suspects"]}]
        nodes = _graphql(port, CHECKS_QUERY, {"keys": keys})["assetNodes"]
        listed = {
            (n["assetKey"]["path"][1], c["name"]) for n in nodes for c in n["assetChecksOrError"]["checks"]
        }
        checks = {}
        for table, name in listed:
            variables = {"key": {"path": ["raw", table]}, "check": name}
            executions = _graphql(port, EXECUTIONS_QUERY, variables)["assetCheckExecutions"]
            (checks[(table, name)],) = [e for e in executions if e["runId"] == run["runId"]]
        assert set(checks) == {
            ("police__cases", "file_validation"),
            ("police__cases", "due_dates"),
            ("police__suspects", "file_validation"),
            ("police__suspects", "due_dates"),
        }
        cases = checks[("police__cases", "file_validation")]
        assert cases["status"] == "SUCCEEDED" and cases["evaluation"]["success"]
        meta = {m["label"]: m for m in cases["evaluation"]["metadataEntries"]}
        assert meta["files_this_run"]["intValue"] == 1 and meta["accepted"]["intValue"] == 1
        (shown,) = json.loads(meta["files"]["jsonString"])
        assert shown == {
            "file": "police_cases_2025Q3.csv",
            "quarter": "2025Q3",
            "version": 1,
            "status": "ACCEPTED",
            "rows": 3,
            "columns": 8,
            "broken_rules": [],
        }
        suspects = checks[("police__suspects", "file_validation")]
        suspects_meta = {m["label"]: m for m in suspects["evaluation"]["metadataEntries"]}
        assert suspects_meta["files_this_run"]["intValue"] == 0
        # only police cases 2025Q3 was ever delivered: every later quarter whose due date passed
        # (2025Q4 was due on 30 January 2026) is overdue, 2025Q3 is in force
        due = checks[("police__cases", "due_dates")]
        assert due["status"] == "FAILED" and not due["evaluation"]["success"]  # a warning
        due_meta = {m["label"]: m for m in due["evaluation"]["metadataEntries"]}
        assert due_meta["latest_quarter_in_force"]["text"] == "2025Q3"
        assert due_meta["quarters_overdue"]["intValue"] >= 1
    finally:
        if serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
        try:
            code = serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            code = None
        log.close()
    assert code == 0
    assert group is not None and _living_members(group) == []
    assert not (home.root / ".dagster" / "serve.pgid").exists()
