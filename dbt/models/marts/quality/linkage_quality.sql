-- Record linkage quality by the year persons were first identified: the records of those
-- persons (all of them, whatever quarter they arrived in), the persons they became, how many
-- records had no victim_key, and how many persons are ambiguous keyless groups (a keyless
-- group whose case_ref, sex and birth_year matched more than one keyed person).
select
    year,
    cast(sum(records) as bigint) as records,
    count(*) as persons,
    cast(sum(keyless_records) as bigint) as keyless_records,
    count(*) filter (where is_ambiguous_link) as ambiguous_links
from {{ ref('int_victim_persons') }}
group by year
