"""The audit trail of releases: every action (who, when in UTC, what, why) kept in the release's
record, written in the same atomic replace as the change it describes, so neither exists without
the other. Refused actions change nothing and are therefore not recorded."""

from __future__ import annotations

from datetime import datetime

from tipstat.releases.store import Action, Release
from tipstat.releases.timezone import utc_text


def record(
    release: Release, at: datetime, by: str, action: str, why: str | None = None, detail: str | None = None
) -> None:
    release.actions.append(Action(at=utc_text(at) or "", by=by, action=action, why=why, detail=detail))


def trail(release: Release) -> list[dict]:
    return [
        {"at": a.at, "by": a.by, "action": a.action, "why": a.why, "detail": a.detail}
        for a in release.actions
    ]
