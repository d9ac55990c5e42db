-- Every file the intake has seen, typed; `is_in_force` marks the accepted file of its slot,
-- the only file whose rows count (exports.md: a correction replaces earlier versions entirely).
select
    submission_id,
    feed,
    entity,
    period,
    cast(version as integer) as version,
    file_name,
    sha256,
    cast(received_at as timestamp) as received_at,
    status,
    cast(rows as bigint) as row_count,
    cast(due_date as date) as due_date,
    cast(on_time as boolean) as on_time,
    reason,
    status = 'ACCEPTED' as is_in_force
from {{ source('intake', 'submissions') }}
