-- consular victim records of the files in force, renamed, typed, province read in the row's code list.
with raw_rows as (
    select * from {{ source('raw', 'consular__victims') }}
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
    'consular' as feed,
    raw_rows.record_id,
    raw_rows.victim_key,
    raw_rows.case_ref,
    {{ parse_date_dmy('raw_rows.identified_date') }} as identified_date,
    raw_rows.victim_status,
    raw_rows.sex,
    cast(raw_rows.birth_year as integer) as birth_year,
    raw_rows.nationality,
    raw_rows.residence_province as residence_province_code,
    raw_rows.code_version,
    province_codes.vn34_code as residence_province,
    raw_rows.exploitation_form,
    raw_rows.exploitation_country,
    cast(raw_rows.repatriated as boolean) as repatriated,
    raw_rows.returned_from,
    -- Consular dates are dd/mm/yyyy; the repatriation date may fall after the file's quarter.
    {{ parse_date_dmy('raw_rows.repatriation_date') }} as repatriation_date,
    raw_rows._submission_id as submission_id,
    in_force.period,
    in_force.version,
    raw_rows._row_number as source_row_number
from raw_rows
inner join in_force on raw_rows._submission_id = in_force.submission_id
left join province_codes
    on raw_rows.code_version = province_codes.code_version
    and raw_rows.residence_province = province_codes.code
