"""SDG 16.2.2 in SDMX-CSV 2.0 for the IAEG-SDGs dataflow DF_SDG_GLH 1.12 (reporting.md).

Source: `reporting.sdg_16_2_2`. Counts under VC_HTF_DETV* with UNIT_MEASURE NUMBER, rates per
100,000 under the same codes with an R suffix, rounded to 4 decimals. The file is checked
against the structure (a pysdmx Schema built here: the SDG DSD's 15 dimensions, restricted to
the codes this submission may use) and read back with pysdmx's SDMX-CSV 2.0 reader before it is
renamed into place; a failing file is never written.

Public (`--public`): the observations are cells of the release's public catalogue
(sdg_public.py). OBS_VALUE must stay numeric, so hidden observations are left out of the file (in
SDMX an absent observation is "not available"), together with the rate of every hidden count.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd
from pysdmx.errors import Invalid
from pysdmx.io.csv.sdmx20.reader import read as read_sdmx_csv
from pysdmx.model import Code, Codelist, Concept, DataType, Role, Schema
from pysdmx.model.dataflow import Component, Components

from tipstat.exports import audit
from tipstat.exports.catalogue_source import public_year
from tipstat.exports.common import ExportError, ExportResult, write_atomically
from tipstat.exports.data import published, read_year, require_year
from tipstat.exports.release_source import latest_public_release_id, release_stamp
from tipstat.exports.sdg_public import public_frame
from tipstat.settings import Home, disclosure_threshold

AGENCY = "IAEG-SDGs"
DATAFLOW = "DF_SDG_GLH"
VERSION = "1.12"
STRUCTURE = "dataflow"
STRUCTURE_ID = f"{AGENCY}:{DATAFLOW}({VERSION})"
ACTION = "I"
REF_AREA = "704"  # Viet Nam, M49

COUNT_SERIES = ("VC_HTF_DETV", "VC_HTF_DETVSX", "VC_HTF_DETVFL", "VC_HTF_DETVOG", "VC_HTF_DETVOP")
RATE_SERIES = tuple(f"{s}R" for s in COUNT_SERIES)
SEXES = ("_T", "F", "M")
AGES = ("_T", "Y0T17", "Y_GE18")
NUMBER = "NUMBER"
PER_100K = "PER_100000_POP"

# Dimensions of the IAEG-SDGs SDG data structure (DSD `IAEG-SDGs:SDG`, used by DF_SDG_GLH 1.12),
# in DSD order: FREQ.REPORTING_TYPE.SERIES.REF_AREA then 11 breakdowns (15 key positions).
DSD_DIMENSIONS = (
    "FREQ",
    "REPORTING_TYPE",
    "SERIES",
    "REF_AREA",
    "SEX",
    "AGE",
    "URBANISATION",
    "INCOME_WEALTH_QUANTILE",
    "EDUCATION_LEV",
    "OCCUPATION",
    "CUST_BREAKDOWN",
    "COMPOSITE_BREAKDOWN",
    "DISABILITY_STATUS",
    "ACTIVITY",
    "PRODUCT",
)
HEADER_START = (
    "STRUCTURE",
    "STRUCTURE_ID",
    "ACTION",
    "FREQ",
    "REPORTING_TYPE",
    "SERIES",
    "REF_AREA",
    "SEX",
    "AGE",
    "TIME_PERIOD",
    "OBS_VALUE",
    "UNIT_MEASURE",
)
BREAKDOWNS = tuple(d for d in DSD_DIMENSIONS if d not in HEADER_START)
HEADER = HEADER_START + BREAKDOWNS

_FIXED = {"FREQ": ("A",), "REPORTING_TYPE": ("N",), "REF_AREA": (REF_AREA,)}


def _codelist(cid: str, codes: tuple[str, ...]) -> Codelist:
    return Codelist(id=f"CL_{cid}", name=cid, agency=AGENCY, items=[Code(id=c, name=c) for c in codes])


def sdg_schema(year: int) -> Schema:
    """The structure a file must meet: the DSD's dimensions with the codes allowed here."""
    allowed: dict[str, tuple[str, ...]] = {
        **_FIXED,
        "SERIES": COUNT_SERIES + RATE_SERIES,
        "SEX": SEXES,
        "AGE": AGES,
        **{b: ("_T",) for b in BREAKDOWNS},
    }
    components = [
        Component(
            id=dim,
            required=True,
            role=Role.DIMENSION,
            concept=Concept(id=dim),
            local_dtype=DataType.STRING,
            local_codes=_codelist(dim, allowed[dim]),
        )
        for dim in DSD_DIMENSIONS
    ]
    components.append(
        Component(
            id="TIME_PERIOD",
            required=True,
            role=Role.DIMENSION,
            concept=Concept(id="TIME_PERIOD"),
            local_dtype=DataType.STRING,
            local_codes=_codelist("TIME_PERIOD", (str(year),)),
        )
    )
    components.append(
        Component(
            id="OBS_VALUE",
            required=True,
            role=Role.MEASURE,
            concept=Concept(id="OBS_VALUE"),
            local_dtype=DataType.DOUBLE,
        )
    )
    components.append(
        Component(
            id="UNIT_MEASURE",
            required=True,
            role=Role.ATTRIBUTE,
            concept=Concept(id="UNIT_MEASURE"),
            local_dtype=DataType.STRING,
            local_codes=_codelist("UNIT_MEASURE", (NUMBER, PER_100K)),
            attachment_level="O",
        )
    )
    return Schema(
        context="dataflow", agency=AGENCY, id=DATAFLOW, version=VERSION, components=Components(components)
    )


# ---------------------------------------------------------------- building the observations
def _rate_text(rate: float) -> str:
    return f"{round(rate, 4):.4f}"


def build_observations(frame: pd.DataFrame, year: int, hidden: set[tuple[str, str, str]]) -> pd.DataFrame:
    """One row per observation, columns HEADER, as text; counts first, then rates."""
    order_s = {s: i for i, s in enumerate(COUNT_SERIES)}
    order_x = {x: i for i, x in enumerate(SEXES)}
    order_a = {a: i for i, a in enumerate(AGES)}
    rows: list[dict[str, str]] = []
    unknown = frame[
        ~frame["series"].isin(COUNT_SERIES) | ~frame["sex"].isin(SEXES) | ~frame["age"].isin(AGES)
    ]
    if not unknown.empty:
        first = unknown.iloc[0]
        raise ExportError(
            f"reporting.sdg_16_2_2 holds codes outside the SDG structure: "
            f"series={first['series']} sex={first['sex']} age={first['age']}"
        )
    ordered = frame.sort_values(
        ["series", "sex", "age"],
        key=lambda col: col.map({"series": order_s, "sex": order_x, "age": order_a}[str(col.name)]),
    )
    base = {
        "STRUCTURE": STRUCTURE,
        "STRUCTURE_ID": STRUCTURE_ID,
        "ACTION": ACTION,
        "FREQ": "A",
        "REPORTING_TYPE": "N",
        "REF_AREA": REF_AREA,
        "TIME_PERIOD": str(year),
        **{b: "_T" for b in BREAKDOWNS},
    }
    for rate_pass in (False, True):
        for r in ordered.itertuples(index=False):
            key = (str(r.series), str(r.sex), str(r.age))
            if key in hidden or pd.isna(r.victims):
                continue
            if rate_pass:
                rate = r.rate_per_100k
                if rate is None or pd.isna(rate) or not math.isfinite(float(rate)):
                    continue  # no population: no rate
                value, series, unit = _rate_text(float(rate)), f"{key[0]}R", PER_100K
            else:
                value, series, unit = str(int(r.victims)), key[0], NUMBER
            rows.append(
                {
                    **base,
                    "SERIES": series,
                    "SEX": key[1],
                    "AGE": key[2],
                    "OBS_VALUE": value,
                    "UNIT_MEASURE": unit,
                }
            )
    return pd.DataFrame(rows, columns=list(HEADER))


# ---------------------------------------------------------------- the structure check
def check_sdmx_csv(text: str, year: int, public: bool, threshold: int) -> int:
    """Raise ExportError unless `text` is an SDMX-CSV file this export may send; returns the
    number of observations."""
    schema = sdg_schema(year)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ExportError("structure check failed: the SDMX-CSV file is empty") from None
    if tuple(header) != HEADER:
        raise ExportError(f"structure check failed: columns {header} are not {list(HEADER)}")
    allowed = {
        c.id: {code.id for code in c.enumeration.codes}  # type: ignore[union-attr]
        for c in schema.components
        if c.enumeration is not None
    }
    seen: set[tuple[str, ...]] = set()
    count = 0
    for line_no, row in enumerate(reader, start=2):
        if len(row) != len(HEADER):
            raise ExportError(f"structure check failed: line {line_no} has {len(row)} fields")
        obs = dict(zip(HEADER, row, strict=True))
        where = f"line {line_no}"
        if (obs["STRUCTURE"], obs["STRUCTURE_ID"], obs["ACTION"]) != (STRUCTURE, STRUCTURE_ID, ACTION):
            raise ExportError(f"structure check failed: {where}: wrong STRUCTURE/STRUCTURE_ID/ACTION")
        for cid, codes in allowed.items():
            if obs[cid] not in codes:
                raise ExportError(f"structure check failed: {where}: {cid}={obs[cid]!r} is not allowed")
        key = tuple(obs[d] for d in (*DSD_DIMENSIONS, "TIME_PERIOD"))
        if key in seen:
            raise ExportError(f"structure check failed: {where}: duplicate observation {'.'.join(key)}")
        seen.add(key)
        is_rate = obs["SERIES"] in RATE_SERIES
        if obs["UNIT_MEASURE"] != (PER_100K if is_rate else NUMBER):
            raise ExportError(
                f"structure check failed: {where}: {obs['SERIES']} with unit {obs['UNIT_MEASURE']}"
            )
        try:
            value = float(obs["OBS_VALUE"])
        except ValueError:
            raise ExportError(f"structure check failed: {where}: OBS_VALUE is not a number") from None
        if not math.isfinite(value) or value < 0:
            raise ExportError(f"structure check failed: {where}: OBS_VALUE {value} out of range")
        if not is_rate and (value != int(value) or not obs["OBS_VALUE"].isdigit()):
            raise ExportError(f"structure check failed: {where}: a count must be a whole number")
        if public and not is_rate and 0 < value < threshold:
            raise ExportError(f"disclosure check failed: {where}: a count below {threshold} in a public file")
        count += 1
    if count:  # pysdmx must read it as one SDMX-CSV 2.0 dataset of this dataflow
        try:
            datasets = read_sdmx_csv(text)
        except Invalid as exc:
            raise ExportError(f"structure check failed: pysdmx cannot read the file: {exc}") from exc
        if len(datasets) != 1 or not str(datasets[0].short_urn).endswith(f"{AGENCY}:{DATAFLOW}({VERSION})"):
            raise ExportError("structure check failed: pysdmx does not see one dataset of DF_SDG_GLH 1.12")
        if len(datasets[0].data) != count:
            raise ExportError("structure check failed: pysdmx reads a different number of observations")
    return count


# ---------------------------------------------------------------- the export
def export_sdg(
    home: Home, year: int, out: Path, public: bool, user: str | None = None, release: str | None = None
) -> ExportResult:
    """Write SDG 16.2.2 for `year` as SDMX-CSV to `out` and record it in the audit; from release
    `release` when given (the file holds no time at all, so a release's is always the same)."""
    threshold = disclosure_threshold()
    if public and release is None:
        release = latest_public_release_id(home)
    stamp = release_stamp(home, release, public) if release else None
    hidden: set[tuple[str, str, str]] = set()
    if public:
        assert stamp is not None
        cat = public_year(home, stamp, year)
        threshold = cat.threshold
        frame, hidden = public_frame(cat)
    else:
        with published(home, stamp) as con:
            require_year(con, year, ("sdg_16_2_2",))
            frame = read_year(con, "sdg_16_2_2", year)
    table = build_observations(frame, year, hidden)
    if table.empty:
        raise ExportError(f"no SDG 16.2.2 observation to send for {year}")
    text = table.to_csv(index=False, lineterminator="\n")
    observations = 0

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="")

    def check(tmp: Path) -> None:
        nonlocal observations
        observations = check_sdmx_csv(tmp.read_text(encoding="utf-8"), year, public, threshold)

    digest = write_atomically(Path(out), write, check)
    hidden_present = len(hidden)
    result = ExportResult(
        kind="sdg",
        year=year,
        path=Path(out),
        sha256=digest,
        public=public,
        user=audit.current_user(user),
        observations=observations,
        suppressed=hidden_present,
    )
    audit.record_or_remove(home, result, threshold)
    return result
