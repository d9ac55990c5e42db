"""The linkage tables a run publishes: the review queue and the estimate (linkage.md).

`reporting.linkage_candidates`: pairs of in-force victim records in different persons (after
reviewed decisions), with the model's probability, minus pairs decided `nonmatch`.
`reporting.linkage_estimate`: persons by year of first identification and status, once as
counted (the rules and reviewed decisions) and once as if every candidate pair at or above the
threshold were one person (transitive closure).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from tipstat.linkage.model import THRESHOLD, ScoringSummary, score_candidates

CANDIDATES_TABLE = "reporting.linkage_candidates"
# pairs below this probability are not worth a statistician's review: left out of the queue
QUEUE_MIN_PROBABILITY = 0.5
ESTIMATE_TABLE = "reporting.linkage_estimate"


@dataclass(frozen=True)
class LinkageResult:
    scoring: ScoringSummary
    candidates: int
    persons_by_rules: int
    persons_linked: int


def build_linkage_tables(con: duckdb.DuckDBPyConnection) -> LinkageResult:
    """Score, then (re)write both published linkage tables in the connection's warehouse."""
    con.execute(
        """create or replace temp table linkage_nonmatches as
        select record_uid_a as uid_a, record_uid_b as uid_b
        from intermediate.int_linkage_decisions where decision = 'nonmatch'
        union select record_uid_b, record_uid_a
        from intermediate.int_linkage_decisions where decision = 'nonmatch'"""
    )
    scoring = score_candidates(con, decisions_table="linkage_nonmatches")
    con.execute("create schema if not exists reporting")
    con.execute(
        f"""create or replace table {CANDIDATES_TABLE} as
        select
            a.record_id as record_a, a.feed as feed_a, b.record_id as record_b, b.feed as feed_b,
            round(c.probability, 4) as probability,
            c.pass as blocking_pass,
            a.identified_date as identified_date_a, b.identified_date as identified_date_b,
            a.sex as sex_a, b.sex as sex_b, a.birth_year as birth_year_a, b.birth_year as birth_year_b,
            a.nationality as nationality_a, b.nationality as nationality_b,
            a.prov as province_a, b.prov as province_b, a.form as exploitation_form_a,
            b.form as exploitation_form_b, a.country as exploitation_country_a,
            b.country as exploitation_country_b,
            case when a.case_ref is null or b.case_ref is null then 'missing'
                 when a.case_ref = b.case_ref then 'same' else 'different' end as case_ref_agreement
        from linkage_candidates as c
        join linkage_records as a on a.uid = c.uid_a
        join linkage_records as b on b.uid = c.uid_b
        where c.probability >= {QUEUE_MIN_PROBABILITY}
        order by c.probability desc, record_a, record_b"""
    )
    con.execute(
        f"""create or replace table {ESTIMATE_TABLE} as
        with recursive persons as (
            select person_id, first_identified, status from intermediate.int_victim_persons
        ),
        pairs as (
            select distinct c.person_a, c.person_b
            from linkage_candidates as c where c.probability >= {THRESHOLD}
        ),
        edges as (
            select person_a as source, person_b as target from pairs
            union select person_b, person_a from pairs
        ),
        reach (person_id, linked_to) as (
            select source, target from edges
            union
            select reach.person_id, edges.target from reach join edges on reach.linked_to = edges.source
        ),
        components as (
            select person_id, least(person_id, min(linked_to)) as linked_id from reach group by person_id
        ),
        linked as (
            select coalesce(components.linked_id, persons.person_id) as linked_id,
                min(persons.first_identified) as first_identified,
                bool_or(persons.status = 'CONFIRMED') as any_confirmed
            from persons left join components using (person_id)
            group by all
        ),
        by_rules as (
            select cast(year(first_identified) as integer) as year, status, count(*) as persons
            from persons group by all
        ),
        by_linked as (
            select cast(year(first_identified) as integer) as year,
                case when any_confirmed then 'CONFIRMED' else 'PRESUMED' end as status,
                count(*) as persons
            from linked group by all
        ),
        pairs_by_year as (
            select cast(year(l.first_identified) as integer) as year,
                case when l.any_confirmed then 'CONFIRMED' else 'PRESUMED' end as status,
                count(*) as pairs
            from pairs
            join components as c on c.person_id = pairs.person_a
            join linked as l on l.linked_id = c.linked_id
            group by all
        )
        select
            coalesce(r.year, l.year) as year,
            coalesce(r.status, l.status) as status,
            coalesce(r.persons, 0) as persons_by_rules,
            coalesce(l.persons, 0) as persons_linked,
            coalesce(p.pairs, 0) as pairs_used,
            cast({THRESHOLD} as double) as threshold
        from by_rules as r
        full join by_linked as l on r.year = l.year and r.status = l.status
        left join pairs_by_year as p
            on p.year = coalesce(r.year, l.year) and p.status = coalesce(r.status, l.status)
        order by year, status"""
    )
    candidates = con.execute(f"select count(*) from {CANDIDATES_TABLE}").fetchall()[0][0]
    by_rules, linked = con.execute(
        f"select sum(persons_by_rules), sum(persons_linked) from {ESTIMATE_TABLE}"
    ).fetchall()[0]
    return LinkageResult(scoring, candidates, int(by_rules or 0), int(linked or 0))
