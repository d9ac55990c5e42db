-- Capture histories for multiple systems estimation (estimation.md): for each reference year,
-- the victim persons by the combination of lists (feeds) holding at least one record of theirs
-- in force and identified that year, with the person's status (counting.md) and whether the
-- person has no pseudonymous key (keyless records cannot be linked across lists).
with on_lists as (
    select
        cast(year(records.identified_date) as integer) as year,
        identity.person_id,
        bool_or(records.feed = 'police') as police,
        bool_or(records.feed = 'border') as border,
        bool_or(records.feed = 'social') as social,
        bool_or(records.feed = 'consular') as consular
    from {{ ref('int_victim_records') }} as records
    inner join {{ ref('int_victim_identity') }} as identity
        on records.record_uid = identity.record_uid
    where records.identified_date is not null
    group by 1, 2
)

select
    on_lists.year,
    persons.status,
    on_lists.police,
    on_lists.border,
    on_lists.social,
    on_lists.consular,
    cast(count(*) as bigint) as persons,
    cast(count(*) filter (where not {{ starts_with('on_lists.person_id', "'K:'") }}) as bigint)
        as keyless_persons
from on_lists
inner join {{ ref('int_victim_persons') }} as persons
    on on_lists.person_id = persons.person_id
group by 1, 2, 3, 4, 5, 6
