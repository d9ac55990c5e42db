-- One row per victim person and year in which a social-protection record of theirs has a
-- support_start_date (counting.md, "Assisted victims"). days_to_support runs from the person's
-- first_identified to their earliest support_start_date over all their records (not the
-- earliest in that year): it is a property of the person, the same in every year they are
-- assisted.
with support_records as (
    select
        identity.person_id,
        records.support_start_date,
        cast(year(records.support_start_date) as integer) as year
    from {{ ref('int_victim_records') }} as records
    inner join {{ ref('int_victim_identity') }} as identity
        on records.record_uid = identity.record_uid
    where records.feed = 'social' and records.support_start_date is not null
),

earliest_support as (
    select person_id, min(support_start_date) as earliest_support_start
    from support_records
    group by person_id
),

person_years as (
    select
        person_id,
        year,
        min(support_start_date) as first_support_in_year
    from support_records
    group by person_id, year
)

select
    person_years.year,
    person_years.person_id,
    person_years.first_support_in_year,
    earliest_support.earliest_support_start,
    persons.first_identified,
    cast({{ days_between('persons.first_identified', 'earliest_support.earliest_support_start') }} as integer)
        as days_to_support
from person_years
inner join earliest_support on person_years.person_id = earliest_support.person_id
inner join {{ ref('int_victim_persons') }} as persons
    on person_years.person_id = persons.person_id
