-- Which of the 8 feed files arrived for each quarter. Expected: every feed file (seed
-- feed_files) for every quarter from the first quarter any feed file was received for
-- (var completeness_fallback_period when none) to the last full quarter before as_of_date.
-- Status: ON_TIME / LATE by the file in force (else the earliest superseded, i.e. once accepted,
-- file), REJECTED when files arrived but none was ever accepted, MISSING when nothing arrived.
-- as_of_date: var as_of_date, else env TIPSTAT_AS_OF_DATE (how `tipstat run` passes the run's
-- date), else today's date.
{#- Not a var from the run: dbt reuses a parsed project only for the same vars. The env var is
    read only when the model runs (`execute`), not while dbt parses the file, so dbt does not
    tie its parse of this file to the date and need not parse it again the next day. -#}
{%- set today = modules.datetime.date.today().isoformat() %}
{%- set as_of_date = var('as_of_date', env_var('TIPSTAT_AS_OF_DATE', today) if execute else today) %}
{%- set fallback = var('completeness_fallback_period') %}
with feed_files as (
    select feed, entity from {{ ref('feed_files') }}
),

feed_submissions as (
    select
        submissions.*,
        try_cast(split_part(submissions.period, 'Q', 1) as integer) as period_year,
        try_cast(split_part(submissions.period, 'Q', 2) as integer) as period_quarter
    from {{ ref('stg_intake__submissions') }} as submissions
    inner join feed_files
        on submissions.feed = feed_files.feed and submissions.entity = feed_files.entity
),

bounds as (
    select
        coalesce(
            min(period_year * 4 + period_quarter - 1),
            cast(split_part('{{ fallback }}', 'Q', 1) as integer) * 4
            + cast(split_part('{{ fallback }}', 'Q', 2) as integer) - 1
        ) as first_quarter_index,
        -- The quarter before the one holding as_of_date is the last full quarter.
        year(date '{{ as_of_date }}') * 4 + quarter(date '{{ as_of_date }}') - 2 as last_quarter_index
    from feed_submissions
    where period_quarter between 1 and 4
),

quarters as (
    select
        cast({{ int_div('q.quarter_index', 4) }} as integer) as year,
        cast(q.quarter_index % 4 + 1 as integer) as quarter
    from {{ from_integer_series(
        'bounds', 'bounds.first_quarter_index', 'bounds.last_quarter_index', 'q', 'quarter_index'
    ) }}
),

slots as (
    select
        feed_files.feed,
        feed_files.entity,
        cast(quarters.year as {{ string_type() }}) || 'Q' || cast(quarters.quarter as {{ string_type() }})
            as period,
        quarters.year,
        quarters.quarter,
        {{ quarter_due_date('quarters.year', 'quarters.quarter') }} as due_date
    from feed_files cross join quarters
),

deciding_file as (
    -- The file that says whether the slot was delivered on time: the one in force, else the
    -- earliest file that was accepted and later superseded.
    select feed, entity, period, file_name, is_in_force, on_time
    from feed_submissions
    where is_in_force or status = 'SUPERSEDED'
    qualify
        row_number() over (
            partition by feed, entity, period
            order by is_in_force desc, received_at asc nulls last, file_name asc nulls last
        ) = 1
),

received as (
    select feed, entity, period, count(*) as files_received
    from feed_submissions
    group by feed, entity, period
)

select
    slots.feed,
    slots.entity,
    slots.period,
    slots.year,
    slots.quarter,
    slots.due_date,
    true as expected,
    received.files_received is not null as received,
    deciding_file.on_time,
    case
        when deciding_file.file_name is not null and deciding_file.on_time then 'ON_TIME'
        when deciding_file.file_name is not null then 'LATE'
        when received.files_received is not null then 'REJECTED'
        else 'MISSING'
    end as status,
    case when deciding_file.is_in_force then deciding_file.file_name end as file_name
from slots
left join received
    on slots.feed = received.feed and slots.entity = received.entity and slots.period = received.period
left join deciding_file
    on slots.feed = deciding_file.feed
    and slots.entity = deciding_file.entity
    and slots.period = deciding_file.period
