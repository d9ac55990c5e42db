-- One row per case_ref: the row of the latest file in force that holds it (counting.md,
-- "Cases"). Staging keeps only the file in force of each quarter; when a case_ref appears in
-- the files of several quarters, the file of the latest period wins, then the highest version.
-- The case counts in the year (and quarter) of that row's opened_date.
select
    case_ref,
    opened_date,
    cast(year(opened_date) as integer) as year,
    cast(quarter(opened_date) as integer) as quarter,
    coalesce(province, 'UNK') as province,
    article,
    exploitation_form,
    recruitment_channel,
    coalesce(destination_country, 'UNK') as destination_country,
    period,
    version
from {{ ref('stg_police__cases') }}
qualify
    row_number() over (
        partition by case_ref
        order by period desc, version desc, source_row_number desc
    ) = 1
