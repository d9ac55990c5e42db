-- Every file the intake has seen and what became of it (reporting.md columns).
select
    feed,
    entity,
    period,
    version,
    file_name,
    sha256,
    received_at,
    status,
    row_count as rows,
    due_date,
    on_time,
    reason
from {{ ref('stg_intake__submissions') }}
