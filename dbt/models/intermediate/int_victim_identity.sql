-- The person of each victim record: the counting rules (int_victim_identity_rules), then the
-- statisticians' reviewed `match` decisions (counting.md rule 4, docs/counting_rules.md): the
-- persons of the two records of a match are one person, transitively. The merged person keeps
-- the smallest person_id of those it joins. `nonmatch` decisions change nothing here; they
-- only keep the pair out of the review queue.
with recursive rules as (
    select record_uid, person_id, has_key, link_method
    from {{ ref('int_victim_identity_rules') }}
),

matches as (
    select distinct
        rules_a.person_id as person_a,
        rules_b.person_id as person_b
    from {{ ref('int_linkage_decisions') }} as decisions
    inner join rules as rules_a on decisions.record_uid_a = rules_a.record_uid
    inner join rules as rules_b on decisions.record_uid_b = rules_b.record_uid
    where decisions.decision = 'match' and rules_a.person_id <> rules_b.person_id
),

edges as (
    select person_a as source, person_b as target from matches
    union
    select person_b as source, person_a as target from matches
),

{{ components_of_edges() }}

select
    rules.record_uid,
    coalesce(components.merged_person_id, rules.person_id) as person_id,
    rules.has_key,
    rules.link_method,
    rules.person_id as rules_person_id,
    components.person_id is not null as reviewed_link
from rules
left join components on rules.person_id = components.person_id
