"""Benchmarks: what a `tipstat run` costs, and how the cost grows with volume.

    .venv/bin/python benchmarks/run_benchmarks.py --scales 1 10 100 [--out benchmarks/results/latest.json]

Scales are in the benchmark issue's units: ×N of the national volume is about N thousand victim
records (and as many offender records) over 2019-2026, so ×1000 is roughly a million of each.
The demo generator's own scale is N × GENERATOR_SCALE_PER_X (see there); the bundled demo
(generator scale 1) is about ×20.

First (unless `--no-demo`) the "demo" row: a fresh home, `tipstat demo --home H` with its
defaults as a user runs it, then the cold full `tipstat run` and a run with nothing new,
measured as below.

Then for each scale, in a fresh temporary home (under `benchmarks/.work/`, removed afterwards
unless `--keep`):

1. generate the demo landing folder (`generate_demo`, broken=False, generator scale
   N × GENERATOR_SCALE_PER_X, offender_scale OFFENDER_SCALE), timed on its own;
2. a full `tipstat run` from an empty home, as a subprocess: wall time, per-stage seconds from
   `HOME/.work/timings.json`, and peak resident memory of the whole process tree (sum of VmRSS of
   the `tipstat` process and all its descendants, polled every 50 ms from /proc);
3. an incremental run after one more quarter lands (see `add_quarter` for how);
4. a run with nothing new;
5. dashboard query latency (p50/p95) on the published warehouse, read-only, uncached;
6. the floor: `benchmarks/floor.sql`, one hand-written DuckDB script over the archived files,
   computing the same published tables; the full run is reported as a ratio to it.

Targets (reporting.md / the benchmark issue) are printed as pass/miss.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import duckdb  # noqa: E402

from tipstat.intake import tables  # noqa: E402
from tipstat.settings import child_env  # noqa: E402
from tipstat.warehouse import PUBLISHED_TABLES as SPEC_TABLES  # noqa: E402

BENCH_DIR = REPO / "benchmarks"
FLOOR_SQL = BENCH_DIR / "floor.sql"
CROSSWALK = REPO / "dbt" / "seeds" / "province_crosswalk.csv"
TIPSTAT = REPO / ".venv" / "bin" / "tipstat"

# the published tables the floor recomputes: all but the submissions register
PUBLISHED_TABLES = tuple(t for t in SPEC_TABLES if t != "submissions")
RAW_TABLES = tuple(tables.RAW_TABLES)  # every raw.* table the intake loads
VICTIM_TABLES = ("police__victims", "border__victims", "social__victims", "consular__victims")
OFFENDER_TABLES = ("police__suspects", "procuracy__defendants", "court__defendants")
STAGES = ("registration", "validation", "load", "dbt_build", "publish")

# Scale units. The benchmark issue: "generate demo data at scale ×1, ×10, ×100 and ×1000 of the
# national volume (×1000 means roughly a million victim records and as many offender records over
# the years)", i.e. ×N ≈ N thousand victim records. Measured: the demo generator at its scale 1
# (the bundled demo, 2019Q1..2026Q3, demo row of 2026-11-30) gives 19,321 victim records in force
# (raw police__victims 10,611 + border__victims 2,532 + social__victims 4,387 + consular__victims
# 1,791; an earlier measurement gave 19,693) and 11,072 offender records (police__suspects 4,551
# + procuracy__defendants 3,369 + court__defendants 3,152). So ×N is generator scale N × 0.05:
# ×1 ≈ 1,000 victim records, ×1000 (generator scale 50) ≈ 1 million.
GENERATOR_SCALE_PER_X = 0.05
# "As many offender records": the generator draws this many times the suspects of each case
# (`generate_demo(offender_scale=...)`; the procuracy and court records follow the suspects).
# Measured at generator scale 1 over 2019Q1..2026Q3: 11,072 offender records at 1.0, 19,521 at
# 1.75, for 19,321 victim records: offender records ≈ victim records.
OFFENDER_SCALE = 1.75

# --------------------------------------------------------------------------- quarters


def quarter_of(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def shift_quarter(q: tuple[int, int], n: int) -> tuple[int, int]:
    index = q[0] * 4 + (q[1] - 1) + n
    return index // 4, index % 4 + 1


def qname(q: tuple[int, int]) -> str:
    return f"{q[0]}Q{q[1]}"


def quarter_end(q: tuple[int, int]) -> date:
    year, quarter = q
    if quarter == 4:
        return date(year, 12, 31)
    return date(year, quarter * 3 + 1, 1) - timedelta(days=1)


def today_after(q: tuple[int, int]) -> date:
    """A 'today' 20 days after the quarter's end: every file of that quarter is on time."""
    return date.fromordinal(quarter_end(q).toordinal() + 20)


# --------------------------------------------------------------------------- memory


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read().decode(errors="replace")
        except OSError:
            continue
        # comm may contain spaces and parentheses: the fields after the last ')'.
        rest = stat[stat.rfind(")") + 2 :].split()
        ppid = int(rest[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _vmrss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(root: int) -> int:
    """Sum of VmRSS over `root` and all its descendants (shared pages count in each process)."""
    children = _children_map()
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _vmrss_kb(pid)
        stack.extend(children.get(pid, ()))
    return total


@dataclass
class Measured:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_measured(cmd: list[str], env: dict[str, str] | None = None, interval: float = 0.05) -> Measured:
    """Run a command; wall time and peak process-tree RSS (polled every `interval` seconds)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=REPO)
        peak = 0
        stop = threading.Event()

        def poll() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, tree_rss_kb(proc.pid))
                stop.wait(interval)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        code = proc.wait()
        seconds = time.perf_counter() - start
        stop.set()
        poller.join()
        out.seek(0)
        err.seek(0)
        return Measured(
            seconds,
            peak / 1024,
            code,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
        )


# --------------------------------------------------------------------------- pipeline steps


def generator_scale(scale: float) -> float:
    """The demo generator's scale for ×`scale` in the issue's units (GENERATOR_SCALE_PER_X)."""
    return round(scale * GENERATOR_SCALE_PER_X, 9)


def scale_label(scale: float | str) -> str:
    return "demo" if scale == "demo" else f"×{scale:g}"


def generate(
    root: Path, gen_scale: float, start: str, end: str, today: date, seed: int, offender_scale: float = 1.0
) -> float:
    """`generate_demo` at generator scale `gen_scale` (not the issue's units), broken=False."""
    from tipstat.demo.generator import generate_demo
    from tipstat.settings import Home

    t0 = time.perf_counter()
    generate_demo(
        Home.resolve(root),
        seed=seed,
        scale=gen_scale,
        start=start,
        end=end,
        today=today,
        broken=False,
        progress=lambda message: None,
        offender_scale=offender_scale,
    )
    return time.perf_counter() - t0


def tipstat_env(root: Path) -> dict[str, str]:
    return child_env({"TIPSTAT_HOME": str(root), "PYTHONUNBUFFERED": "1"})


def tipstat_run(root: Path, label: str) -> dict:
    env = tipstat_env(root)
    timings_file = root / ".work" / "timings.json"
    if timings_file.exists():
        timings_file.unlink()
    measured = run_measured([str(TIPSTAT), "run", "--home", str(root)], env=env)
    if measured.returncode != 0:
        raise RuntimeError(
            f"`tipstat run` ({label}) exited {measured.returncode}:\n"
            f"{measured.stdout[-3000:]}\n{measured.stderr[-3000:]}\n{_dbt_failures(root)}"
        )
    stages: dict[str, float] | None = None
    if timings_file.exists():
        try:
            stages = {k: round(float(v), 3) for k, v in json.loads(timings_file.read_text()).items()}
        except (OSError, ValueError):
            stages = None
    return {
        "seconds": round(measured.seconds, 3),
        "peak_rss_mb": round(measured.peak_rss_mb, 1),
        "stages": stages,
    }


def _dbt_failures(root: Path) -> str:
    """The failing dbt nodes of the run, from its run_results.json (when the dbt step failed)."""
    path = root / ".work" / "dbt_target" / "run_results.json"
    try:
        results = json.loads(path.read_text(encoding="utf-8")).get("results", [])
    except (OSError, ValueError):
        return ""
    bad = [r for r in results if r.get("status") not in ("success", "pass", "skipped")]
    return "dbt: " + "; ".join(
        f"{r.get('unique_id')}: {r.get('status')}: {str(r.get('message'))[:300]}" for r in bad
    )


def add_quarter(
    root: Path, gen_scale: float, q: tuple[int, int], seed: int, today: date, offender_scale: float = 1.0
) -> dict:
    """Land one more quarter in a home whose landing folder the full run has emptied.

    The generator writes whole landing folders (and a manifest), so the new quarter is generated
    into a scratch home with the same seed and only the files that are new to the warehouse are
    moved into `landing/`: files whose name is already archived (a population file of a year
    already delivered) are left out, as a ministry would not send them again.
    """
    scratch = root.parent / (root.name + "-next")
    shutil.rmtree(scratch, ignore_errors=True)
    seconds = generate(scratch, gen_scale, qname(q), qname(q), today, seed, offender_scale)
    archived = {p.name for p in (root / "archive").rglob("*") if p.is_file()}
    moved = []
    landing = root / "landing"
    landing.mkdir(parents=True, exist_ok=True)
    for path in sorted((scratch / "landing").rglob("*")):
        if path.is_file() and path.name not in archived:
            target = landing / path.name
            shutil.copy2(path, target)
            moved.append(path.name)
    shutil.rmtree(scratch, ignore_errors=True)
    return {"generation_seconds": round(seconds, 3), "files": moved}


def record_counts(warehouse: Path) -> dict[str, int]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        counts = {}
        for table in RAW_TABLES:
            try:
                counts[table] = tables.rows_in_force(con, table)
            except duckdb.Error:
                counts[table] = None
        counts["files_accepted"] = tables.files_in_force(con)
        counts["files_seen"] = tables.files_seen(con)
        return counts
    finally:
        con.close()


def record_sums(counts: dict) -> dict[str, int]:
    """Victim and offender records in force (sums of the raw tables) and all records."""
    return {
        "victim_records": sum(counts.get(t) or 0 for t in VICTIM_TABLES),
        "offender_records": sum(counts.get(t) or 0 for t in OFFENDER_TABLES),
        "records": sum(v for k, v in counts.items() if not k.startswith("files") and v),
    }


# --------------------------------------------------------------------------- dashboard latency

# What the dashboard pages ask of the published warehouse: the calls app/views/*.py make through
# app/data.py (`data.table(name, where, params)` is `SELECT * FROM reporting.<name> [WHERE ...]`;
# `data.years(name)`, `data.incomplete_periods()`, `data.published_at()`, `data.province_names()`).
# Each is timed WITHOUT Streamlit's cache, the way app/data.py reads on a cache miss: open the
# published file read-only, run, fetch a DataFrame, close. "$YEAR" is the latest year with data.
_YEAR = "$YEAR"
DASHBOARD_QUERIES: dict[str, tuple[str, tuple]] = {
    "published_at": ("SELECT max(published_at) AS published_at FROM reporting.publication", ()),
    "incomplete_periods": (
        "SELECT DISTINCT period FROM reporting.completeness "
        "WHERE status IN ('MISSING', 'REJECTED') ORDER BY period",
        (),
    ),
    "province_names": ("SELECT * FROM reporting.provinces", ()),
    "years_victims_detected": ("SELECT DISTINCT year FROM reporting.victims_detected ORDER BY year", ()),
    "years_justice_funnel": ("SELECT DISTINCT year FROM reporting.justice_funnel ORDER BY year", ()),
    "years_victim_routes": ("SELECT DISTINCT year FROM reporting.victim_routes ORDER BY year", ()),
    "years_assistance": ("SELECT DISTINCT year FROM reporting.assistance ORDER BY year", ()),
    "overview_victims_detected": ("SELECT * FROM reporting.victims_detected", ()),
    "overview_cases": ("SELECT * FROM reporting.cases", ()),
    "overview_justice_funnel": ("SELECT * FROM reporting.justice_funnel", ()),
    "overview_victims_quarterly": ("SELECT * FROM reporting.victims_quarterly", ()),
    "victims_year": ("SELECT * FROM reporting.victims_detected WHERE year = ?", (_YEAR,)),
    "routes_year": ("SELECT * FROM reporting.victim_routes WHERE year = ?", (_YEAR,)),
    "routes_cases_quarterly": ("SELECT * FROM reporting.cases_quarterly", ()),
    "support_assistance": ("SELECT * FROM reporting.assistance", ()),
    "support_services_year": ("SELECT * FROM reporting.assistance_services WHERE year = ?", (_YEAR,)),
    "support_repatriations_year": ("SELECT * FROM reporting.repatriations WHERE year = ?", (_YEAR,)),
    "support_repatriations_by_status_year": (
        "SELECT * FROM reporting.repatriations_by_status WHERE year = ?",
        (_YEAR,),
    ),
    "quality_completeness": ("SELECT * FROM reporting.completeness", ()),
    "quality_rejected": ("SELECT * FROM reporting.submissions WHERE status = ?", ("REJECTED",)),
    "quality_linkage": ("SELECT * FROM reporting.linkage_quality", ()),
    "reports_sdg_year": ("SELECT * FROM reporting.sdg_16_2_2 WHERE year = ?", (_YEAR,)),
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def dashboard_latency(warehouse: Path, repetitions: int) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        year_row = con.execute(
            "SELECT max(year) FROM reporting.victims_detected WHERE status = 'CONFIRMED'"
        ).fetchone()
    finally:
        con.close()
    year = int(year_row[0]) if year_row and year_row[0] is not None else date.today().year
    samples: list[float] = []
    per_query: dict[str, dict] = {}
    failed: dict[str, str] = {}
    for name, (sql, params) in DASHBOARD_QUERIES.items():
        bound = [year if p == _YEAR else p for p in params]
        times = []
        try:
            for _ in range(repetitions):
                t0 = time.perf_counter()
                c = duckdb.connect(str(warehouse), read_only=True)
                try:
                    c.execute(sql, bound).df()
                finally:
                    c.close()
                times.append((time.perf_counter() - t0) * 1000)
        except duckdb.Error as exc:
            failed[name] = str(exc).splitlines()[0][:200]
            continue
        samples.extend(times)
        per_query[name] = {
            "p50_ms": round(percentile(times, 0.5), 2),
            "p95_ms": round(percentile(times, 0.95), 2),
        }
    return {
        "year": year,
        "repetitions": repetitions,
        "queries": len(per_query),
        "p50_ms": round(percentile(samples, 0.5), 2) if samples else None,
        "p95_ms": round(percentile(samples, 0.95), 2) if samples else None,
        "per_query": per_query,
        "failed": failed,
    }


# --------------------------------------------------------------------------- the floor


def convert_border(archive: Path, out_dir: Path) -> float:
    """Border XLSX → CSV in the contract's column order (DuckDB has no XLSX reader offline).

    Date cells are written as yyyy-mm-dd, whole numbers without a decimal point, booleans as
    true/false, values trimmed (as the intake does).
    """
    from python_calamine import CalamineWorkbook

    from tipstat.contract import FILE_SPECS

    header = FILE_SPECS["border__victims"].header
    t0 = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    for xlsx in sorted((archive / "border").glob("border_victims_*.xlsx")):
        book = CalamineWorkbook.from_path(str(xlsx))
        sheet = "victims" if "victims" in book.sheet_names else book.sheet_names[0]
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        if not rows:
            continue
        position = {str(name).strip(): i for i, name in enumerate(rows[0])}
        order = [position[name] for name in header]
        with (out_dir / (xlsx.stem + ".csv")).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for row in rows[1:]:
                writer.writerow([_cell(row[i]) if i < len(row) else "" for i in order])
    return time.perf_counter() - t0


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def floor_connection(root: Path, border_dir: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET VARIABLE archive = ?", [str(root / "archive")])
    con.execute("SET VARIABLE border_dir = ?", [str(border_dir)])
    con.execute("SET VARIABLE crosswalk = ?", [str(CROSSWALK)])
    return con


def run_floor(root: Path, scratch: Path) -> tuple[dict, duckdb.DuckDBPyConnection]:
    """Convert border files, then execute floor.sql on one connection; returns timings and the connection."""
    border_dir = scratch / "floor_border"
    shutil.rmtree(border_dir, ignore_errors=True)
    convert_seconds = convert_border(root / "archive", border_dir)
    con = floor_connection(root, border_dir)
    script = FLOOR_SQL.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    con.execute(script)
    sql_seconds = time.perf_counter() - t0
    rows = {t: con.execute(f"SELECT count(*) FROM floor.{t}").fetchone()[0] for t in PUBLISHED_TABLES}
    return {
        "sql_seconds": round(sql_seconds, 3),
        "border_xlsx_to_csv_seconds": round(convert_seconds, 3),
        "seconds": round(sql_seconds + convert_seconds, 3),
        "table_rows": rows,
    }, con


def compare_to_published(con: duckdb.DuckDBPyConnection, warehouse: Path, examples: int = 5) -> dict:
    """Row-for-row difference between floor.<t> and the published reporting.<t>, for each table.

    Doubles are compared rounded to 6 decimals. reporting.sdg_16_2_2 may carry zero-victim cells
    (reporting.md: zero rows are not needed, so the floor writes none): those are left out.
    """
    con.execute("ATTACH IF NOT EXISTS ? AS pub (READ_ONLY)", [str(warehouse)])
    out = {}
    for table in PUBLISHED_TABLES:
        cols = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_catalog = current_database() AND table_schema = 'floor' AND table_name = ? "
            "ORDER BY ordinal_position",
            [table],
        ).fetchall()

        def expr(name: str, dtype: str) -> str:
            quoted = f'"{name}"'
            return f"round({quoted}, 6) AS {quoted}" if dtype in ("DOUBLE", "FLOAT") else quoted

        select = ", ".join(expr(n, t) for n, t in cols)
        where = " WHERE victims <> 0" if table == "sdg_16_2_2" else ""
        floor_q = f"SELECT {select} FROM floor.{table}"
        pub_q = f"SELECT {select} FROM pub.reporting.{table}{where}"
        try:
            floor_only = con.execute(f"({floor_q}) EXCEPT ALL ({pub_q})").fetchall()
            pub_only = con.execute(f"({pub_q}) EXCEPT ALL ({floor_q})").fetchall()
        except duckdb.Error as exc:
            out[table] = {"error": str(exc).splitlines()[0][:300]}
            continue
        names = [n for n, _ in cols]
        out[table] = {
            "match": not floor_only and not pub_only,
            "floor_only": len(floor_only),
            "published_only": len(pub_only),
            "floor_only_examples": [
                dict(zip(names, r, strict=True)) for r in sorted(floor_only, key=str)[:examples]
            ],
            "published_only_examples": [
                dict(zip(names, r, strict=True)) for r in sorted(pub_only, key=str)[:examples]
            ],
        }
    con.execute("DETACH pub")
    return out


# --------------------------------------------------------------------------- one scale


def bench_scale(scale: float, args: argparse.Namespace, log) -> dict:
    today = date.today()
    last_full = shift_quarter(quarter_of(today), -1)
    if args.quick:
        end_q = shift_quarter(last_full, -1)
        start_q = shift_quarter(end_q, -(args.quarters - 1))
    else:
        end_q = shift_quarter(last_full, -1)
        start_q = tuple(int(x) for x in args.start.split("Q"))
    next_q = shift_quarter(end_q, 1)
    gen_scale = generator_scale(scale)
    work_root = Path(args.work_dir)
    work_root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f"x{scale:g}-", dir=work_root))
    root = scratch / "home"
    result: dict = {
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "scale": scale,
        "generator_scale": gen_scale,
        "offender_scale": OFFENDER_SCALE,
        "quarters": f"{qname(start_q)}..{qname(end_q)}",
        "next_quarter": qname(next_q),
    }
    try:
        log(f"×{scale:g} (generator scale {gen_scale:g}): generating {qname(start_q)}..{qname(end_q)}")
        result["generation_seconds"] = round(
            generate(
                root, gen_scale, qname(start_q), qname(end_q), today_after(end_q), args.seed, OFFENDER_SCALE
            ),
            3,
        )
        result["landing_files"] = sum(1 for p in (root / "landing").rglob("*") if p.is_file())
        result["landing_bytes"] = sum(p.stat().st_size for p in (root / "landing").rglob("*") if p.is_file())

        log(f"×{scale:g}: full run")
        full = tipstat_run(root, "full")
        result["full_run"] = full
        result["record_counts"] = record_counts(root / "warehouse.duckdb")
        result.update(record_sums(result["record_counts"]))

        log(f"×{scale:g}: dashboard latency")
        result["dashboard"] = dashboard_latency(root / "warehouse.duckdb", args.repetitions)

        log(f"×{scale:g}: floor")
        floor, con = run_floor(root, scratch)
        try:
            comparison = compare_to_published(con, root / "warehouse.duckdb")
        finally:
            con.close()
        floor["matches_published"] = all(c.get("match") for c in comparison.values())
        floor["mismatched_tables"] = sorted(t for t, c in comparison.items() if not c.get("match"))
        result["floor"] = floor
        result["ratio_full_to_floor"] = (
            round(full["seconds"] / floor["seconds"], 2) if floor["seconds"] else None
        )

        log(f"×{scale:g}: incremental run (+{qname(next_q)})")
        added = add_quarter(root, gen_scale, next_q, args.seed, today_after(next_q), OFFENDER_SCALE)
        inc = tipstat_run(root, "incremental")
        inc["added_files"] = len(added["files"])
        inc["generation_seconds"] = added["generation_seconds"]
        inc["pct_of_full"] = round(100 * inc["seconds"] / full["seconds"], 1)
        result["incremental_run"] = inc

        log(f"×{scale:g}: nothing-new run")
        finish_row(result, root, full, "nothing new")
    finally:
        clean_up(args, scratch, root, result)
    return result


def bench_demo(args: argparse.Namespace, log) -> dict:
    """The "demo" row: `tipstat demo --home H` with its defaults, as a user runs it (generator
    scale 1, seed 2026, 2019Q1 to the last full quarter, with the broken, late and corrected
    files), then the cold full `tipstat run` and a run with nothing new, measured like the scales."""
    work_root = Path(args.work_dir)
    work_root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="demo-", dir=work_root))
    root = scratch / "home"
    result: dict = {
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "label": "demo",
        "command": "tipstat demo --home H",
    }
    try:
        log("demo: tipstat demo --home H")
        demo = run_measured([str(TIPSTAT), "demo", "--home", str(root)], env=tipstat_env(root))
        if demo.returncode != 0:
            raise RuntimeError(
                f"`tipstat demo` exited {demo.returncode}:\n{demo.stdout[-3000:]}\n{demo.stderr[-3000:]}"
            )
        result["generation_seconds"] = round(demo.seconds, 3)
        manifest = json.loads((root / "demo_manifest.json").read_text(encoding="utf-8"))
        result["generator_scale"] = manifest["scale"]
        result["scale"] = round(manifest["scale"] / GENERATOR_SCALE_PER_X, 3)  # in the units
        result["offender_scale"] = manifest.get("offender_scale", 1.0)
        result["quarters"] = f"{manifest['start']}..{manifest['end']}"
        result["broken"] = manifest["broken"]
        landing = [p for p in (root / "landing").rglob("*") if p.is_file()]
        result["landing_files"] = len(landing)
        result["landing_bytes"] = sum(p.stat().st_size for p in landing)

        log("demo: full run")
        full = tipstat_run(root, "demo full")
        result["full_run"] = full
        result["record_counts"] = record_counts(root / "warehouse.duckdb")
        result.update(record_sums(result["record_counts"]))

        log("demo: nothing-new run")
        finish_row(result, root, full, "demo nothing new")
    finally:
        clean_up(args, scratch, root, result)
    return result


def finish_row(result: dict, root: Path, full: dict, label: str) -> None:
    """The last measurement of a row: a run with nothing new, as a share of the full run."""
    nothing = tipstat_run(root, label)
    nothing["pct_of_full"] = round(100 * nothing["seconds"] / full["seconds"], 1)
    result["nothing_new_run"] = nothing
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]


def clean_up(args: argparse.Namespace, scratch: Path, root: Path, result: dict) -> None:
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    else:
        result["kept_home"] = str(root)


# --------------------------------------------------------------------------- targets and output


def targets(results: list[dict], demo: dict | None = None) -> list[dict]:
    """Pass/miss of the issue's targets: the demo cold run and nothing new on the demo row; nothing
    new also at ×1; one new quarter at every scale; the ×1000 targets at scale ≥ 1000."""
    out = []

    def add(name: str, scale: float | str, value, limit, ok) -> None:
        out.append({"target": name, "scale": scale, "value": value, "limit": limit, "pass": bool(ok)})

    if demo and "error" not in demo:
        full = demo.get("full_run") or {}
        if full:
            add("demo ×1 cold run < 30 s", "demo", full["seconds"], 30, full["seconds"] < 30)
        if demo.get("nothing_new_run"):
            secs = demo["nothing_new_run"]["seconds"]
            add("nothing new < 5 s", "demo", secs, 5, secs < 5)
    for r in results:
        s = r["scale"]
        full = r.get("full_run") or {}
        if r.get("incremental_run"):
            pct = r["incremental_run"]["pct_of_full"]
            add("one new quarter < 15% of a full run", s, pct, 15, pct < 15)
        if r.get("nothing_new_run"):
            secs, pct = r["nothing_new_run"]["seconds"], r["nothing_new_run"]["pct_of_full"]
            if s == 1:
                add("nothing new < 5 s", s, secs, 5, secs < 5)
            if s >= 1000:
                add("nothing new < 10% of full at ×1000", s, pct, 10, pct < 10)
        if s >= 1000 and full:
            ratio = r.get("ratio_full_to_floor")
            add("×1000 full run within 3× of the floor", s, ratio, 3, ratio is not None and ratio <= 3)
            add("×1000 peak memory < 2 GB", s, full["peak_rss_mb"], 2048, full["peak_rss_mb"] < 2048)
            p95 = (r.get("dashboard") or {}).get("p95_ms")
            add("dashboard p95 < 300 ms at ×1000", s, p95, 300, p95 is not None and p95 < 300)
    return out


def machine() -> dict:
    mem_kb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    return {
        "cpu_count": os.cpu_count(),
        "memory_total_mb": round(mem_kb / 1024) if mem_kb else None,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
    }


def _rows(report: dict) -> list[dict]:
    """The demo row (when measured) then the scales."""
    demo = report.get("demo")
    return ([demo] if demo else []) + list(report.get("results") or [])


def _row_label(r: dict) -> str:
    if r.get("label") == "demo":
        return f"demo (×{r['scale']:g})" if isinstance(r.get("scale"), int | float) else "demo"
    return scale_label(r["scale"])


def _sums(r: dict) -> dict[str, int]:
    """victim/offender/all records of a row (recomputed for results written before they were stored)."""
    sums = record_sums(r.get("record_counts") or {})
    return {k: r.get(k, v) for k, v in sums.items()}


def _gen_scale(r: dict) -> str:
    value = r.get("generator_scale")
    return f"{value:g}" if isinstance(value, int | float) else "?"


def print_report(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 170))
    table = Table(
        title=f"tipstat benchmarks — {report['date']} ({report['machine']['cpu_count']} cores, "
        f"{report['machine']['memory_total_mb']} MB)"
    )
    columns = (
        "scale",
        "gen scale",
        "victim rec",
        "offender rec",
        "records",
        "gen s",
        "full s",
        "peak MB",
        "incr s (%)",
        "nothing s (%)",
        "dash p50/p95 ms",
        "floor s",
        "ratio",
    )
    for col in columns:
        table.add_column(col, justify="right")
    for r in _rows(report):
        if "error" in r:
            table.add_row(_row_label(r), "error", r["error"][:60], *[""] * (len(columns) - 3))
            continue
        sums = _sums(r)
        full, nothing = r["full_run"], r["nothing_new_run"]
        inc, dash = r.get("incremental_run"), r.get("dashboard")
        table.add_row(
            _row_label(r),
            _gen_scale(r),
            f"{sums['victim_records']:,}",
            f"{sums['offender_records']:,}",
            f"{sums['records']:,}",
            f"{r['generation_seconds']:.1f}",
            f"{full['seconds']:.1f}",
            f"{full['peak_rss_mb']:.0f}",
            f"{inc['seconds']:.1f} ({inc['pct_of_full']:.0f}%)" if inc else "—",
            f"{nothing['seconds']:.1f} ({nothing['pct_of_full']:.0f}%)",
            f"{dash['p50_ms']}/{dash['p95_ms']}" if dash else "—",
            f"{r['floor']['seconds']:.2f}" if r.get("floor") else "—",
            f"{r['ratio_full_to_floor']}×" if r.get("ratio_full_to_floor") is not None else "—",
        )
    console.print(table)
    stage_table = Table(title="full run per stage (s), from .work/timings.json")
    stage_table.add_column("scale")
    names: list[str] = []
    for r in _rows(report):
        for k in (r.get("full_run") or {}).get("stages") or {}:
            if k not in names:
                names.append(k)
    for k in names:
        stage_table.add_column(k, justify="right")
    for r in _rows(report):
        stages = (r.get("full_run") or {}).get("stages")
        if stages is None:
            continue
        stage_table.add_row(_row_label(r), *[f"{stages.get(k, 0):.2f}" for k in names])
    if names:
        console.print(stage_table)
    else:
        console.print("[yellow]No .work/timings.json was written: per-stage times not available.[/]")
    t = Table(title="targets")
    for col in ("target", "scale", "value", "limit", "result"):
        t.add_column(col)
    for row in report["targets"]:
        t.add_row(
            row["target"],
            scale_label(row["scale"]),
            str(row["value"]),
            str(row["limit"]),
            "[green]pass[/]" if row["pass"] else "[red]miss[/]",
        )
    console.print(t)


def markdown(report: dict) -> str:
    """The figures as a Markdown table (for benchmarks/README.md)."""
    m = report["machine"]
    lines = [
        f"Measured {report['date']} on {m['cpu_count']} cores, {m['memory_total_mb']} MB, "
        f"Python {m['python']}, DuckDB {m['duckdb']}.",
        "",
        "| scale | generator scale | victim records | offender records | records in force | files "
        "| generation s | full run s | peak RSS MB | stages s | +1 quarter s (% of full) "
        "| nothing new s (% of full) | dashboard p50 / p95 ms | floor s (XLSX→CSV) | full ÷ floor "
        "| floor = dbt | load avg start→end |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in _rows(report):
        if "error" in r:
            lines.append(f"| {_row_label(r)} | error: {r['error'][:80]} |" + " |" * 15)
            continue
        counts, sums = r["record_counts"], _sums(r)
        full, nothing = r["full_run"], r["nothing_new_run"]
        inc, dash, floor = r.get("incremental_run"), r.get("dashboard"), r.get("floor")
        stages = ", ".join(f"{k} {v:.1f}" for k, v in (full["stages"] or {}).items()) or "n/a"
        load = f"{r['load_average_at_start'][0]} → {(r.get('load_average_at_end') or ['?'])[0]}"
        lines.append(
            f"| {_row_label(r)} | {_gen_scale(r)} | {sums['victim_records']:,} "
            f"| {sums['offender_records']:,} | {sums['records']:,} | {counts.get('files_accepted')} "
            f"| {r['generation_seconds']:.1f} "
            f"| {full['seconds']:.1f} | {full['peak_rss_mb']:.0f} | {stages} "
            + (f"| {inc['seconds']:.1f} ({inc['pct_of_full']:.0f}%) " if inc else "| — ")
            + f"| {nothing['seconds']:.1f} ({nothing['pct_of_full']:.0f}%) "
            + (f"| {dash['p50_ms']} / {dash['p95_ms']} " if dash else "| — ")
            + (
                f"| {floor['seconds']:.2f} ({floor['border_xlsx_to_csv_seconds']:.2f}) "
                f"| {r['ratio_full_to_floor']}× | {'yes' if floor.get('matches_published') else 'NO'} "
                if floor
                else "| — | — | — "
            )
            + f"| {load} |"
        )
    lines += ["", "| target | scale | value | limit | result |", "|---|---|---|---|---|"]
    for t in report["targets"]:
        lines.append(
            f"| {t['target']} | {scale_label(t['scale'])} | {t['value']} | {t['limit']} "
            f"| {'pass' if t['pass'] else 'MISS'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales",
        type=float,
        nargs="+",
        default=[1.0, 10.0, 100.0],
        help="in the issue's units: ×N ≈ N thousand victim records (generator scale N × "
        f"{GENERATOR_SCALE_PER_X})",
    )
    parser.add_argument("--out", default=str(BENCH_DIR / "results" / "latest.json"))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--start", default="2019Q1", help="first quarter of the full demo")
    parser.add_argument("--quick", action="store_true", help="only a few quarters (smoke tests)")
    parser.add_argument("--quarters", type=int, default=2, help="quarters in --quick mode")
    parser.add_argument("--repetitions", type=int, default=20, help="dashboard query repetitions")
    parser.add_argument("--work-dir", default=str(BENCH_DIR / ".work"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary homes")
    parser.add_argument(
        "--no-demo",
        dest="demo",
        action="store_false",
        help="skip the demo row (`tipstat demo` with its defaults, cold run, nothing new)",
    )
    parser.add_argument("--markdown-from", metavar="JSON", help="only print a results JSON as Markdown")
    args = parser.parse_args(argv)
    if args.markdown_from:
        print(markdown(json.loads(Path(args.markdown_from).read_text(encoding="utf-8"))))
        return 0
    if not TIPSTAT.exists():
        print(f"{TIPSTAT} not found: run `uv sync` first", file=sys.stderr)
        return 2

    def log(message: str) -> None:
        print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []
    demo: dict | None = None

    def report_so_far() -> dict:
        report = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "memory_measure": "peak over 50 ms polls of the sum of VmRSS of the `tipstat run` process and "
            "all its descendants (shared pages counted once per process)",
            "scale_unit": {
                "meaning": "the benchmark issue's ×N of the national volume: about N thousand victim "
                "records and as many offender records over the years",
                "generator_scale_per_x": GENERATOR_SCALE_PER_X,
                "offender_scale": OFFENDER_SCALE,
            },
            "demo": demo,
            "results": results,
        }
        report["targets"] = targets([r for r in results if "error" not in r], demo)
        return report

    def save() -> None:
        # written after every row, so a long run stopped half-way keeps the finished ones
        out.write_text(json.dumps(report_so_far(), indent=2, default=str), encoding="utf-8")

    if args.demo:
        try:
            demo = bench_demo(args, log)
        except Exception as exc:  # a failed demo row must not lose the scales' figures
            log(f"demo failed: {exc}\n{traceback.format_exc(limit=-4)}")
            demo = {"label": "demo", "error": f"{type(exc).__name__}: {exc}"}
        save()
    for scale in args.scales:
        try:
            results.append(bench_scale(scale, args, log))
        except Exception as exc:  # one failed scale must not lose the others' figures
            log(f"×{scale:g} failed: {exc}\n{traceback.format_exc(limit=-4)}")
            results.append(
                {
                    "scale": scale,
                    "generator_scale": generator_scale(scale),
                    "error": f"{type(exc).__name__}: {exc}",
                }
            )
        save()
    report = report_so_far()
    out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    out.with_suffix(".md").write_text(markdown(report), encoding="utf-8")
    print_report(report)
    print(f"wrote {out} and {out.with_suffix('.md')}", file=sys.stderr)
    failed = any("error" in r for r in results) or (demo is not None and "error" in demo)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
