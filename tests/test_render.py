"""`tipstat.render.safe_text`, the one safe rendering, and the outputs that use it (issue 17:
ESC sequences, Rich markup, bytes that are not UTF-8 and personal data in names and reasons)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

import duckdb
from rich.console import Console

from tipstat.contract import DIGIT_ZEROS
from tipstat.intake.loading import record_submission
from tipstat.intake.status import status_report
from tipstat.intake.tables import SubmissionRow, ensure_schema
from tipstat.render import DASHES, REDACTED, safe_text
from tipstat.runs import RunOutcome
from tipstat.settings import Home
from tipstat.summary import print_run_summary

ESC_NAME = "police_victims_2024Q1\x1b]0;pwned\x07\x1b[2K.csv"
MARKUP_REASON = "columns: 1 not in the contract: [/x]; and [redacted]"


def test_control_characters_and_bidi_overrides_are_escaped() -> None:
    assert safe_text(ESC_NAME) == "police_victims_2024Q1\\x1b]0;pwned\\x07\\x1b[2K.csv"
    assert safe_text("a\nb\tc\x9bd\u202ee") == "a\\x0ab\\x09c\\x9bd\\u202ee"
    assert safe_text("Hình thức bóc lột") == "Hình thức bóc lột"  # Vietnamese is kept as it is


def test_bytes_that_are_not_utf8_are_shown_escaped_and_can_be_stored() -> None:
    raw = b"police_victims_2024Q3_\xd0\xe3.csv"
    shown = safe_text(raw)
    assert shown == "police_victims_2024Q3_\\xd0\\xe3.csv"
    assert safe_text(raw.decode("utf-8", "surrogateescape")) == shown
    shown.encode("utf-8")


def test_personal_data_is_redacted_in_any_script_and_with_any_dash() -> None:
    for text in ("0791 2345 6789", "+84 912 345 678", "0912\u2013345\u2013678", "a.b@example.org"):
        assert safe_text(f"column {text} here") in (f"column {REDACTED} here", f"column {REDACTED}")
    for zero in DIGIT_ZEROS:  # ten digits of every Unicode decimal digit set
        digits = "".join(chr(zero + d) for d in (0, 9, 1, 2, 3, 4, 5, 6, 7, 8))
        assert safe_text(digits) == REDACTED, hex(zero)
    assert safe_text("2025Q3 (2025-07-01 to 2025-09-30), rows 2, 3, 4") == (
        "2025Q3 (2025-07-01 to 2025-09-30), rows 2, 3, 4"
    )


def test_dashes_are_every_unicode_dash() -> None:
    pd = {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Pd"}
    assert pd <= set(DASHES)


def test_safe_text_is_idempotent_and_escapes_markup_on_request() -> None:
    for text in (ESC_NAME, MARKUP_REASON, "x 0912 345 678", "\udcd0"):
        once = safe_text(text)
        assert safe_text(once) == once
    assert safe_text("[/x] [redacted]", markup=True) == "\\[/x] \\[redacted]"


def _console() -> Console:
    return Console(record=True, width=300, force_terminal=False, color_system=None)


def _row(sid: str, name: str, status: str, reason: str) -> SubmissionRow:
    now = datetime(2026, 1, 15, 3, 0)
    return SubmissionRow(sid, None, None, None, None, name, "0" * 64, now, status, None, None, None, reason,
                         1, 1, f"quarantine/{sid}__x", now, "run")  # fmt: skip


def test_status_and_run_summary_print_hostile_names_and_reasons_literally(tmp_path: Path) -> None:
    """On main, `[/x]` made `tipstat status` exit with MarkupError, `[redacted]` was eaten as
    markup and ESC sequences reached the terminal."""
    con = duckdb.connect()
    ensure_schema(con)
    rows = [
        _row("a1", safe_text(ESC_NAME), "REJECTED", "bad file name"),
        _row("a2", "police_suspects_2024Q2.csv", "REJECTED", MARKUP_REASON),
        _row("a3", "x.csv", "REJECTED", "name holds 0912 345 678"),  # stored unsafe by some other writer
    ]
    for row in rows:
        record_submission(con, row)
    console = _console()
    console.print(status_report(con))
    outcome = RunOutcome(True, "run-1", True, [{**r.__dict__} for r in rows])
    print_run_summary(console, Home(tmp_path), outcome)
    text = console.export_text()
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b]0;pwned" in text
    assert text.count("[/x]") == 2 and text.count("[redacted]") >= 4
    assert "0912 345 678" not in text
