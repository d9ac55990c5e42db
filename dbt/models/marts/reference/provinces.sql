-- The 34 provinces since 1 July 2025 (Resolution 202/2025/QH15), the geography of all figures.
select distinct
    new_code as code,
    new_name as name_vi
from {{ ref('province_crosswalk') }}
