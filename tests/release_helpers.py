"""Make the public see a home's working figures: one release through their last quarter,
prepared, its flags acknowledged and approved by two people, public at once (releases.md).

Fixtures whose tests look at the public dashboard or public exports call this after building
their warehouse, since the public sees releases only. It is the demo's own sign-off
(`tipstat demo --release`), without the demo-home check.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

from tipstat.demo.release import sign_off
from tipstat.releases.public import latest_public
from tipstat.releases.store import Release
from tipstat.settings import Home


def publish_all(home: Home, through: str | None = None) -> Release:
    """Prepare, acknowledge every flag, approve with embargo `now`; returns the public release."""
    return sign_off(home, through)


def ensure_public(home: Home) -> Release:
    """The home's public release, made once: xdist workers share the demo home, and two of them
    preparing at once had one refused ("another release action is still running")."""
    with open(Path(home.root) / ".ensure_public.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return latest_public(home) or publish_all(home)
