-- Resident population (National Statistics Office) of the population files in force: one
-- accepted file per year; a higher version replaces the year's figures.
with raw_rows as (
    select * from {{ source('raw', 'population') }}
),

in_force as (
    select submission_id, period
    from {{ ref('stg_intake__submissions') }}
    where is_in_force and feed = 'population'
)

select
    cast(raw_rows.year as integer) as year,
    raw_rows.province,
    raw_rows.sex,
    raw_rows.age_group,
    cast(raw_rows.population as bigint) as population,
    raw_rows._submission_id as submission_id
from raw_rows
inner join in_force on raw_rows._submission_id = in_force.submission_id
