-- procuracy defendants (offender-side person records) of the files in force, typed.
with raw_rows as (
    select * from {{ source('raw', 'procuracy__defendants') }}
),

in_force as (
    -- Only the file in force of each slot counts (stg_intake__submissions.is_in_force).
    select submission_id, period, version
    from {{ ref('stg_intake__submissions') }}
    where is_in_force
)

select
    'procuracy' as feed,
    raw_rows.record_id,
    raw_rows.person_key,
    raw_rows.case_ref,
    cast(raw_rows.event_date as date) as event_date,
    raw_rows.sex,
    cast(raw_rows.birth_year as integer) as birth_year,
    raw_rows.nationality,
    raw_rows.article,
    raw_rows._submission_id as submission_id,
    in_force.period,
    in_force.version,
    raw_rows._row_number as source_row_number
from raw_rows
inner join in_force on raw_rows._submission_id = in_force.submission_id
