"""app.data on real DuckDB files: read-only, cached per file identity, follows os.replace."""

from __future__ import annotations

import threading
from datetime import datetime

import duckdb
import pytest

from app import data
from tests.app.synthetic_warehouse import replace_warehouse, write_warehouse
from tipstat.settings import Home


@pytest.fixture(autouse=True)
def working_figures(monkeypatch) -> None:
    """These tests read the working figures (warehouse.duckdb): statistician mode. In public mode
    the same layer reads the latest public release (tests/releases)."""
    monkeypatch.setenv("TIPSTAT_MODE", "statistician")


@pytest.fixture
def home(tmp_path) -> Home:
    h = Home.resolve(tmp_path)
    write_warehouse(h.warehouse, seed=1, published_at=datetime(2026, 1, 1, 0, 0))
    return h


def test_reads_the_published_time(home: Home) -> None:
    assert data.published_at(home) == datetime(2026, 1, 1, 0, 0)


def test_a_replaced_file_is_read_again(home: Home) -> None:
    before = data.table("victims_detected", h=home)
    replace_warehouse(home.warehouse, seed=2, published_at=datetime(2026, 2, 1, 0, 0))
    assert data.published_at(home) == datetime(2026, 2, 1, 0, 0)
    after = data.table("victims_detected", h=home)
    assert not before.equals(after)


def test_the_file_is_never_locked_for_the_pipeline(home: Home) -> None:
    """After a read, a writer can open the file: the app holds no connection."""
    data.table("assistance", h=home)
    con = duckdb.connect(str(home.warehouse))
    con.close()


def test_parameters_are_bound_not_formatted(home: Home) -> None:
    with pytest.raises(duckdb.ConversionException):
        data.table("victims_detected", "year = ?", ("2024; DROP TABLE reporting.cases",), h=home)
    assert not data.table("cases", h=home).empty
    with pytest.raises(ValueError):
        data.table("cases; DROP TABLE reporting.cases", h=home)


def test_missing_warehouse(tmp_path) -> None:
    h = Home.resolve(tmp_path / "empty")
    assert not data.warehouse_exists(h)
    with pytest.raises(FileNotFoundError):
        data.table("cases", h=h)


def test_reads_keep_working_while_the_file_is_replaced(home: Home) -> None:
    """Readers in threads never fail and only ever see a complete publication."""
    stamps = {datetime(2026, 1, 1, 0, 0)}
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                seen = data.published_at(home)
                assert seen in stamps | {datetime(2026, 3, i, 0, 0) for i in range(1, 4)}
                assert not data.table("provinces", h=home).empty
            except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for th in threads:
        th.start()
    for i in range(1, 4):
        replace_warehouse(home.warehouse, seed=10 + i, published_at=datetime(2026, 3, i, 0, 0))
    stop.set()
    for th in threads:
        th.join()
    assert not errors, errors[:3]
    assert data.published_at(home) == datetime(2026, 3, 3, 0, 0)
