-- Cases by the quarter opened, channel, form and Criminal Code article (dashboard trends).
select
    year,
    quarter,
    cast(year as {{ string_type() }}) || 'Q' || cast(quarter as {{ string_type() }}) as period,
    recruitment_channel,
    exploitation_form,
    article,
    count(*) as cases
from {{ ref('int_cases_latest') }}
group by year, quarter, recruitment_channel, exploitation_form, article
