-- SDG indicator 16.2.2: detected (CONFIRMED) victims per 100,000 resident population, by year,
-- series (all forms, and the form roll-ups of the seed exploitation_form_series), sex and age.
-- Victims of unknown sex or age count only in the `_T` total of that dimension, whose
-- denominator is the total population. Every (series, sex, age) cell is emitted for each year
-- with detected victims or population, with 0 victims where none; the rate is NULL when the
-- year has no population (or a zero population), and is kept unrounded.
with confirmed_persons as (
    select persons.year, persons.sex, persons.age_group, form_series.sdg_series
    from {{ ref('int_victim_persons') }} as persons
    left join {{ ref('exploitation_form_series') }} as form_series
        on persons.exploitation_form = form_series.exploitation_form
    where persons.status = 'CONFIRMED'
),

victims_by_series as (
    -- VC_HTF_DETV counts every form, UNKNOWN included; the roll-up series only their forms.
    select year, 'VC_HTF_DETV' as series, sex, age_group from confirmed_persons
    union all
    select year, sdg_series as series, sex, age_group from confirmed_persons
    where sdg_series is not null
),

victim_cells as (
    select
        year,
        series,
        case when grouping(sex) = 1 then '_T' else sex end as sex,
        case
            when grouping(age_group) = 1 then '_T'
            when age_group = 'CHILD' then 'Y0T17'
            when age_group = 'ADULT' then 'Y_GE18'
            else age_group
        end as age,
        count(*) as victims
    from victims_by_series
    group by grouping sets (
        (year, series, sex, age_group), (year, series, sex), (year, series, age_group), (year, series)
    )
),

population_cells as (
    select
        year,
        case when grouping(sex) = 1 then '_T' else sex end as sex,
        case
            when grouping(age_group) = 1 then '_T'
            when age_group = 'CHILD' then 'Y0T17'
            when age_group = 'ADULT' then 'Y_GE18'
        end as age,
        sum(population) as population
    from {{ ref('stg_nso__population') }}
    group by grouping sets ((year, sex, age_group), (year, sex), (year, age_group), (year))
),

years as (
    select distinct year from confirmed_persons
    union
    select distinct year from population_cells
),

series as (
    select 'VC_HTF_DETV' as series
    union
    select distinct sdg_series from {{ ref('exploitation_form_series') }}
    where sdg_series is not null
),

-- Cells of unknown sex (U) or age (UNKNOWN) are not in this grid, so such victims only reach
-- the totals.
sexes as (select {{ values_to_rows(['F', 'M', '_T']) }} as sex),

ages as (select {{ values_to_rows(['Y0T17', 'Y_GE18', '_T']) }} as age),

grid as (
    select years.year, series.series, sexes.sex, ages.age
    from years cross join series cross join sexes cross join ages
)

select
    cast(grid.year as integer) as year,
    grid.series,
    grid.sex,
    grid.age,
    cast(coalesce(victim_cells.victims, 0) as bigint) as victims,
    cast(population_cells.population as bigint) as population,
    case
        when population_cells.population > 0
            then cast(coalesce(victim_cells.victims, 0) as double) * 100000 / population_cells.population
    end as rate_per_100k
from grid
left join victim_cells
    on grid.year = victim_cells.year
    and grid.series = victim_cells.series
    and grid.sex = victim_cells.sex
    and grid.age = victim_cells.age
left join population_cells
    on grid.year = population_cells.year
    and grid.sex = population_cells.sex
    and grid.age = population_cells.age
