"""Registration: scanning landing and the fates decided before a file's contents are read."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, date, datetime
from pathlib import Path

from tests.intake.builders import write_file
from tipstat.intake import registry
from tipstat.intake.registry import (
    ACCEPTED,
    DUPLICATE,
    REJECTED,
    SUPERSEDED,
    Ledger,
    decide,
    local_date,
    look,
    processing_order,
    scan_landing,
)

TODAY = date(2026, 1, 15)


def _seen(folder: Path, feed: str, entity: str, period: str, **kw) -> registry.SeenFile:
    seen = look(write_file(folder, feed, entity, period, **kw))
    assert seen is not None
    return seen


def test_scan_reports_name_size_mtime_and_streamed_sha256(tmp_path: Path) -> None:
    path = write_file(tmp_path, "police", "victims", "2025Q3", mtime=datetime(2025, 10, 2, tzinfo=UTC))
    scan = scan_landing(tmp_path)
    assert [f.name for f in scan.files] == [path.name]
    seen = scan.files[0]
    assert seen.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert seen.size_bytes == path.stat().st_size
    assert seen.received_at == datetime(2025, 10, 2)
    assert len(seen.submission_id) == 16


def test_hidden_files_are_left_for_later_not_seen(tmp_path: Path) -> None:
    write_file(tmp_path, "police", "victims", "2025Q3", name=".~lock.police_victims_2025Q3.csv#")
    write_file(tmp_path, "police", "victims", "2025Q3", name=".police_victims_2025Q3.csv.Xa81")
    scan = scan_landing(tmp_path)
    assert scan.files == []
    assert sorted(left.name for left in scan.left) == [
        ".police_victims_2025Q3.csv.Xa81",
        ".~lock.police_victims_2025Q3.csv#",
    ]


def test_subfolder_and_symlink_are_seen_and_never_followed(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    outside = write_file(tmp_path / "elsewhere", "police", "victims", "2025Q3")
    (landing / "police_victims_2025Q2.csv").parent.mkdir(parents=True)
    os.symlink(outside, landing / "police_victims_2025Q3.csv")
    (landing / "2025Q3").mkdir()
    write_file(landing / "2025Q3", "police", "cases", "2025Q3")  # inside a sub-folder: not scanned
    scan = scan_landing(landing)
    kinds = {f.name: f.kind for f in scan.files}
    assert kinds == {"police_victims_2025Q3.csv": "symlink", "2025Q3": "directory"}
    link = next(f for f in scan.files if f.kind == "symlink")
    assert link.sha256 != hashlib.sha256(outside.read_bytes()).hexdigest()  # the target was not read
    ledger = Ledger()
    for seen in scan.files:
        decision = decide(seen, ledger, TODAY)
        assert decision.status == REJECTED and not decision.validate
        assert decision.reason and ("symbolic link" in decision.reason or "folder" in decision.reason)


def test_file_changing_while_hashed_is_left_for_next_run(tmp_path: Path, monkeypatch) -> None:
    growing = write_file(tmp_path, "police", "victims", "2025Q3")
    write_file(tmp_path, "police", "cases", "2025Q3")
    real_digest = registry._entry_digest

    def digest_while_sender_appends(path: Path, kind: str) -> str:
        if path.name == growing.name:  # the sender is still writing this file
            with path.open("ab") as fh:
                fh.write(b"PV-2025Q3-X,,,2025-07-01,CONFIRMED,,,,,VN63,,\r\n")
        return real_digest(path, kind)

    monkeypatch.setattr(registry, "_entry_digest", digest_while_sender_appends)
    scan = scan_landing(tmp_path)
    assert [f.name for f in scan.files] == ["police_cases_2025Q3.csv"]
    assert [left.name for left in scan.left] == [growing.name]
    assert "still being written" in scan.left[0].reason


def test_order_is_arrival_then_name_with_slot_versions_ascending(tmp_path: Path) -> None:
    v3 = _seen(tmp_path, "police", "victims", "2025Q3", version=3, mtime=1_760_000_000)
    cases = _seen(tmp_path, "police", "cases", "2025Q3", mtime=1_760_000_100)
    v1 = _seen(tmp_path, "police", "victims", "2025Q3", mtime=1_760_000_200)
    border = _seen(tmp_path, "border", "victims", "2025Q3", mtime=1_760_000_100)
    ordered = [f.name for f in processing_order([v1, border, v3, cases])]
    assert ordered == [v1.name, border.name, cases.name, v3.name]


def test_bad_name_is_rejected_with_the_reason(tmp_path: Path) -> None:
    for name in ("police_victims_2025Q3.xlsx", "victims_police_2025Q3.csv", "police_victims_2025Q5.csv"):
        seen = _seen(tmp_path, "police", "victims", "2025Q3", name=name)
        decision = decide(seen, Ledger(), TODAY)
        assert decision.status == REJECTED and decision.reason
        assert decision.reason.startswith("bad file name:")


def test_same_bytes_as_any_file_seen_is_duplicate(tmp_path: Path) -> None:
    first = _seen(tmp_path, "police", "victims", "2025Q3")
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "police_victims_2025Q3_v2.csv").write_bytes(first.path.read_bytes())
    again = look(copy / "police_victims_2025Q3_v2.csv")
    assert again is not None
    for status in (ACCEPTED, SUPERSEDED):
        ledger = Ledger()
        ledger.record("x", first.name, first.sha256, status, ("police", "victims", "2025Q3"), 1, 3)
        decision = decide(again, ledger, TODAY)
        assert decision.status == DUPLICATE
        assert decision.reason == f"same bytes as {first.name}"


def test_rejected_bytes_are_a_duplicate_only_under_the_same_name(tmp_path: Path) -> None:
    """exports.md, "Same bytes": rejected bytes under another, correct name are judged afresh."""
    first = _seen(tmp_path, "police", "victims", "2025Q3")
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "police_victims_2025Q3_v2.csv").write_bytes(first.path.read_bytes())
    again = look(copy / "police_victims_2025Q3_v2.csv")
    same_name = look(first.path)
    assert again is not None and same_name is not None
    ledger = Ledger()
    ledger.record("x", first.name, first.sha256, REJECTED, ("police", "victims", "2025Q3"), 1, 3)
    assert decide(again, ledger, TODAY).validate
    assert decide(same_name, ledger, TODAY).status == DUPLICATE


def test_accepted_bytes_under_a_bad_name_are_a_duplicate(tmp_path: Path) -> None:
    first = _seen(tmp_path, "court", "defendants", "2025Q3")
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "court_defendants_2025Q3_v99999999999.jsonl").write_bytes(first.path.read_bytes())
    renamed = look(copy / "court_defendants_2025Q3_v99999999999.jsonl")
    assert renamed is not None
    ledger = Ledger()
    ledger.record("x", first.name, first.sha256, ACCEPTED, ("court", "defendants", "2025Q3"), 1, 3)
    decision = decide(renamed, ledger, TODAY)
    assert (decision.status, decision.file_name) == (DUPLICATE, None)


def test_header_only_file_of_another_quarter_is_not_a_duplicate(tmp_path: Path) -> None:
    empty_q3 = _seen(tmp_path, "police", "suspects", "2025Q3", rows=[])
    empty_q4 = _seen(tmp_path, "police", "suspects", "2025Q4", rows=[])
    assert empty_q3.sha256 == empty_q4.sha256
    ledger = Ledger()
    ledger.record("x", empty_q3.name, empty_q3.sha256, ACCEPTED, ("police", "suspects", "2025Q3"), 1, 0)
    assert decide(empty_q4, ledger, TODAY).validate
    ledger.record("y", empty_q3.name, empty_q3.sha256, ACCEPTED, ("police", "suspects", "2025Q3"), 1, 0)
    same_slot = look(empty_q3.path)
    assert same_slot is not None and decide(same_slot, ledger, TODAY).status == DUPLICATE


def test_same_name_as_accepted_file_with_other_bytes_is_rejected(tmp_path: Path) -> None:
    ledger = Ledger()
    ledger.record("x", "police_victims_2025Q3.csv", "0" * 64, ACCEPTED, ("police", "victims", "2025Q3"), 1, 3)
    seen = _seen(tmp_path, "police", "victims", "2025Q3", seed=7)
    decision = decide(seen, ledger, TODAY)
    assert decision.status == REJECTED
    assert "a correction must carry a higher version" in (decision.reason or "")


def test_unfinished_quarter_and_future_population_year_are_rejected(tmp_path: Path) -> None:
    # today in Viet Nam is 2026-01-15: 2026Q1 has not ended, 2025Q4 has; population 2026 is fine.
    q1 = decide(_seen(tmp_path, "police", "victims", "2026Q1"), Ledger(), TODAY)
    assert q1.status == REJECTED and "has not ended" in (q1.reason or "")
    assert decide(_seen(tmp_path, "police", "victims", "2025Q4"), Ledger(), TODAY).validate
    assert decide(_seen(tmp_path, "population", "population", "2026"), Ledger(), TODAY).validate
    later = decide(_seen(tmp_path, "population", "population", "2027"), Ledger(), TODAY)
    assert later.status == REJECTED


def test_quarter_ends_by_the_calendar_in_viet_nam() -> None:
    # 2025-12-31 18:00 UTC is already 2026-01-01 in Asia/Ho_Chi_Minh: 2025Q4 has ended there.
    assert local_date(datetime(2025, 12, 31, 18, 0)) == date(2026, 1, 1)
    assert local_date(datetime(2025, 12, 31, 16, 59, tzinfo=UTC)) == date(2025, 12, 31)


def test_lower_version_than_in_force_can_only_be_superseded(tmp_path: Path) -> None:
    ledger = Ledger()
    ledger.record(
        "x", "police_victims_2025Q3_v2.csv", "0" * 64, ACCEPTED, ("police", "victims", "2025Q3"), 2, 3
    )
    decision = decide(_seen(tmp_path, "police", "victims", "2025Q3", seed=1), ledger, TODAY)
    assert decision.validate and decision.status_if_valid == SUPERSEDED
    assert decision.reason == "older than version in force v2"


def test_equal_version_under_another_name_is_rejected(tmp_path: Path) -> None:
    ledger = Ledger()
    ledger.record("x", "police_victims_2025Q3.csv", "0" * 64, ACCEPTED, ("police", "victims", "2025Q3"), 1, 3)
    explicit_v1 = _seen(tmp_path, "police", "victims", "2025Q3", name="police_victims_2025Q3_v1.csv")
    decision = decide(explicit_v1, ledger, TODAY)
    assert decision.status == REJECTED
    assert decision.reason == (
        "version v1 is already in force (police_victims_2025Q3.csv): a correction must carry a higher version"
    )


def test_version_gap_is_accepted_and_noted(tmp_path: Path) -> None:
    ledger = Ledger()
    ledger.record("x", "police_victims_2025Q3.csv", "0" * 64, ACCEPTED, ("police", "victims", "2025Q3"), 1, 3)
    decision = decide(_seen(tmp_path, "police", "victims", "2025Q3", version=4), ledger, TODAY)
    assert decision.validate and decision.status_if_valid == ACCEPTED
    assert decision.reason == "version gap: v2, v3 never received"
    next_one = decide(_seen(tmp_path, "police", "victims", "2025Q3", version=2, seed=5), ledger, TODAY)
    assert next_one.status_if_valid == ACCEPTED and next_one.reason is None


def test_look_tolerates_a_file_vanishing(tmp_path: Path) -> None:
    path = write_file(tmp_path, "police", "victims", "2025Q3")
    path.unlink()
    assert look(path) is None
