"""The release cycle: prepare (DRAFT) → acknowledge flags → approve (APPROVED, with an embargo)
→ public from the embargo on; withdraw at any point. Each action runs under the release lock,
checks everything first and raises ReleaseRefused (one line, nothing changed) or writes once."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import duckdb

from tipstat import faults
from tipstat.releases import audit, flags, public, snapshot
from tipstat.releases.ids import BadInput, Quarter, check_release_id, next_release_id, parse_quarter
from tipstat.releases.revisions import REVISION_COLUMNS, revisions_sql
from tipstat.releases.store import (
    APPROVED,
    DRAFT,
    WITHDRAWN,
    Release,
    ReleaseBusy,
    list_releases,
    load_release,
    public_dir,
    release_lock,
    remove_leftovers,
    save_release,
    snapshot_path,
)
from tipstat.releases.timezone import VIET_NAM, parse_embargo, parse_stored, utc_text, viet_nam_text
from tipstat.settings import Home
from tipstat.settings import now as clock_now

# an embargo typed for "now" may be a few seconds old when it reaches us
EMBARGO_GRACE = timedelta(minutes=1)


class ReleaseRefused(Exception):
    """A refused release action; the message (one line) says why. Nothing was changed."""


def _now(now: datetime | None) -> datetime:
    return now or clock_now()


def _name(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ReleaseRefused(f"{what} is required")
    if "\n" in text:
        raise ReleaseRefused(f"{what} must be one line")
    return text


def _get(home: Home, release_id: str) -> Release:
    try:
        rid = check_release_id(release_id)
    except BadInput as exc:
        raise ReleaseRefused(str(exc)) from None
    release = load_release(home, rid)
    if release is None:
        known = ", ".join(r.id for r in list_releases(home)) or "none yet"
        raise ReleaseRefused(f"no release {rid} (releases: {known})")
    return release


def latest_approved(home: Home, exclude: str | None = None) -> Release | None:
    """The release new revisions and breaks are measured against: the last one approved and
    not withdrawn."""
    approved = [r for r in list_releases(home) if r.status == APPROVED and r.id != exclude]
    return max(approved, key=lambda r: (r.approved_at or "", r.id), default=None)


class _Guard:
    """`with _Guard(home):` the release lock, with ReleaseBusy turned into a refusal."""

    def __init__(self, home: Home) -> None:
        self._cm = release_lock(home)

    def __enter__(self) -> None:
        try:
            self._cm.__enter__()
        except ReleaseBusy as exc:
            raise ReleaseRefused(str(exc)) from None

    def __exit__(self, *exc: object) -> None:
        self._cm.__exit__(*exc)


# ------------------------------------------------------------------------------------ prepare
def prepare(
    home: Home, through: str, by: str, note: str | None = None, now: datetime | None = None
) -> Release:
    """Freeze the current working figures through `through` as a new DRAFT release."""
    by = _name(by, "--by (who prepares the release)")
    try:
        cut = parse_quarter(through)
    except BadInput as exc:
        raise ReleaseRefused(str(exc)) from None
    if note is not None and not note.strip():
        note = None
    if not home.warehouse.exists():
        raise ReleaseRefused(f"no working figures in {home.root}: run `tipstat run` first")
    at = _now(now)
    with _Guard(home):
        remove_leftovers(home)
        existing = list_releases(home)
        release_id = next_release_id(at.astimezone(VIET_NAM).year, (r.id for r in existing))
        previous = latest_approved(home)
        final = snapshot_path(home, release_id)
        tmp = snapshot.new_temp(home.releases, release_id)
        try:
            release = _make_snapshot(home, tmp, cut, release_id, previous, by, note, at)
            release.sha256 = snapshot.finish(tmp, final)
            faults.point("release_snapshot_renamed")
        finally:
            tmp.unlink(missing_ok=True)
            (tmp.parent / (tmp.name + ".wal")).unlink(missing_ok=True)
        try:
            public.publish_files(home, release)
            audit.record(release, at, by, "prepare", detail=f"through {cut}, run {release.run_id}")
            save_release(home, release)  # the commit point
        except BaseException:
            final.unlink(missing_ok=True)
            shutil.rmtree(public_dir(home, release_id).parent, ignore_errors=True)
            raise
    return release


def _make_snapshot(
    home: Home,
    tmp,
    cut: Quarter,
    release_id: str,
    previous: Release | None,
    by: str,
    note: str | None,
    at: datetime,
) -> Release:
    files = {"src": (home.warehouse, True), "cur": (tmp, False)}
    if previous is not None:
        files["prev"] = (snapshot_path(home, previous.id), True)
    try:
        with snapshot.attached(**files) as con:
            made = snapshot.copy_reporting(con, cut)
            if made.last_period is None or cut > parse_quarter(made.last_period):
                reach = made.last_period or "no quarter"
                raise ReleaseRefused(f"--through {cut} is after the working figures, which reach {reach}")
            con.execute("DETACH src")
            periods = _periods(con)
            if not periods["all"]:
                raise ReleaseRefused(f"the working figures hold no quarter up to {cut}")
            prev_db = "prev" if previous is not None else None
            found = flags.compute_flags(con, "cur", prev_db, previous.id if previous else None)
            con.execute("CREATE SCHEMA cur.release")
            if previous is not None:
                sql = revisions_sql(con, "prev", "cur", previous.through, str(cut))
                con.execute(f"CREATE TABLE cur.release.revisions AS {sql}")
                old_periods = set(_periods(con, "prev")["all"])
            else:
                con.execute(f"CREATE TABLE cur.release.revisions ({REVISION_COLUMNS})")
                old_periods = set()
            revisions = con.execute("SELECT count(*) FROM cur.release.revisions").fetchone()[0]
            con.execute(
                "CREATE TABLE cur.release.info AS SELECT ? AS release_id, ? AS through, ? AS run_id, "
                "? AS published_at, ? AS prepared_at, ? AS previous",
                [
                    release_id,
                    str(cut),
                    made.run_id,
                    made.published_at,
                    utc_text(at),
                    previous.id if previous else None,
                ],
            )
            con.execute("CHECKPOINT cur")
    except duckdb.Error as exc:
        raise ReleaseRefused(f"cannot freeze the working figures: {str(exc).splitlines()[0]}") from None
    return Release(
        id=release_id,
        status=DRAFT,
        through=str(cut),
        run_id=made.run_id,
        published_at=made.published_at,
        prepared_by=by,
        prepared_at=utc_text(at) or "",
        sha256="",
        previous=previous.id if previous else None,
        note=note.strip() if note else None,
        revisions=int(revisions),
        new_periods=[p for p in periods["all"] if p not in old_periods],
        incomplete_periods=periods["incomplete"],
        late_periods=periods["late"],
        flags=found,
    )


def _periods(con: duckdb.DuckDBPyConnection, db: str = "cur") -> dict[str, list[str]]:
    def q(where: str) -> list[str]:
        rows = con.execute(
            f"SELECT DISTINCT period, year, quarter FROM {db}.reporting.completeness "
            f"WHERE quarter IS NOT NULL {where} ORDER BY year, quarter"
        ).fetchall()
        return [r[0] for r in rows]

    expected = "AND coalesce(expected, TRUE)"
    return {
        "all": q(""),
        "incomplete": q(f"{expected} AND status IN ('MISSING', 'REJECTED')"),
        "late": q(f"{expected} AND status = 'LATE'"),
    }


# -------------------------------------------------------------------------------- acknowledge
def acknowledge(
    home: Home, release_id: str, flag_ids: list[str], by: str, why: str, now: datetime | None = None
) -> Release:
    """Acknowledge flags by id (`all`: every flag still open) with a reason."""
    by = _name(by, "--by (who acknowledges)")
    why = _name(why, "--why (why the flag is acceptable)")
    at = _now(now)
    with _Guard(home):
        release = _get(home, release_id)
        if release.status != DRAFT:
            raise ReleaseRefused(
                f"release {release.id} is {release.status}: only a DRAFT's flags can be acknowledged"
            )
        wanted = [f.strip().upper() for f in flag_ids if f.strip()]
        if not wanted:
            raise ReleaseRefused("name a flag to acknowledge (e.g. F1), or `all`")
        by_id = {f.id: f for f in release.flags}
        if wanted == ["ALL"]:
            chosen = release.open_flags()
            if not chosen:
                raise ReleaseRefused(f"release {release.id} has no flag left to acknowledge")
        else:
            unknown = [w for w in wanted if w not in by_id]
            if unknown:
                raise ReleaseRefused(
                    f"release {release.id} has no flag {', '.join(unknown)} "
                    f"(flags F1 to F{len(release.flags)})"
                    if release.flags
                    else f"release {release.id} has no quality flags"
                )
            chosen = [by_id[w] for w in dict.fromkeys(wanted)]
            done = [f for f in chosen if f.acknowledged_by]
            if done:
                f = done[0]
                raise ReleaseRefused(
                    f"flag {f.id} of release {release.id} was already acknowledged by {f.acknowledged_by}"
                )
        for f in chosen:
            f.acknowledged_by, f.acknowledged_at, f.why = by, utc_text(at), why
        audit.record(release, at, by, "acknowledge", why=why, detail=", ".join(f.id for f in chosen))
        save_release(home, release)
    return release


# ------------------------------------------------------------------------------------ approve
def approve(
    home: Home,
    release_id: str,
    by: str,
    embargo_until: str,
    accept_incomplete: str | None = None,
    now: datetime | None = None,
) -> Release:
    """Sign off a DRAFT: another person than its preparer, every flag acknowledged, no MISSING or
    REJECTED feed in a covered quarter unless accepted with a reason, an embargo not in the past."""
    by = _name(by, "--by (who approves)")
    at = _now(now)
    try:
        embargo = parse_embargo(_name(embargo_until, "--embargo-until"), at)
    except BadInput as exc:
        raise ReleaseRefused(str(exc)) from None
    if accept_incomplete is not None:
        accept_incomplete = _name(accept_incomplete, "--accept-incomplete (the reason)")
    with _Guard(home):
        release = _get(home, release_id)
        if release.status == APPROVED:
            raise ReleaseRefused(
                f"release {release.id} was already approved by {release.approved_by} at {release.approved_at}"
            )
        if release.status == WITHDRAWN:
            raise ReleaseRefused(
                f"release {release.id} was withdrawn ({release.withdrawn_why}); prepare a new one"
            )
        if by.casefold() == release.prepared_by.casefold():
            raise ReleaseRefused(f"{by} prepared release {release.id}: another statistician must approve it")
        if embargo < at - EMBARGO_GRACE:
            raise ReleaseRefused(
                f"the embargo {viet_nam_text(embargo)} (Viet Nam time) is in the past; "
                "give a future time, or `now` to publish at once"
            )
        baseline = latest_approved(home, exclude=release.id)
        if (baseline.id if baseline else None) != release.previous:
            raise ReleaseRefused(
                f"release {release.id} was measured against {release.previous or 'no release'}, but the last "
                f"approved release is now {baseline.id if baseline else 'none'}: prepare a new release"
            )
        if release.incomplete_periods and accept_incomplete is None:
            raise ReleaseRefused(
                f"release {release.id} covers quarters with a feed MISSING or REJECTED "
                f'({", ".join(release.incomplete_periods)}); approve with --accept-incomplete "reason"'
            )
        open_flags = release.open_flags()
        if open_flags:
            ids = ", ".join(f.id for f in open_flags[:8]) + (", …" if len(open_flags) > 8 else "")
            raise ReleaseRefused(
                f"release {release.id} has {len(open_flags)} quality flag(s) not acknowledged ({ids}); "
                f"use `tipstat release acknowledge {release.id} FLAG --by NAME --why TEXT`"
            )
        leak = public.disclosure_refusal(home, release)
        if leak:
            raise ReleaseRefused(leak)
        if not snapshot.verify(snapshot_path(home, release.id), release.sha256):
            raise ReleaseRefused(
                f"releases/{release.id}.duckdb is missing or no longer matches its SHA-256; "
                "prepare a new release"
            )
        release.status = APPROVED
        release.approved_by, release.approved_at = by, utc_text(at)
        release.embargo_until = utc_text(max(embargo, at))  # within the grace minute: now
        release.accepted_incomplete = accept_incomplete if release.incomplete_periods else None
        audit.record(
            release,
            at,
            by,
            "approve",
            why=accept_incomplete,
            detail=f"embargo until {viet_nam_text(parse_stored(release.embargo_until))} Viet Nam time",
        )
        faults.point("release_before_approve")
        save_release(home, release)
    return release


# ----------------------------------------------------------------------------------- withdraw
def withdraw(home: Home, release_id: str, by: str, why: str, now: datetime | None = None) -> Release:
    """Withdraw a release at any point: kept, never shown to the public again."""
    by = _name(by, "--by (who withdraws)")
    why = _name(why, "--why (the reason, kept with the release)")
    at = _now(now)
    with _Guard(home):
        release = _get(home, release_id)
        if release.status == WITHDRAWN:
            raise ReleaseRefused(
                f"release {release.id} was already withdrawn by {release.withdrawn_by} "
                f"at {release.withdrawn_at}"
            )
        release.status = WITHDRAWN
        release.withdrawn_by, release.withdrawn_at, release.withdrawn_why = by, utc_text(at), why
        audit.record(release, at, by, "withdraw", why=why)
        save_release(home, release)
    return release
