-- Resident population by year, province (VN34), sex and age group, from the population file in
-- force for each year: the denominators of provincial rates per 100,000 on the dashboard.
select
    year,
    province,
    sex,
    age_group,
    cast(sum(population) as bigint) as population
from {{ ref('stg_nso__population') }}
group by year, province, sex, age_group
