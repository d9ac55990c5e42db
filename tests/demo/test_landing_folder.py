"""The synthetic landing folder (`tipstat demo`): contract conformance, realism, determinism."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from tipstat.contract import (
    ALL_SPECS,
    FILE_SPECS,
    PERSONAL_DATA_RAW_RE,
    POPULATION_SPEC,
    SOCIAL_SEX_VALUES,
    SOCIAL_STATUS_VALUES,
    province_codes,
)
from tipstat.demo import MANIFEST_NAME, DemoManifest, generate_demo
from tipstat.intake.naming import BadFileName, parse_file_name
from tipstat.settings import Home

TODAY = dt.date(2026, 11, 29)
GOOD = ("ACCEPTED", "SUPERSEDED", "DUPLICATE")
PERSONAL = re.compile(PERSONAL_DATA_RAW_RE)


# ---------------------------------------------------------------- reading files independently
def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows (all text, '' for missing, canonical column names) of a landing file."""
    name = parse_file_name(path.name) if not path.name.startswith("population") else None
    spec = name.spec if name else POPULATION_SPEC
    data = path.read_bytes()
    if spec.ext == "jsonl":
        objects = [json.loads(line) for line in data.decode("utf-8").splitlines() if line]
        header = list(objects[0]) if objects else spec.header
        rows = [{k: "" if v is None else str(v) for k, v in o.items()} for o in objects]
    elif spec.ext == "xlsx":
        book = CalamineWorkbook.from_path(str(path))
        grid = book.get_sheet_by_name(spec.sheet_name).to_python(skip_empty_area=False)
        header = [str(c) for c in grid[0]]
        rows = [dict(zip(header, (_cell(c) for c in r), strict=True)) for r in grid[1:]]
    else:
        text = data.decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]
        reader = csv.reader(io.StringIO(text), delimiter=spec.delimiter)
        header = next(reader)
        rows = [dict(zip(header, r, strict=True)) for r in reader]
    by_name = {c.name: c.canonical for c in spec.columns}
    return header, [{by_name.get(k, k): v for k, v in r.items()} for r in rows]


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def parse_date(value: str, date_format: str) -> dt.date:
    return dt.datetime.strptime(value, date_format).date()


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Home, DemoManifest]:
    """The whole default range, 2019Q1 to 2026Q3, at scale 1 with the broken deliveries."""
    home = Home.resolve(tmp_path_factory.mktemp("full"))
    return home, generate_demo(home, seed=2026, today=TODAY)


@pytest.fixture(scope="module")
def records(full) -> dict[str, list[dict[str, str]]]:
    """Rows of the files in force (ACCEPTED), by feed__entity, each with its file's period."""
    home, manifest = full
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for entry in manifest.files:
        if entry.expected_status == "ACCEPTED" and entry.feed != "population" and entry.feed:
            _, rows = read_rows(home.landing / entry.file_name)
            for row in rows:
                row["_period"] = entry.period
            out[f"{entry.feed}__{entry.entity}"].extend(rows)
    return out


def _year(row: dict[str, str], column: str, date_format: str = "%Y-%m-%d") -> int:
    return parse_date(row[column], date_format).year


# ---------------------------------------------------------------- manifest and names
def test_manifest_lists_every_landing_file_with_its_mtime(full):
    home, manifest = full
    on_disk = {p.name: p for p in home.landing.iterdir()}
    assert set(on_disk) == set(manifest.by_name())
    assert DemoManifest.read(home.root / MANIFEST_NAME) == manifest
    assert not (home.landing / MANIFEST_NAME).exists()
    midnight = dt.datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=dt.UTC).timestamp()
    for entry in manifest.files:
        mtime = on_disk[entry.file_name].stat().st_mtime
        assert mtime == dt.datetime.fromisoformat(entry.received_at).timestamp()
        assert mtime < midnight
    assert {e.expected_status for e in manifest.files} == {"ACCEPTED", "SUPERSEDED", "REJECTED", "DUPLICATE"}
    late = [e for e in manifest.files if e.expected_on_time is False and e.expected_status == "ACCEPTED"]
    assert late and len(late) < 0.15 * len(manifest.files)


def test_every_period_has_all_eight_files_and_population(full):
    _, manifest = full
    names = set(manifest.by_name())
    for year in range(2019, 2027):
        assert f"population_{year}.csv" in names
        for quarter in range(1, 5):
            if (year, quarter) > (2026, 3):
                continue
            for spec in FILE_SPECS.values():
                assert f"{spec.feed}_{spec.entity}_{year}Q{quarter}.{spec.ext}" in names
    assert not any("2026Q4" in n for n in names)


def test_file_names_parse_except_the_deliberately_bad_one(full):
    _, manifest = full
    bad = []
    for entry in manifest.files:
        try:
            parsed = parse_file_name(entry.file_name)
        except BadFileName:
            bad.append(entry)
            continue
        assert (parsed.feed, parsed.period.label, parsed.version) == (entry.feed, entry.period, entry.version)
    assert [(e.expected_status, e.feed) for e in bad] == [("REJECTED", None)]


def test_broken_cases_are_in_the_manifest(full):
    _, manifest = full
    files = manifest.files
    by_name = manifest.by_name()
    why = " ".join(e.why for e in files if e.expected_status == "REJECTED")
    for reason in ("12-digit", "SOCIAL_MEDIA", "dd/mm/yyyy", "VN63", "file name", "Ghi chú"):
        assert reason in why
    superseded = [e for e in files if e.expected_status == "SUPERSEDED"]
    assert superseded
    for entry in files:
        if entry.version and entry.version > 1:
            first = entry.file_name.replace(f"_v{entry.version}", "")
            assert by_name[first].received_at < entry.received_at
    duplicate = next(e for e in files if e.expected_status == "DUPLICATE")
    assert duplicate.sha256 == by_name[duplicate.file_name.replace("_v2", "")].sha256


# ---------------------------------------------------------------- formats
def test_headers_match_the_contract_exactly(full):
    home, manifest = full
    for entry in manifest.files:
        if entry.expected_status == "REJECTED" and "Ghi chú" in entry.why:
            continue  # the deliberately extra column
        path = home.landing / entry.file_name
        if entry.feed is None:  # the bad name: its content is a police victims file
            spec = FILE_SPECS["police__victims"]
            header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        else:
            spec = ALL_SPECS[f"{entry.feed}__{entry.entity}"]
            header, _ = read_rows(path)
        assert header == spec.header, entry.file_name
        if spec.ext == "jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                assert list(json.loads(line)) == spec.header


def test_encodings_bom_sheet_and_nfc(full):
    home, manifest = full
    for entry in manifest.files:
        data = (home.landing / entry.file_name).read_bytes()
        if entry.feed == "consular":
            assert data.startswith(b"\xef\xbb\xbf")
        elif entry.feed == "border":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert [n for n in archive.namelist() if n.startswith("xl/worksheets/")] == [
                    "xl/worksheets/sheet1.xml"
                ]
            assert CalamineWorkbook.from_path(str(home.landing / entry.file_name)).sheet_names == ["victims"]
        else:
            assert not data.startswith(b"\xef\xbb\xbf")
            text = data.decode("utf-8")
            assert text == unicodedata.normalize("NFC", text)


def test_border_dates_are_date_cells(full):
    home, manifest = full
    entry = next(
        e for e in manifest.files if e.feed == "border" and e.expected_status == "ACCEPTED" and e.rows
    )
    grid = CalamineWorkbook.from_path(str(home.landing / entry.file_name)).get_sheet_by_name("victims")
    rows = grid.to_python()
    column = rows[0].index("identified_date")
    assert all(isinstance(r[column], dt.date) for r in rows[1:])


def test_values_follow_the_contract(records):
    """Codes, patterns, dates inside the file's quarter, VN63 before the reform, VN34 after."""
    for key, rows in records.items():
        spec = FILE_SPECS[key]
        assert rows, key
        seen: set[str] = set()
        for row in rows:
            year, quarter = int(row["_period"][:4]), int(row["_period"][5])
            for column in spec.columns:
                value = row[column.canonical]
                if not value:
                    assert not column.required, (key, column.name)
                    continue
                if column.pattern and column.kind != "date":
                    assert re.match(column.pattern, value), (key, column.name, value)
                if column.values and column.kind != "codes":
                    allowed = column.values
                    if key == "social__victims" and column.canonical == "victim_status":
                        allowed = tuple(SOCIAL_STATUS_VALUES)
                    if key == "social__victims" and column.canonical == "sex":
                        allowed = tuple(SOCIAL_SEX_VALUES)
                    assert value in allowed, (key, column.name, value)
                if column.kind == "codes":
                    assert set(value.split("|")) <= set(column.values), value
                if column.in_quarter:
                    day = parse_date(value, spec.date_format)
                    assert (day.year, (day.month - 1) // 3 + 1) == (year, quarter), (key, value)
                if column.canonical == "birth_year":
                    assert 1900 <= int(value) <= year
            ident = row.get("record_id") or row["case_ref"]
            assert ident not in seen
            seen.add(ident)
            if "code_version" in row:
                province = row.get("residence_province") or row.get("province")
                if province:
                    assert province in province_codes(row["code_version"]), (key, province)
                date_col = next(c.canonical for c in spec.columns if c.in_quarter)
                day = parse_date(row[date_col], spec.date_format)
                if row["code_version"] == "VN34":
                    assert day >= dt.date(2025, 7, 1)
                elif day >= dt.date(2025, 7, 1):  # a slow social facility, 2025Q3 only
                    assert key == "social__victims" and row["_period"] == "2025Q3"
            if key == "social__victims" and row["support_start_date"]:
                assert row["support_start_date"] >= row["identified_date"] and row["services"]
            if key == "court__defendants":
                assert bool(row["sentence_months"]) == (row["verdict"] == "CONVICTED")
                if row["sentence_months"]:
                    assert 0 <= int(row["sentence_months"]) <= 240
            if row.get("repatriated") == "true":
                assert row["returned_from"]
                if key == "consular__victims":
                    assert parse_date(row["repatriation_date"], "%d/%m/%Y") >= parse_date(
                        row["identified_date"], "%d/%m/%Y"
                    )


def test_no_personal_data_pattern_in_good_files(full):
    home, manifest = full
    for entry in manifest.files:
        if entry.feed == "population" or (
            entry.expected_status == "REJECTED" and "personal" not in entry.why
        ):
            continue
        text = (home.landing / entry.file_name).read_bytes()
        if entry.feed == "border":
            _, rows = read_rows(home.landing / entry.file_name)
            values = [v for r in rows for v in r.values()]
        else:
            _, rows = read_rows(home.landing / entry.file_name) if entry.feed else ([], [])
            values = [v for r in rows for v in r.values()] or text.decode("utf-8-sig").replace(
                ";", ","
            ).split()
        hits = [v for v in values if PERSONAL.search(v)]
        if "personal" in entry.why:
            assert hits, entry.file_name
        else:
            assert not hits, entry.file_name


# ---------------------------------------------------------------- realism
def test_volumes_per_year_at_scale_1(records):
    first_year: dict[str, int] = {}
    keyless = Counter()
    formats = {"consular__victims": "%d/%m/%Y"}
    for key in ("police__victims", "border__victims", "consular__victims", "social__victims"):
        for row in records[key]:
            year = _year(row, "identified_date", formats.get(key, "%Y-%m-%d"))
            if row["victim_key"]:
                first_year[row["victim_key"]] = min(year, first_year.get(row["victim_key"], 9999))
            else:
                keyless[year] += 1
    keyed = Counter(first_year.values())
    cases = Counter(_year(r, "opened_date") for r in records["police__cases"])
    for year in range(2019, 2026):
        assert 1000 <= keyed[year] <= keyed[year] + keyless[year] * 0.5 <= 2000, (year, keyed[year])
        assert 250 <= cases[year] <= 400, (year, cases[year])
    assert keyed[2024] > keyed[2020] * 1.3  # the rise of scam compounds
    suspects = len(records["police__suspects"])
    indicted = len(records["procuracy__defendants"])
    court = records["court__defendants"]
    convicted = sum(r["verdict"] == "CONVICTED" for r in court)
    assert 1.5 <= suspects / len(records["police__cases"]) <= 2.0
    assert 0.68 <= indicted / suspects <= 0.82
    assert 0.80 <= convicted / indicted <= 0.92
    assert {r["verdict"] for r in court} == {"CONVICTED", "ACQUITTED", "RETURNED"}


def test_forms_nationalities_and_countries_are_varied(records):
    police = records["police__victims"]
    by_year = defaultdict(Counter)
    for row in police:
        by_year[_year(row, "identified_date")][row["exploitation_form"]] += 1
    share = {y: c["FORCED_CRIMINALITY"] / sum(c.values()) for y, c in by_year.items()}
    assert share[2019] < 0.08 < 0.18 < share[2024]
    assert {"VNM", "LAO", "KHM", "CHN", "MMR"} <= {r["nationality"] for r in police}
    countries = {r["exploitation_country"] for r in police}
    assert {
        "CHN",
        "KHM",
        "MMR",
        "LAO",
        "MYS",
        "THA",
        "KOR",
        "JPN",
        "TWN",
        "DEU",
        "GBR",
        "SAU",
        "VNM",
    } <= countries
    assert {"150", "151"} == {r["article"] for r in records["police__cases"]}


def test_same_persons_across_feeds_and_quarters(records):
    keys = {k: {r["victim_key"] for r in rows if r.get("victim_key")} for k, rows in records.items()}
    police = keys["police__victims"]
    assert len(police & keys["social__victims"]) > 500
    assert len(police & keys["border__victims"]) > 200
    assert len(police & keys["consular__victims"]) > 200
    assert police & keys["social__victims"] & (keys["border__victims"] | keys["consular__victims"])
    periods = defaultdict(set)
    statuses = defaultdict(set)
    for key in ("police__victims", "social__victims"):
        for row in records[key]:
            if row["victim_key"]:
                periods[row["victim_key"]].add(row["_period"])
                statuses[row["victim_key"]].add(row["victim_status"])
    assert sum(len(p) > 1 for p in periods.values()) > 200
    confirmed_later = [k for k, s in statuses.items() if {"PRESUMED", "CONFIRMED"} <= s]
    assert len(confirmed_later) > 50
    offenders = defaultdict(set)
    for key in ("police__suspects", "procuracy__defendants", "court__defendants"):
        for row in records[key]:
            if row["person_key"]:
                offenders[row["person_key"]].add(key)
    assert sum(len(s) == 3 for s in offenders.values()) > 500
    cases_of = defaultdict(set)
    for row in records["police__suspects"]:
        if row["person_key"]:
            cases_of[row["person_key"]].add(row["case_ref"])
    assert sum(len(c) > 1 for c in cases_of.values()) > 20
    case_refs = {r["case_ref"] for r in records["police__cases"]}
    victim_refs = [r["case_ref"] for r in records["police__victims"] if r["case_ref"]]
    assert sum(ref in case_refs for ref in victim_refs) / len(victim_refs) > 0.97


def test_attribute_disagreements_between_agencies(records):
    police = {r["victim_key"]: r for r in records["police__victims"] if r["victim_key"]}
    birth_off = sex_missing = form_differs = 0
    for key in ("border__victims", "consular__victims", "social__victims"):
        for row in records[key]:
            other = police.get(row["victim_key"])
            if not other:
                continue
            if (
                row["birth_year"]
                and other["birth_year"]
                and abs(int(row["birth_year"]) - int(other["birth_year"])) == 1
            ):
                birth_off += 1
            sex_missing += not row["sex"] and bool(other["sex"])
            form_differs += row["exploitation_form"] == "UNKNOWN" and other["exploitation_form"] != "UNKNOWN"
    assert min(birth_off, sex_missing, form_differs) > 20


def test_keyless_records_link_uniquely_ambiguously_or_not_at_all(records):
    victim_feeds = ("police__victims", "border__victims", "consular__victims", "social__victims")
    keyed = defaultdict(set)
    keyless = []
    for key in victim_feeds:
        for row in records[key]:
            sex = row["sex"] if key != "social__victims" else SOCIAL_SEX_VALUES.get(row["sex"], "")
            group = (row["case_ref"], sex, row["birth_year"])
            if row["victim_key"]:
                if all(group):
                    keyed[group].add(row["victim_key"])
            else:
                keyless.append(group)
    assert len(keyless) > 500
    complete = [g for g in keyless if all(g)]
    unique = sum(len(keyed.get(g, ())) == 1 for g in complete)
    ambiguous = sum(len(keyed.get(g, ())) >= 2 for g in complete)
    assert unique > 300
    assert ambiguous >= 3
    assert len(keyless) - len(complete) > 50


def test_no_date_after_the_files_arrival(full):
    """exports.md, "Edge cases (decided)": no date may be later than the file's arrival (its
    mtime, as a date in Viet Nam). The demo used to write repatriations dated after it."""
    home, manifest = full
    hanoi = dt.timezone(dt.timedelta(hours=7))
    checked = 0
    for entry in manifest.files:
        spec = FILE_SPECS.get(f"{entry.feed}__{entry.entity}")
        path = home.landing / entry.file_name
        if spec is None or entry.expected_status not in ("ACCEPTED", "SUPERSEDED") or not path.exists():
            continue
        arrived = dt.datetime.fromtimestamp(path.stat().st_mtime, hanoi).date()
        dates = [c.canonical for c in spec.columns if c.kind == "date"]
        for row in read_rows(path)[1]:
            for column in dates:
                if row.get(column):
                    assert parse_date(row[column], spec.date_format) <= arrived, (entry.file_name, column)
                    checked += 1
    assert checked > 10_000


def test_population_files(full):
    home, manifest = full
    for year in range(2019, 2027):
        header, rows = read_rows(home.landing / f"population_{year}.csv")
        assert header == POPULATION_SPEC.header
        assert len(rows) == 34 * 2 * 2
        assert {r["year"] for r in rows} == {str(year)}
        assert {r["province"] for r in rows} == set(province_codes("VN34"))
        total = sum(int(r["population"]) for r in rows)
        children = sum(int(r["population"]) for r in rows if r["age_group"] == "CHILD")
        assert 95_000_000 < total < 105_000_000
        assert 0.22 <= children / total <= 0.24


# ---------------------------------------------------------------- determinism and ranges
def _snapshot(home: Home) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(home.landing.iterdir())}


def test_deterministic_for_a_seed_and_different_for_another(tmp_path: Path):
    homes = [Home.resolve(tmp_path / name) for name in ("a", "b", "c")]
    for home, seed in zip(homes, (11, 11, 12), strict=True):
        generate_demo(home, seed=seed, start="2025Q1", end="2025Q4", today=TODAY)
    a, b, c = (_snapshot(h) for h in homes)
    assert a == b
    assert (homes[0].root / MANIFEST_NAME).read_bytes() == (homes[1].root / MANIFEST_NAME).read_bytes()
    feeds = [n for n in a if not n.startswith("population") and n in c]
    assert all(a[n][0] != c[n][0] for n in feeds)


def test_a_single_quarter_matches_the_full_run(full, tmp_path: Path):
    """Benchmarks add one quarter to a full warehouse: the same files as a full generation."""
    full_home, manifest = full
    home = Home.resolve(tmp_path / "one")
    one = generate_demo(home, seed=2026, start="2025Q3", end="2025Q3", today=TODAY, broken=False)
    assert len(one.files) == 8 and all(e.expected_status == "ACCEPTED" for e in one.files)
    regular = {e.file_name for e in manifest.files if e.why == "regular delivery"}
    compared = 0
    for name, (data, mtime) in _snapshot(home).items():
        if name in regular:
            assert (full_home.landing / name).read_bytes() == data, name
            assert (full_home.landing / name).stat().st_mtime_ns == mtime
            compared += 1
    assert compared >= 6


def test_end_defaults_to_last_full_quarter_and_future_is_refused(tmp_path: Path):
    home = Home.resolve(tmp_path / "h")
    manifest = generate_demo(home, start="2026Q2", today=dt.date(2026, 10, 2), broken=False, scale=0.2)
    assert manifest.end == "2026Q3"
    midnight = dt.datetime(2026, 10, 2, tzinfo=dt.UTC).timestamp()
    assert all(p.stat().st_mtime < midnight for p in home.landing.iterdir())
    with pytest.raises(ValueError):
        generate_demo(home, start="2026Q3", end="2026Q4", today=dt.date(2026, 10, 2))


# ---------------------------------------------------------------- against the intake validation
def test_manifest_statuses_agree_with_intake_validation(full):
    """Every delivery of the broken cases, one regular file of each feed (2025Q3: VN63 and VN34
    rows side by side) and one population file: validation passes exactly the files the
    manifest expects to count (GX takes seconds a file, hence not all 264)."""
    validation = pytest.importorskip("tipstat.intake.validation")
    home, manifest = full
    chosen = [
        e
        for e in manifest.files
        if e.why != "regular delivery" or e.period == "2025Q3" or e.file_name == "population_2025.csv"
    ]
    checked = 0
    for entry in chosen:
        if (
            entry.feed is None
            or entry.expected_status == "DUPLICATE"
            or entry.feed == "population"
            and entry.period != "2025"
        ):
            continue
        try:
            outcome = validation.validate_file(
                home.landing / entry.file_name, parse_file_name(entry.file_name)
            )
        except NotImplementedError:
            pytest.skip("intake validation not written yet")
        expected_ok = entry.expected_status in ("ACCEPTED", "SUPERSEDED")
        findings = [(f.rule, f.column, f.row) for f in outcome.findings][:5]
        assert outcome.ok == expected_ok, (entry.file_name, entry.why, findings)
        assert outcome.rows == entry.rows
        checked += 1
    assert checked >= 20


def test_tiny_scale_writes_empty_quarters_as_header_only_files(tmp_path: Path):
    home = Home.resolve(tmp_path / "tiny")
    manifest = generate_demo(home, seed=11, scale=0.01, start="2024Q3", end="2025Q2", today=TODAY)
    empty = [e for e in manifest.files if e.rows == 0]
    assert empty
    for entry in empty:
        header, rows = read_rows(home.landing / entry.file_name)
        assert rows == [] and header == ALL_SPECS[f"{entry.feed}__{entry.entity}"].header
        assert (home.landing / entry.file_name).stat().st_size > 0


# ---------------------------------------------------------------- small scales (benchmarks)
@pytest.mark.parametrize(
    ("scale", "start", "end"),
    [(0.05, "2025Q3", "2025Q4"), (0.03, "2026Q1", "2026Q2"), (0.03, "2019Q1", "2026Q2")],
)
def test_small_scale_writes_every_file_and_a_consistent_manifest(tmp_path: Path, scale, start, end):
    """Benchmark ×1 is generator scale 0.05 (about a thousand victim records over 2019-2026)."""
    home = Home.resolve(tmp_path / "small")
    manifest = generate_demo(home, seed=2026, scale=scale, start=start, end=end, today=TODAY, broken=False)
    assert (manifest.scale, manifest.start, manifest.end, manifest.broken) == (scale, start, end, False)
    assert DemoManifest.read(home.root / MANIFEST_NAME) == manifest
    on_disk = {p.name: p for p in home.landing.iterdir()}
    assert set(on_disk) == set(manifest.by_name())
    periods = {e.period for e in manifest.files if e.feed != "population"}
    assert len(manifest.files) == 8 * len(periods) + sum(e.feed == "population" for e in manifest.files)
    for entry in manifest.files:
        assert entry.expected_status == "ACCEPTED"
        data = on_disk[entry.file_name].read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry.sha256
        _, rows = read_rows(on_disk[entry.file_name])
        assert len(rows) == entry.rows, entry.file_name
    assert manifest.rows("police", "victims") > 0
    assert manifest.rows("police", "suspects") > 0


def test_offender_scale_draws_more_suspects_and_leaves_the_rest_alone(tmp_path: Path):
    plain_home, more_home, again_home = (Home.resolve(tmp_path / n) for n in ("plain", "more", "again"))
    kwargs = {"seed": 2026, "scale": 0.2, "start": "2025Q3", "end": "2025Q4", "today": TODAY, "broken": False}
    plain = generate_demo(plain_home, **kwargs)
    more = generate_demo(more_home, offender_scale=1.75, **kwargs)
    generate_demo(again_home, offender_scale=1.75, **kwargs)
    assert _snapshot(more_home) == _snapshot(again_home)  # deterministic
    # the plain demo's manifest does not mention offender_scale (its bytes are unchanged)
    assert "offender_scale" not in json.loads((plain_home.root / MANIFEST_NAME).read_text())
    assert DemoManifest.read(more_home.root / MANIFEST_NAME).offender_scale == 1.75
    a, b = _snapshot(plain_home), _snapshot(more_home)
    offenders = ("suspects", "defendants")
    for name in a:
        if any(word in name for word in offenders):
            assert a[name][0] != b[name][0], name
        else:
            assert a[name] == b[name], name
    for feed, entity in (("police", "suspects"), ("procuracy", "defendants"), ("court", "defendants")):
        assert 1.5 < more.rows(feed, entity) / plain.rows(feed, entity) < 2.0
    with pytest.raises(ValueError):
        generate_demo(Home.resolve(tmp_path / "bad"), offender_scale=0, **kwargs)
