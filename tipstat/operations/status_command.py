"""What `tipstat status` prints, by option (the command itself is in tipstat/cli.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from rich.console import Console

from tipstat.settings import Home
from tipstat.warehouse import read_published


def today_local():
    from tipstat.intake.registry import local_date

    return local_date(datetime.now(UTC).replace(tzinfo=None))


def show_status(console: Console, home: Home, wide: bool, as_json: bool, overdue: bool) -> None:
    from tipstat.operations.overdue import overdue_payload
    from tipstat.operations.status_view import compact_status, overdue_view, status_json

    today = today_local()
    with read_published(home) as con:
        if overdue and as_json:
            print(json.dumps(overdue_payload(con, today), indent=2, ensure_ascii=False, default=str))
        elif as_json:
            print(json.dumps(status_json(con, today), indent=2, ensure_ascii=False, default=str))
        elif overdue:
            console.print(overdue_view(con, today))
        elif wide:
            from tipstat.intake.status import status_report

            console.print(status_report(con))
        else:
            console.print(compact_status(con, today))
