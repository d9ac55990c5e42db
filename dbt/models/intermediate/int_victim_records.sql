-- Victim records of all four feeds in one shape, one row per record of a file in force.
-- `feed_order` is the precedence of counting.md for choosing a person's attributes:
-- police, border, consular, social.
with police as (
    select
        feed, 1 as feed_order, record_id, victim_key, case_ref, identified_date, victim_status,
        sex, birth_year, nationality, residence_province, exploitation_form, exploitation_country,
        false as repatriated,
        cast(null as {{ string_type() }}) as returned_from,
        cast(null as date) as repatriation_date,
        cast(null as date) as support_start_date,
        cast(null as {{ string_type() }}) as services,
        submission_id, period, source_row_number
    from {{ ref('stg_police__victims') }}
),

border as (
    select
        feed, 2 as feed_order, record_id, victim_key, case_ref, identified_date, victim_status,
        sex, birth_year, nationality, residence_province, exploitation_form, exploitation_country,
        repatriated, returned_from, repatriation_date,
        cast(null as date) as support_start_date,
        cast(null as {{ string_type() }}) as services,
        submission_id, period, source_row_number
    from {{ ref('stg_border__victims') }}
),

consular as (
    select
        feed, 3 as feed_order, record_id, victim_key, case_ref, identified_date, victim_status,
        sex, birth_year, nationality, residence_province, exploitation_form, exploitation_country,
        repatriated, returned_from,
        case when repatriated then repatriation_date end as repatriation_date,
        cast(null as date) as support_start_date,
        cast(null as {{ string_type() }}) as services,
        submission_id, period, source_row_number
    from {{ ref('stg_consular__victims') }}
),

social as (
    select
        feed, 4 as feed_order, record_id, victim_key, case_ref, identified_date, victim_status,
        sex, birth_year, nationality, residence_province, exploitation_form, exploitation_country,
        false as repatriated,
        cast(null as {{ string_type() }}) as returned_from,
        cast(null as date) as repatriation_date,
        support_start_date, services,
        submission_id, period, source_row_number
    from {{ ref('stg_social__victims') }}
),

all_records as (
    select * from police
    union all
    select * from border
    union all
    select * from consular
    union all
    select * from social
)

select
    -- A record is one row of one file in force; record_id alone is only unique within a file.
    feed || ':' || submission_id || ':' || cast(source_row_number as {{ string_type() }}) as record_uid,
    *
from all_records
