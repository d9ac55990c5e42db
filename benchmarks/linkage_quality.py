"""Probable duplicates measured against the demo's truth (linkage.md, issue 19).

    .venv/bin/python benchmarks/linkage_quality.py [--home H] [--seed S] [--scale F]

Without --home it writes the demo (seed, scale) into a temporary home and runs the pipeline.
Prints, at the model's threshold (0.9):
- pairs the rules missed: record pairs of one simulated person that the rules count as two
  persons (at least one record keyless: two different keys are two ID numbers);
- precision and recall of the record pairs and of the person pairs at or above the threshold;
- persons per year: real, by the rules, and linked (reporting.linkage_estimate), with the error;
- the linkage stage's seconds from the run's timings.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tipstat.demo.truth import true_person_sql  # noqa: E402
from tipstat.linkage.model import THRESHOLD, score_candidates  # noqa: E402
from tipstat.settings import Home  # noqa: E402


def build_demo(root: Path, seed: int, scale: float) -> Home:
    from dagster_project.runner import run_pipeline
    from tipstat.demo.generator import generate_demo

    home = Home.resolve(root)
    generate_demo(home, seed=seed, scale=scale)
    outcome = run_pipeline(home)
    if not outcome.success:
        raise SystemExit(f"the run failed: {outcome.error}")
    return home


def measure(home: Home) -> dict:
    con = duckdb.connect()
    con.execute(f"attach '{home.warehouse}' as w (read_only)")
    con.execute("use w")
    score_candidates(con)  # the same scoring the run did, kept as temp tables to compare
    con.execute("use memory")
    con.execute(
        f"create temp table truth as select uid, person_id, keyed, year, {true_person_sql()} as real "
        "from linkage_records"
    )
    missed_records = con.execute(
        """select count(*) from truth a join truth b
           on a.real = b.real and a.uid < b.uid and a.person_id <> b.person_id
           and not (a.keyed and b.keyed)"""
    ).fetchall()[0][0]
    missed_persons = con.execute(
        """select count(distinct (least(a.person_id, b.person_id), greatest(a.person_id, b.person_id)))
           from truth a join truth b on a.real = b.real and a.person_id <> b.person_id"""
    ).fetchall()[0][0]
    found, right = con.execute(
        f"""select count(*), count(*) filter (where ta.real = tb.real) from linkage_candidates c
            join truth ta on ta.uid = c.uid_a join truth tb on tb.uid = c.uid_b
            where c.probability >= {THRESHOLD}"""
    ).fetchall()[0]
    p_found, p_right = con.execute(
        f"""with pp as (
              select least(c.person_a, c.person_b) a, greatest(c.person_a, c.person_b) b,
                  bool_and(ta.real = tb.real) as ok
              from linkage_candidates c join truth ta on ta.uid = c.uid_a join truth tb on tb.uid = c.uid_b
              where c.probability >= {THRESHOLD} group by all)
            select count(*), count(*) filter (where ok) from pp"""
    ).fetchall()[0]
    # real persons by the year of their first in-force record, as counting.md counts persons
    years = con.execute(
        """with real as (select real, min(year) as year from truth group by real),
           est as (select year, sum(persons_by_rules) rules, sum(persons_linked) linked
                   from w.reporting.linkage_estimate group by year)
           select est.year, count(real.real), any_value(est.rules), any_value(est.linked)
           from est left join real on real.year = est.year group by est.year order by est.year"""
    ).fetchall()
    timings_file = home.work_dir / "timings.json"
    timings = json.loads(timings_file.read_text()) if timings_file.exists() else {}
    return {
        "records": con.execute("select count(*) from truth").fetchall()[0][0],
        "missed_record_pairs": missed_records,
        "missed_person_pairs": missed_persons,
        "record_pairs": {"found": found, "right": right},
        "person_pairs": {"found": p_found, "right": p_right},
        "years": [{"year": y, "real": r, "by_rules": b, "linked": li} for y, r, b, li in years],
        "linkage_seconds": timings.get("linkage"),
        "run_seconds": sum(v for v in timings.values() if isinstance(v, int | float)),
    }


def report(m: dict) -> None:
    rp, pp = m["record_pairs"], m["person_pairs"]
    print(f"victim records in force: {m['records']:,}; threshold {THRESHOLD}")
    for unit, missed, got in (
        ("record", m["missed_record_pairs"], rp),
        ("person", m["missed_person_pairs"], pp),
    ):
        precision = got["right"] / max(got["found"], 1)
        recall = got["right"] / max(missed, 1)
        print(
            f"{unit} pairs the rules missed: {missed:,}; at >= {THRESHOLD}: {got['found']:,} found, "
            f"{got['right']:,} right: precision {precision:.3f}, recall {recall:.3f}"
        )
    print(f"{'year':>6} {'real':>8} {'by rules':>9} {'error':>7} {'linked':>8} {'error':>7}")
    totals = [0, 0, 0]
    for row in m["years"]:
        real, rules, linked = row["real"], row["by_rules"], row["linked"]
        totals = [totals[0] + real, totals[1] + rules, totals[2] + linked]
        print(
            f"{row['year']:>6} {real:>8,} {rules:>9,} {(rules - real) / real:>7.1%} {linked:>8,} "
            f"{(linked - real) / real:>7.1%}"
        )
    real, rules, linked = totals
    print(
        f"{'all':>6} {real:>8,} {rules:>9,} {(rules - real) / real:>7.1%} {linked:>8,} "
        f"{(linked - real) / real:>7.1%}"
    )
    if m["linkage_seconds"] is not None:
        print(
            f"linkage stage {m['linkage_seconds']:.1f} s of a {m['run_seconds']:.1f} s run "
            f"({m['linkage_seconds'] / m['run_seconds']:.1%})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    if args.home:
        report(measure(Home.resolve(args.home)))
        return
    with tempfile.TemporaryDirectory(prefix="tipstat-linkage-") as tmp:
        report(measure(build_demo(Path(tmp), args.seed, args.scale)))


if __name__ == "__main__":
    main()
