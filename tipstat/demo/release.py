"""Sign off a demo home's working figures as a release, so its public dashboard shows them.

The public sees releases only (releases.md). On a demo home nobody is there to sign off, so
`tipstat demo --release` plays the release cycle with two synthetic statisticians: prepare through
the last quarter of the working figures, acknowledge every quality flag, approve with the embargo
at once. It refuses a home that `tipstat demo` did not write: real figures are released only by
real people with `tipstat release`.
"""

from __future__ import annotations

from tipstat.disclosure.build import last_period
from tipstat.exports.data import publication
from tipstat.releases.lifecycle import ReleaseRefused, acknowledge, approve, prepare
from tipstat.releases.public import latest_public
from tipstat.releases.store import Release
from tipstat.settings import Home
from tipstat.warehouse import read_published

DEMO_PREPARER = "demo-preparer (synthetic)"
DEMO_APPROVER = "demo-approver (synthetic)"
DEMO_REASON = "synthetic demo: its broken, late and missing files are there on purpose"


class NotADemoHome(RuntimeError):
    """The home has no demo manifest: its figures are not the demo's."""


def last_quarter(home: Home) -> str:
    """The last quarter of the working figures, as `YYYYQn`."""
    with read_published(home) as con:
        last = last_period(con)
    if last is None:
        raise ReleaseRefused(f"{home.root} has no covered quarter to release")
    return f"{last // 4}Q{last % 4 + 1}"


def sign_off(home: Home, through: str | None = None) -> Release:
    """Prepare, acknowledge every flag and approve (embargo: now); returns the public release."""
    release = prepare(home, through or last_quarter(home), by=DEMO_PREPARER, note=DEMO_REASON)
    if release.flags:
        acknowledge(home, release.id, ["all"], by=DEMO_APPROVER, why=DEMO_REASON)
    reason = DEMO_REASON if release.incomplete_periods else None
    return approve(home, release.id, by=DEMO_APPROVER, embargo_until="now", accept_incomplete=reason)


def release_demo(home: Home) -> tuple[Release, bool]:
    """The public release of a demo home's current figures, and whether it was made now (False:
    the latest public release already holds this run's figures, nothing changed)."""
    if not (home.root / "demo_manifest.json").exists():
        raise NotADemoHome(
            f"{home.root} was not written by `tipstat demo`: release real figures with `tipstat release`"
        )
    current = latest_public(home)
    with read_published(home) as con:
        run_id = publication(con).run_id
    if current is not None and current.run_id == run_id:
        return current, False
    return sign_off(home), True
