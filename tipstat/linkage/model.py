"""Fellegi-Sunter scoring of victim-record pairs that the identity rules keep apart.

Why not unsupervised EM: the data give labels for free. Two keyed records are the same person
exactly when their keys are equal (the key is an HMAC of the national ID number), so the model's
m and u probabilities and the share of matches are counted on key-labelled pairs, found by the
same blocking passes as the pairs to score. Measured on the demo: splink 5's EM with u from random
pairs rated siblings of one criminal case as the same person (precision 0.51 at 0.9); counted
per blocking pass on labelled pairs, precision is 0.96 (benchmarks/linkage_quality.py).

Each blocking pass has its own parameters, because a pass changes what agreement means: two
records of one criminal case agreeing on sex is weak evidence, two records of one province and
birth year agreeing on it is strong. Passes 2-4 only score pairs where one side has no case
reference (two different case references mean two cases); a pair is scored by the first pass
that finds it. Only pairs with at least one keyless record are scored: two different keys are
two ID numbers, which the model does not second-guess. All of it is DuckDB SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

THRESHOLD = 0.9  # linkage.md: pairs at or above it count in the estimate
# keyed persons drawn to learn the parameters (a hash sample, whole persons): bounds the cost
TRAINING_PERSONS = 20_000

# (pass, SQL condition on l/r records beyond l.uid < r.uid); see the module docstring
BLOCKING_PASSES: tuple[tuple[int, str], ...] = (
    (1, "l.case_ref = r.case_ref"),
    (2, "l.sex = r.sex and l.birth_year = r.birth_year and l.prov = r.prov and abs(l.day - r.day) <= 180"),
    (3, "l.birth_year = r.birth_year and l.nationality = r.nationality and l.prov = r.prov "
        "and abs(l.day - r.day) <= 120"),
    (4, "l.sex = r.sex and l.nationality = r.nationality and l.prov = r.prov and l.form = r.form "
        "and abs(l.day - r.day) <= 60"),
)  # fmt: skip

# comparison name -> SQL giving its level (-1: a value missing on either side, not evidence)
COMPARISONS: dict[str, str] = {
    "case_ref": "case when l.case_ref is null or r.case_ref is null then -1 "
    "when l.case_ref = r.case_ref then 1 else 0 end",
    "sex": "case when l.sex is null or r.sex is null then -1 when l.sex = r.sex then 1 else 0 end",
    "birth_year": "case when l.birth_year is null or r.birth_year is null then -1 "
    "when l.birth_year = r.birth_year then 2 when abs(l.birth_year - r.birth_year) = 1 then 1 else 0 end",
    "nationality": "case when l.nationality is null or r.nationality is null then -1 "
    "when l.nationality = r.nationality then 1 else 0 end",
    # residence_province is on the 34-unit geography already (staging maps VN63 codes)
    "province": "case when l.prov is null or r.prov is null then -1 when l.prov = r.prov then 1 else 0 end",
    "exploitation_form": "case when l.form is null or r.form is null then -1 "
    "when l.form = r.form then 1 else 0 end",
    "exploitation_country": "case when l.country is null or r.country is null then -1 "
    "when l.country = r.country then 1 else 0 end",
    # a later agency (border, consular, social) usually meets the person days or weeks after
    # the police: the difference is signed by the feed's precedence
    "dates": "case when l.day is null or r.day is null then -1 "
    "when abs(l.day - r.day) <= 7 then 4 "
    "when l.feed_order <> r.feed_order and (case when l.feed_order < r.feed_order then r.day - l.day "
    "else l.day - r.day end) between 0 and 30 then 3 "
    "when l.feed_order <> r.feed_order and (case when l.feed_order < r.feed_order then r.day - l.day "
    "else l.day - r.day end) between 0 and 90 then 2 "
    "when abs(l.day - r.day) <= 150 then 1 else 0 end",
    "feed": "case when l.submission_id = r.submission_id then 2 when l.feed = r.feed then 1 else 0 end",
    # one agency rarely records one person twice: does either person already have another
    # record from the other record's feed?
    "feed_taken": "case when coalesce(fa.records, 0) - (l.person_id = r.person_id)::int > 0 "
    "or coalesce(fb.records, 0) - (l.person_id = r.person_id)::int > 0 then 1 else 0 end",
}


@dataclass(frozen=True)
class ScoringSummary:
    records: int
    training_pairs: int
    training_matches: int
    scored_pairs: int
    pairs_above_threshold: int


def _records_sql() -> str:
    """In-force victim records with their person by the rules (and reviewed decisions)."""
    return """
        select
            r.record_uid as uid, r.record_id, r.feed, r.feed_order, r.submission_id,
            i.person_id, r.victim_key is not null as keyed,
            hash(r.victim_key) % 1000000 as key_bucket, r.victim_key,
            r.case_ref, r.sex, r.birth_year, r.nationality, r.residence_province as prov,
            nullif(r.exploitation_form, 'UNKNOWN') as form, r.exploitation_country as country,
            r.identified_date as identified_date,
            cast(r.identified_date - date '1970-01-01' as integer) as day,
            year(r.identified_date) as year
        from intermediate.int_victim_records as r
        inner join intermediate.int_victim_identity as i on r.record_uid = i.record_uid
    """


def _pairs_sql(left: str, right: str, extra: str, oriented: bool = False) -> str:
    """Blocked pairs with their comparison levels; `oriented` keeps `left` as side a."""
    passes = " union all ".join(
        f"select l.uid as uid_a, r.uid as uid_b, {n} as pass from {left} as l join {right} as r "
        f"on {cond} and l.uid <> r.uid {extra}"
        for n, cond in BLOCKING_PASSES
    )
    pair = "uid_a, uid_b" if oriented else "least(uid_a, uid_b) as uid_a, greatest(uid_a, uid_b) as uid_b"
    levels = ",\n".join(f"{sql} as g_{name}" for name, sql in COMPARISONS.items())
    return f"""
        with found as (
            select {pair},
                bool_or(pass = 1) as in1, bool_or(pass = 2) as in2,
                bool_or(pass = 3) as in3, bool_or(pass = 4) as in4
            from ({passes}) group by all
        )
        select found.*, l.person_id as person_a, r.person_id as person_b,
            l.victim_key = r.victim_key as same_key,
            {levels}
        from found
        join linkage_records as l on l.uid = found.uid_a
        join linkage_records as r on r.uid = found.uid_b
        left join linkage_person_feeds as fa on fa.person_id = r.person_id and fa.feed = l.feed
        left join linkage_person_feeds as fb on fb.person_id = l.person_id and fb.feed = r.feed
    """


def score_candidates(con: duckdb.DuckDBPyConnection, decisions_table: str | None = None) -> ScoringSummary:
    """Write temp table `linkage_scored`: record pairs of different persons, with probabilities.

    `decisions_table`, if given, holds (uid_a, uid_b) pairs decided `nonmatch`: left out.
    """
    con.execute(f"create or replace temp table linkage_records as {_records_sql()}")
    con.execute(
        "create or replace temp table linkage_person_feeds as "
        "select person_id, feed, count(*) as records from linkage_records group by all"
    )
    records = con.execute("select count(*) from linkage_records").fetchall()[0][0]
    # training: key-labelled pairs among a hash sample of keyed persons
    keyed_persons = con.execute(
        "select count(distinct victim_key) from linkage_records where keyed"
    ).fetchall()[0][0]
    share = min(1.0, TRAINING_PERSONS / keyed_persons) if keyed_persons else 1.0
    con.execute(
        f"""create or replace temp table linkage_training_records as
        select * from linkage_records where keyed and key_bucket < {int(share * 1_000_000)}"""
    )
    con.execute(
        "create or replace temp table linkage_training as "
        + _pairs_sql("linkage_training_records", "linkage_training_records", "and l.uid < r.uid")
    )
    con.execute(
        "create or replace temp table linkage_records_keyless as "
        "select * from linkage_records where not keyed"
    )
    # scoring: pairs with a keyless side, of different persons
    con.execute(
        "create or replace temp table linkage_pairs as "
        + _pairs_sql(
            "linkage_records_keyless",
            "linkage_records",
            # a keyless pair once, from its smaller uid
            "and l.person_id <> r.person_id and (r.keyed or l.uid < r.uid)",
            oriented=True,
        )
    )
    comps = list(COMPARISONS)
    observations = " union all ".join(
        f"select {n} as pass, '{c}' as comparison, g_{c} as level, same_key from linkage_training "
        f"where in{n} and g_{c} >= 0"
        for n, _ in BLOCKING_PASSES
        for c in comps
        if not (n > 1 and c == "case_ref")
    )
    # m and u per pass, comparison and level, with half a count added to every level seen
    con.execute(
        f"""create or replace temp table linkage_parameters as
        with counted as (
            select pass, comparison, level,
                count(*) filter (where same_key) as matches,
                count(*) filter (where not same_key) as nonmatches
            from ({observations}) group by all
        ),
        totals as (
            select pass, comparison, sum(matches) as matches, sum(nonmatches) as nonmatches,
                count(*) as levels
            from counted group by all
        )
        select c.pass, c.comparison, c.level,
            ln(((c.matches + 0.5) / (t.matches + 0.5 * t.levels))
                / ((c.nonmatches + 0.5) / (t.nonmatches + 0.5 * t.levels))) as weight
        from counted as c join totals as t using (pass, comparison)"""
    )
    prior = " union all ".join(
        f"select {n} as pass, ln((count(*) filter (where same_key) + 0.5) "
        f"/ (count(*) filter (where not same_key) + 0.5)) as weight from linkage_training where in{n}"
        for n, _ in BLOCKING_PASSES
    )
    con.execute(f"create or replace temp table linkage_prior as {prior}")
    first_pass = (
        "case when in1 then 1 when g_case_ref = -1 and in2 then 2 "
        "when g_case_ref = -1 and in3 then 3 when g_case_ref = -1 and in4 then 4 end"
    )
    weights = " + ".join(f"coalesce(w_{c}.weight, 0)" for c in comps)
    joins = "\n".join(
        f"left join linkage_parameters as w_{c} on w_{c}.pass = p.pass "
        f"and w_{c}.comparison = '{c}' and w_{c}.level = p.g_{c}"
        for c in comps
    )
    exclude = (
        f"and not exists (select 1 from {decisions_table} as d where d.uid_a = p.uid_a and d.uid_b = p.uid_b)"
        if decisions_table
        else ""
    )
    con.execute(
        f"""create or replace temp table linkage_scored as
        with p as (select *, {first_pass} as pass from linkage_pairs)
        select p.uid_a, p.uid_b, p.person_a, p.person_b, p.pass,
            1 / (1 + exp(-(prior.weight + {weights}))) as probability
        from p
        join linkage_prior as prior on prior.pass = p.pass
        {joins}
        where p.pass is not null {exclude}"""
    )
    # A keyless record is at most one person: its odds against each other person share one
    # unit (p = odds / (1 + sum of odds)), so a record that fits two persons equally fits neither.
    con.execute(
        """create or replace temp table linkage_candidates as
        with best as (
            select *, probability / (1 - least(probability, 0.999999)) as odds,
                row_number() over (partition by uid_a, person_b order by probability desc, uid_b) as nth
            from linkage_scored
        )
        select uid_a, uid_b, person_a, person_b, pass, probability as pair_probability,
            odds / (1 + sum(odds) over (partition by uid_a)) as probability
        from best where nth = 1"""
    )
    training_pairs, training_matches = con.execute(
        "select count(*), count(*) filter (where same_key) from linkage_training"
    ).fetchall()[0]
    scored, above = con.execute(
        f"select count(*), count(*) filter (where probability >= {THRESHOLD}) from linkage_candidates"
    ).fetchall()[0]
    return ScoringSummary(records, training_pairs, training_matches, scored, above)
