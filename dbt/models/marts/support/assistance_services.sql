-- Victim persons assisted in a year who received each service: a person counts once per
-- service and year, from their social records whose support started that year.
with support_records as (
    select
        identity.person_id,
        cast(year(records.support_start_date) as integer) as year,
        records.services
    from {{ ref('int_victim_records') }} as records
    inner join {{ ref('int_victim_identity') }} as identity
        on records.record_uid = identity.record_uid
    where records.feed = 'social'
        and records.support_start_date is not null
        and records.services is not null
),

person_services as (
    select distinct person_id, year, {{ split_to_rows('services', '|') }} as service
    from support_records
)

select
    year,
    service,
    count(*) as victims
from person_services
where service <> ''
group by year, service
