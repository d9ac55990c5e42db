"""`tipstat estimate --lists` reproduces published multiple systems estimates.

Sources of every table and result are in tests/estimates/published_tables.py.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.estimates.published_tables import (
    ARTIFICIAL_3,
    KOREA_INDEX,
    NEW_ORLEANS_INDEX,
    UK_2013,
    WESTERN_INDEX,
    rows_from_index,
    write_csv,
)
from tipstat.cli import app
from tipstat.estimates.estimate import estimate_population
from tipstat.estimates.existence import Check, check_model
from tipstat.estimates.histories import CaptureTable
from tipstat.estimates.loglinear import Model
from tipstat.estimates.stepwise import build_model


def run_json(path) -> dict:
    result = CliRunner().invoke(app, ["estimate", "--lists", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_uk_2013_reproduces_the_spec(tmp_path):
    out = run_json(write_csv(tmp_path / "uk.csv", UK_2013["lists"], UK_2013["rows"]))
    assert set(out) == {"lists", "observed", "estimate", "ci_low", "ci_high", "terms", "estimable", "reason"}
    assert out["lists"] == ["LA", "NG", "PFNCA", "GO", "GP"]
    assert out["observed"] == 2744
    assert out["terms"] == ["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO"]
    assert round(out["estimate"]) == 11313
    assert out["ci_low"] == pytest.approx(9884, abs=1)
    assert out["ci_high"] == pytest.approx(13027, abs=1)
    assert out["estimable"] is True and out["reason"] is None
    # the main-effects-only model of the spec: about 13,444
    main = estimate_population(CaptureTable.from_rows(UK_2013["lists"], UK_2013["rows"]), pairs=[])
    assert round(main.estimate) == 13444 and main.terms == []


@pytest.mark.parametrize(
    ("name", "lists", "index", "terms", "total"),
    [
        ("korea", ["b", "c", "d"], KOREA_INDEX, ["b:c"], 268.7778),
        ("western", list("ABCDE"), WESTERN_INDEX, ["A:E"], 2483.384),
        ("new_orleans", list("ABCDEFGH"), NEW_ORLEANS_INDEX, ["D:E"], 1110.488),
    ],
)
def test_other_published_studies(tmp_path, name, lists, index, terms, total):
    rows = rows_from_index(len(lists), index)
    out = run_json(write_csv(tmp_path / f"{name}.csv", lists, rows))
    assert out["observed"] == sum(index.values())
    assert out["terms"] == terms
    assert out["estimate"] == pytest.approx(total, abs=0.01)
    assert out["ci_low"] < out["estimate"] < out["ci_high"]


def test_existence_and_identifiability_as_in_the_paper_table_3():
    table = CaptureTable.from_rows(["A", "B", "C"], ARTIFICIAL_3)
    # AC and BC have no person in common: in a model they enter at minus infinity
    assert build_model(table, [(0, 2), (1, 2)]) == Model(empty_pairs=((0, 2), (1, 2)))
    assert check_model(table, build_model(table, [(0, 1)])) is Check.NOT_EXISTS
    assert check_model(table, build_model(table, [(0, 1), (0, 2), (1, 2)])) is Check.NOT_IDENTIFIABLE
    assert check_model(table, build_model(table, [(0, 2), (1, 2)])) is Check.OK
    # the fit-as-certificate shortcut never claims a model that has no MLE, even with large counts
    from tipstat.estimates.existence import check_and_fit

    for factor in (1, 10_000):
        big = CaptureTable.from_rows(["A", "B", "C"], {h: n * factor for h, n in ARTIFICIAL_3.items()})
        assert check_and_fit(big, build_model(big, [(0, 1)])) == (Check.NOT_EXISTS, None)


def test_an_empty_overlap_enters_at_minus_infinity():
    """UK LA and GP share no person: forced into the model, their histories are left out."""
    table = CaptureTable.from_rows(UK_2013["lists"], UK_2013["rows"])
    with_empty = estimate_population(table, pairs=[("LA", "GP")])
    main = estimate_population(table, pairs=[])
    assert with_empty.estimable and with_empty.terms == ["LA:GP"]
    assert with_empty.estimate != pytest.approx(main.estimate)


def test_bootstrap_gives_a_bca_interval_around_the_estimate(tmp_path):
    table = CaptureTable.from_rows(["b", "c", "d"], rows_from_index(3, KOREA_INDEX))
    result = estimate_population(table, bootstrap=60, seed=7)
    again = estimate_population(table, bootstrap=60, seed=7)
    assert result.estimable and result.bootstrap_resamples == 60
    assert result.ci_low < result.estimate < result.ci_high
    assert (result.ci_low, result.ci_high) != result.conditional_ci
    assert (again.ci_low, again.ci_high) == (result.ci_low, result.ci_high)  # same seed, same interval


def test_the_fit_is_the_glm_fit_and_the_shortcut_agrees_with_the_linear_programme():
    """Our Newton fit gives statsmodels' GLM(Poisson) figures; on 40 bootstrap resamples of the
    UK data, every model the stepwise tries gets the same existence answer with or without the
    fit-as-certificate shortcut (existence.check_and_fit)."""
    import numpy as np
    import statsmodels.api as sm

    from tipstat.estimates.existence import check_and_fit
    from tipstat.estimates.loglinear import design, fit, kept_cells

    table = CaptureTable.from_rows(UK_2013["lists"], UK_2013["rows"])
    model = build_model(table, [(0, 1), (1, 4), (2, 4), (0, 2), (3, 4), (1, 3), (0, 4)])
    ours = fit(table, model)
    keep = kept_cells(table, model)
    glm = sm.GLM(
        table.counts[keep].astype(float), design(table, model, keep), family=sm.families.Poisson()
    ).fit()
    assert ours.theta0 == pytest.approx(glm.params[0], rel=1e-8)
    assert ours.se_theta0 == pytest.approx(float(np.sqrt(glm.cov_params()[0, 0])), rel=1e-6)

    rng = np.random.default_rng(11)
    pairs = [(i, j) for i in range(5) for j in range(i + 1, 5)]
    checked = 0
    for counts in rng.multinomial(table.observed, table.counts / table.observed, size=40):
        resample = table.with_counts(counts)
        for k in rng.choice(len(pairs), size=3, replace=False):
            model = build_model(resample, [pairs[k], (0, 1)])
            assert check_and_fit(resample, model)[0] is check_model(resample, model)
            checked += 1
    assert checked == 120


def test_semicolon_and_tab_files_read_like_comma_files(tmp_path):
    comma = write_csv(tmp_path / "korea.csv", ["b", "c", "d"], rows_from_index(3, KOREA_INDEX))
    expected = run_json(comma)
    for name, sep in (("semicolon.csv", ";"), ("tab.csv", "\t")):
        other = tmp_path / name
        other.write_text(comma.read_text(encoding="utf-8").replace(",", sep), encoding="utf-8")
        assert run_json(other) == expected
