"""The release note (releases.md): what is new, which quarters are incomplete, the quality flags
and the revisions since the previous release, then the audit trail."""

from __future__ import annotations

from collections import Counter

from tipstat.releases.store import Release
from tipstat.releases.timezone import parse_stored, viet_nam_text


def release_note(release: Release, revisions_by_table: dict[str, int] | None = None) -> str:
    lines = [f"Release {release.id} — {release.status}", ""]
    lines.append(
        f"Covers the figures through {release.through}, from run {release.run_id} "
        f"(published {release.published_at})."
    )
    lines.append(f"Prepared by {release.prepared_by} at {release.prepared_at}.")
    if release.approved_by:
        embargo = parse_stored(release.embargo_until)
        lines.append(
            f"Approved by {release.approved_by} at {release.approved_at}; public from "
            f"{viet_nam_text(embargo) if embargo else '?'} (Viet Nam time)."
        )
    if release.accepted_incomplete:
        lines.append(f"Approved with incomplete quarters: {release.accepted_incomplete}")
    if release.status == "WITHDRAWN":
        lines.append(
            f"Withdrawn by {release.withdrawn_by} at {release.withdrawn_at}: {release.withdrawn_why}"
        )
    lines.append(f"SHA-256 of releases/{release.id}.duckdb: {release.sha256}")
    if release.note:
        lines += ["", release.note]
    lines += ["", "What is new"]
    if release.previous is None:
        lines.append("- The first release.")
    lines.append(f"- New quarters: {', '.join(release.new_periods) or 'none'}")
    lines += ["", "Incomplete quarters"]
    lines.append(f"- A feed missing or rejected: {', '.join(release.incomplete_periods) or 'none'}")
    lines.append(f"- A feed late: {', '.join(release.late_periods) or 'none'}")
    counts = Counter(f.kind for f in release.flags)
    lines += [
        "",
        f"Quality flags ({len(release.flags)}: "
        + ", ".join(f"{k} {counts[k]}" for k in ("incomplete", "outlier", "break"))
        + ")",
    ]
    for f in release.flags:
        ack = f"acknowledged by {f.acknowledged_by}: {f.why}" if f.acknowledged_by else "NOT ACKNOWLEDGED"
        lines.append(f"- {f.id} {f.kind} {f.subject} {f.period}: {f.detail} — {ack}")
    lines += ["", f"Revisions since {release.previous or 'no previous release'}: {release.revisions}"]
    for table, n in sorted((revisions_by_table or {}).items()):
        lines.append(f"- {table}: {n}")
    lines += ["", "Audit trail"]
    for a in release.actions:
        lines.append(
            f"- {a.at} {a.by} {a.action}"
            + (f": {a.why}" if a.why else "")
            + (f" ({a.detail})" if a.detail else "")
        )
    return "\n".join(lines)
