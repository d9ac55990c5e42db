"""The public Data quality page shows file names and reasons only through `render.safe_text`
(issue 17: a phone number in a file name or reason, ESC sequences and markup reached the page).
The warehouse here holds them unsafe, as a warehouse written before the fix does."""

from __future__ import annotations

import duckdb
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP_MAIN
from tests.app.disclosure_scan import tables
from tests.app.synthetic_warehouse import write_warehouse
from tests.release_helpers import publish_all
from tipstat.settings import Home

HOSTILE_NAME = "police_victims_2024Q1_0912 345 678\x1b[2J.csv"
HOSTILE_REASON = "columns: 1 not in the contract: 0791 2345 6789 [/x]\x07"


def test_the_quality_page_shows_hostile_names_and_reasons_safely(tmp_path, monkeypatch) -> None:
    home = Home.resolve(tmp_path / "home")
    home.root.mkdir(parents=True)
    write_warehouse(home.warehouse)
    con = duckdb.connect(str(home.warehouse))
    try:
        con.execute(
            "INSERT INTO reporting.submissions "
            "(file_name, feed, period, sha256, received_at, status, reason) VALUES "
            "($n, 'police', '2024Q1', repeat('0', 64), TIMESTAMP '2025-06-01 08:00:00', 'REJECTED', $r)",
            {"n": HOSTILE_NAME, "r": HOSTILE_REASON},
        )
    finally:
        con.close()
    publish_all(home)  # the public dashboard shows releases only (releases.md)
    monkeypatch.setenv("TIPSTAT_HOME", str(home.root))
    monkeypatch.delenv("TIPSTAT_MODE", raising=False)
    at = AppTest.from_file(str(APP_MAIN), default_timeout=60).run()
    at.switch_page("screens/quality.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(frame.to_csv() for frame in tables(at))
    assert "police_victims_2024Q1_[redacted]\\x1b[2J.csv" in shown
    # the reason is shown translated from its rule code (app/reasons.py): none of its text is
    for unsafe in ("0912 345 678", "0791 2345 6789", "\x1b", "\x07"):
        assert unsafe not in shown
