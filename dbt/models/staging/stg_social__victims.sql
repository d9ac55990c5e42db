-- Social-protection victim records of the files in force: the Vietnamese headers renamed to the
-- contract's English names and the Vietnamese values decoded (Nạn nhân = CONFIRMED,
-- Đang xác minh = PRESUMED, Nữ = F, Nam = M), so identity matching compares sex as F/M.
with raw_rows as (
    select * from {{ source('raw', 'social__victims') }}
),

in_force as (
    -- Only the file in force of each slot counts (stg_intake__submissions.is_in_force).
    select submission_id, period, version
    from {{ ref('stg_intake__submissions') }}
    where is_in_force
),

province_codes as (
    select code_version, code, vn34_code from {{ ref('stg_reference__province_codes') }}
),

renamed as (
    select
        {{ adapter.quote('Mã hồ sơ') }} as record_id,
        {{ adapter.quote('Mã nạn nhân') }} as victim_key,
        {{ adapter.quote('Số vụ án') }} as case_ref,
        {{ adapter.quote('Ngày tiếp nhận') }} as identified_date,
        {{ adapter.quote('Tình trạng') }} as victim_status_vi,
        {{ adapter.quote('Giới tính') }} as sex_vi,
        {{ adapter.quote('Năm sinh') }} as birth_year,
        {{ adapter.quote('Quốc tịch') }} as nationality,
        {{ adapter.quote('Tỉnh cư trú') }} as residence_province,
        {{ adapter.quote('Phiên bản mã') }} as code_version,
        {{ adapter.quote('Hình thức bóc lột') }} as exploitation_form,
        {{ adapter.quote('Ngày bắt đầu hỗ trợ') }} as support_start_date,
        {{ adapter.quote('Dịch vụ hỗ trợ') }} as services,
        _submission_id,
        _row_number
    from raw_rows
)

select
    'social' as feed,
    renamed.record_id,
    renamed.victim_key,
    renamed.case_ref,
    cast(renamed.identified_date as date) as identified_date,
    case renamed.victim_status_vi
        when 'Nạn nhân' then 'CONFIRMED'
        when 'Đang xác minh' then 'PRESUMED'
    end as victim_status,
    case renamed.sex_vi
        when 'Nữ' then 'F'
        when 'Nam' then 'M'
    end as sex,
    cast(renamed.birth_year as integer) as birth_year,
    renamed.nationality,
    renamed.residence_province as residence_province_code,
    renamed.code_version,
    province_codes.vn34_code as residence_province,
    renamed.exploitation_form,
    -- The social feed carries no exploitation country.
    cast(null as {{ string_type() }}) as exploitation_country,
    cast(renamed.support_start_date as date) as support_start_date,
    renamed.services,
    renamed._submission_id as submission_id,
    in_force.period,
    in_force.version,
    renamed._row_number as source_row_number
from renamed
inner join in_force on renamed._submission_id = in_force.submission_id
left join province_codes
    on renamed.code_version = province_codes.code_version
    and renamed.residence_province = province_codes.code
