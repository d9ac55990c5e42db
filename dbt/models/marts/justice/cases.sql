-- Trafficking cases (distinct case_ref) by the year opened and the latest version's attributes.
select
    year,
    province,
    exploitation_form,
    recruitment_channel,
    destination_country,
    count(*) as cases
from {{ ref('int_cases_latest') }}
group by year, province, exploitation_form, recruitment_channel, destination_country
