-- One row per offender person, stage and year with at least one event of that stage
-- (counting.md, "Offenders"). Stages: SUSPECTED = police suspects, PROSECUTED = procuracy
-- defendants, CONVICTED = court defendants with verdict CONVICTED (acquittals and cases
-- returned for investigation are not convictions). Same person_key = one person; a keyless
-- record is a person of its own. Attributes come from the person's earliest record of that
-- stage in that year (ties by record_id); age is taken in the year of that event.
with events as (
    select
        'SUSPECTED' as stage, feed, record_id, person_key, case_ref, event_date, sex,
        birth_year, nationality, article, submission_id, source_row_number
    from {{ ref('stg_police__suspects') }}
    union all
    select
        'PROSECUTED' as stage, feed, record_id, person_key, case_ref, event_date, sex,
        birth_year, nationality, article, submission_id, source_row_number
    from {{ ref('stg_procuracy__defendants') }}
    union all
    select
        'CONVICTED' as stage, feed, record_id, person_key, case_ref, event_date, sex,
        birth_year, nationality, article, submission_id, source_row_number
    from {{ ref('stg_court__defendants') }}
    where verdict = 'CONVICTED'
),

events_with_person as (
    select
        *,
        coalesce(
            'K:' || person_key,
            'R:' || feed || ':' || submission_id || ':' || cast(source_row_number as {{ string_type() }})
        ) as person_id,
        cast(year(event_date) as integer) as year
    from events
),

first_event_in_year as (
    select
        *,
        count(*) over (partition by stage, year, person_id) as events_in_year
    from events_with_person
    qualify
        row_number() over (
            partition by stage, year, person_id
            order by event_date nulls last, record_id nulls last, submission_id, source_row_number
        ) = 1
)

select
    stage,
    year,
    person_id,
    event_date,
    record_id,
    case_ref,
    article,
    coalesce(sex, 'U') as sex,
    birth_year,
    case
        when birth_year is null then 'UNKNOWN'
        when year - birth_year < 18 then 'CHILD'
        else 'ADULT'
    end as age_group,
    coalesce(nationality, 'UNK') as citizenship,
    events_in_year
from first_event_in_year
