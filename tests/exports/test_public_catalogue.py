"""Public exports of the demo's release hold nothing the release's public catalogue does not:
every figure of every public export, for every year the catalogue publishes, is one of its cells
(disclosure.md: "Public exports are the catalogue's tables laid out in the international
formats"). And the catalogue publishes no quarter after the release's last."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exports.catalogue_check import check_sdmx, check_workbook
from tests.release_helpers import ensure_public
from tipstat.disclosure.catalogue import Catalogue, read_catalogue
from tipstat.exports import export_asean, export_glotip, export_sdg
from tipstat.releases.store import Release, public_dir
from tipstat.settings import Home


@pytest.fixture(scope="module")
def demo_release(demo_home: Home) -> tuple[Home, Release, Catalogue]:
    release = ensure_public(demo_home)
    return demo_home, release, read_catalogue(public_dir(demo_home, release.id))


def test_every_public_export_figure_is_a_catalogue_cell(demo_release, tmp_path: Path) -> None:
    home, release, cat = demo_release
    years = sorted({int(y) for y in cat.frames["victims_form_sex_age"]["year"]})
    assert len(years) >= 5
    total = {"count": 0, "rate": 0, "shown": 0, "<5": 0, "x": 0}
    for year in years:
        sdg = tmp_path / f"sdg_{year}.csv"
        export_sdg(home, year, sdg, public=True, release=release.id)
        for kind, seen in check_sdmx(sdg, cat, year).items():
            total[kind] += seen
        for export in (export_glotip, export_asean):
            out = tmp_path / f"{export.__name__}_{year}.xlsx"
            export(home, year, out, public=True, release=release.id)
            for kind, seen in check_workbook(out, cat, year).items():
                total[kind] = total.get(kind, 0) + seen
    # the scan saw every kind of figure: shown counts, rates, and both symbols
    assert total["count"] > 0 and total["rate"] > 0 and total["shown"] > 0, total
    assert total["<5"] > 0 and total["x"] > 0, total


def test_no_quarter_after_the_release_is_published(demo_release) -> None:
    _, release, cat = demo_release
    year, quarter = (int(p) for p in release.through.split("Q"))
    for name in ("victims_quarter", "cases_quarter_channel_article"):
        frame = cat.frames[name]
        leaves = frame[frame["quarter"] != "_T"]
        period = leaves["year"] * 4 + leaves["quarter"].str.removeprefix("Q").astype(int) - 1
        later = leaves[period > year * 4 + quarter - 1]
        assert later.empty, (name, later.head())
    # the partial year's total is the sum of its published quarters
    q = cat.frames["victims_quarter"]
    this_year = q[q["year"] == year]
    assert sorted(this_year["quarter"]) == sorted([f"Q{n}" for n in range(1, quarter + 1)] + ["_T"])
    shown = this_year[this_year["flag"] == ""]
    if len(shown) == len(this_year):
        total = int(shown.loc[shown["quarter"] == "_T", "value"].iloc[0])
        assert total == int(shown.loc[shown["quarter"] != "_T", "value"].sum())
