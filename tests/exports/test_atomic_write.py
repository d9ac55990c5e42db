"""Exports are written all or nothing: a file that fails its check never replaces the target."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipstat.exports.common import ExportError, sha256_of, write_atomically


def _refuse(path: Path) -> None:
    raise ExportError("structure check failed: refused on purpose")


def test_failed_check_leaves_previous_file_and_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    out.write_text("previous export\n", encoding="utf-8")
    with pytest.raises(ExportError, match="refused on purpose"):
        write_atomically(out, lambda p: p.write_text("half,written\n", encoding="utf-8"), _refuse)
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


def test_crash_while_writing_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "export.xlsx"

    def crash(path: Path) -> None:
        path.write_bytes(b"PK\x03\x04 partial")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(out, crash, lambda p: None)
    assert list(tmp_path.iterdir()) == []


def test_success_returns_the_hash_of_the_file(tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    digest = write_atomically(out, lambda p: p.write_text("a,b\n1,2\n", encoding="utf-8"), lambda p: None)
    assert out.read_text(encoding="utf-8") == "a,b\n1,2\n"
    assert digest == sha256_of(out)
    with pytest.raises(ExportError, match="is a folder"):
        write_atomically(tmp_path, lambda p: None, lambda p: None)
