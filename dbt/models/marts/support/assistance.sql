-- Victim persons whose support started in a year, and the median days from their first
-- identification to their earliest support start (median of the persons assisted that year;
-- the mean of the two middle values when their number is even).
select
    year,
    count(*) as victims_assisted,
    cast(median(days_to_support) as double) as median_days_to_support
from {{ ref('int_victim_assistance') }}
group by year
