"""What `tipstat run` prints (tipstat.summary): counts by status, late files, why files were
rejected (never a value), and where to look."""

from __future__ import annotations

import io

from rich.console import Console

from tipstat.runs import RunOutcome
from tipstat.settings import Home
from tipstat.summary import print_run_summary


def _row(name: str, status: str, on_time: bool | None = True, reason: str | None = None) -> dict:
    return {"file_name": name, "status": status, "on_time": on_time, "reason": reason}


def _printed(outcome: RunOutcome, home: Home) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    print_run_summary(console, home, outcome)
    return console.export_text()


def test_a_published_run_lists_counts_late_files_and_why_files_were_rejected(tmp_path):
    home = Home.resolve(tmp_path)
    rows = [
        _row("police_victims_2025Q3.csv", "ACCEPTED"),
        _row("border_victims_2025Q3.xlsx", "ACCEPTED", on_time=False),
        _row("police_cases_2025Q3.csv", "REJECTED", reason="code_list:article in column article (row 2)"),
        _row("police_victims_0912345678.csv", "REJECTED", on_time=None, reason="bad file name"),
        _row("court_defendants_2025Q3_v2.csv", "DUPLICATE", reason="same bytes as v1"),
    ]
    text = _printed(RunOutcome(success=True, run_id="abcdef0123", published=True, submissions=rows), home)
    assert "Run abcdef01 published" in text and "5 new files" in text
    assert "2 accepted" in text and "2 rejected" in text and "1 duplicate" in text and "1 late" in text
    assert "code_list:article in column article (row 2)" in text
    assert "border_victims_2025Q3.xlsx" in text and "LATE" in text  # late but accepted: listed
    assert "police_victims_2025Q3.csv" not in text  # on time and accepted: nothing to do
    assert "0912345678" not in text and "[redacted]" in text  # a phone number in a file name
    assert str(home.quarantine) in text


def test_a_run_with_nothing_new_says_so(tmp_path):
    text = _printed(RunOutcome(success=True, run_id="-", published=False), Home.resolve(tmp_path))
    assert "Nothing new" in text
