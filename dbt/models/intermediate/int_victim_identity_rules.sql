-- Which person each victim record belongs to by the counting rules alone
-- (counting.md, "Victims: who is the same person"):
--   1. same victim_key = same person, in any feed and quarter;
--   2. keyless records with case_ref, sex and birth_year are grouped on those three; the group
--      joins the ONE keyed person having a record with the same three values; with no match it
--      is a person of its own; with several it is a person of its own and an ambiguous link;
--   3. any other keyless record is a person of its own.
-- Only equi-joins and group-bys: linear in the number of records, no pairwise comparison.
with records as (
    select record_uid, victim_key, case_ref, sex, birth_year
    from {{ ref('int_victim_records') }}
),

keyed_triples as (
    select distinct case_ref, sex, birth_year, victim_key
    from records
    where victim_key is not null
        and case_ref is not null and sex is not null and birth_year is not null
),

keyless_groups as (
    select distinct case_ref, sex, birth_year
    from records
    where victim_key is null
        and case_ref is not null and sex is not null and birth_year is not null
),

group_matches as (
    select
        keyless_groups.case_ref,
        keyless_groups.sex,
        keyless_groups.birth_year,
        count(distinct keyed_triples.victim_key) as keyed_persons_matched,
        min(keyed_triples.victim_key) as matched_victim_key
    from keyless_groups
    left join keyed_triples
        on keyless_groups.case_ref = keyed_triples.case_ref
        and keyless_groups.sex = keyed_triples.sex
        and keyless_groups.birth_year = keyed_triples.birth_year
    group by keyless_groups.case_ref, keyless_groups.sex, keyless_groups.birth_year
),

resolved as (
    select
        records.record_uid,
        records.victim_key is not null as has_key,
        case
            when records.victim_key is not null then 'KEY'
            when group_matches.keyed_persons_matched = 1 then 'GROUP_LINKED'
            when group_matches.keyed_persons_matched > 1 then 'GROUP_AMBIGUOUS'
            when group_matches.keyed_persons_matched = 0 then 'GROUP_OWN'
            else 'SINGLE'
        end as link_method,
        case
            when records.victim_key is not null then 'K:' || records.victim_key
            when group_matches.keyed_persons_matched = 1 then 'K:' || group_matches.matched_victim_key
            when group_matches.case_ref is not null
                then 'G:' || records.case_ref || '|' || records.sex || '|'
                    || cast(records.birth_year as {{ string_type() }})
            else 'R:' || records.record_uid
        end as person_id
    from records
    left join group_matches
        on records.victim_key is null
        and records.case_ref = group_matches.case_ref
        and records.sex = group_matches.sex
        and records.birth_year = group_matches.birth_year
)

select record_uid, person_id, has_key, link_method
from resolved
