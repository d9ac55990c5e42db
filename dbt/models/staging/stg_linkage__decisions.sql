-- Statisticians' review decisions (linkage.md), the decision in force per pair of records: the
-- latest one (the file is append-only, so a later `nonmatch` undoes an earlier `match`).
select
    feed_a,
    record_a,
    feed_b,
    record_b,
    decision,
    decided_at,
    decided_by
from {{ source('linkage', 'decisions') }}
qualify row_number() over (
        partition by feed_a, record_a, feed_b, record_b order by decided_at desc, seq desc
    ) = 1
