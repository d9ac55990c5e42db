-- Decisions in force on records in force: each side named as delivered (feed, record_id) is
-- found among the victim records of files in force; a decision whose record left the figures
-- (a correction dropped it) applies to nothing until the record is back.
with records as (
    select record_uid, feed, record_id from {{ ref('int_victim_records') }}
)

select
    decisions.decision,
    decisions.decided_at,
    records_a.record_uid as record_uid_a,
    records_b.record_uid as record_uid_b
from {{ ref('stg_linkage__decisions') }} as decisions
inner join records as records_a
    on decisions.feed_a = records_a.feed and decisions.record_a = records_a.record_id
inner join records as records_b
    on decisions.feed_b = records_b.feed and decisions.record_b = records_b.record_id
