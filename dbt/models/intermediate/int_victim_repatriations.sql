-- One row per victim person and year in which they were repatriated (counting.md,
-- "Repatriation and support"): a border or consular record with repatriated = true whose
-- repatriation date (border: identified_date; consular: repatriation_date) falls in that year.
-- returned_from comes from the person's earliest such record in the year (ties: feed order,
-- record_id). Persons of either status count; sex and age group are the resolved person's.
with repatriated_records as (
    select
        identity.person_id,
        records.repatriation_date,
        records.returned_from,
        records.feed_order,
        records.record_id,
        records.record_uid,
        cast(year(records.repatriation_date) as integer) as year
    from {{ ref('int_victim_records') }} as records
    inner join {{ ref('int_victim_identity') }} as identity
        on records.record_uid = identity.record_uid
    where records.repatriated and records.repatriation_date is not null
),

first_in_year as (
    select *
    from repatriated_records
    qualify
        row_number() over (
            partition by person_id, year
            order by repatriation_date, feed_order, record_id nulls last, record_uid
        ) = 1
)

select
    first_in_year.year,
    first_in_year.person_id,
    first_in_year.repatriation_date,
    coalesce(first_in_year.returned_from, 'UNK') as returned_from,
    persons.sex,
    persons.age_group,
    persons.status
from first_in_year
inner join {{ ref('int_victim_persons') }} as persons
    on first_in_year.person_id = persons.person_id
