-- Police case records of the files in force, typed, province read in the row's code list.
with raw_rows as (
    select * from {{ source('raw', 'police__cases') }}
),

in_force as (
    -- Only the file in force of each slot counts (stg_intake__submissions.is_in_force).
    select submission_id, period, version
    from {{ ref('stg_intake__submissions') }}
    where is_in_force
),

province_codes as (
    select code_version, code, vn34_code from {{ ref('stg_reference__province_codes') }}
)

select
    raw_rows.case_ref,
    cast(raw_rows.opened_date as date) as opened_date,
    raw_rows.province as province_code,
    raw_rows.code_version,
    province_codes.vn34_code as province,
    raw_rows.article,
    raw_rows.exploitation_form,
    raw_rows.destination_country,
    raw_rows.recruitment_channel,
    raw_rows._submission_id as submission_id,
    in_force.period,
    in_force.version,
    raw_rows._row_number as source_row_number
from raw_rows
inner join in_force on raw_rows._submission_id = in_force.submission_id
left join province_codes
    on raw_rows.code_version = province_codes.code_version
    and raw_rows.province = province_codes.code
