{#- Connected components of an undirected graph (docs/scale-out.md): given a CTE `edges` (source,
    target; both directions present), CTEs ending in `components` (person_id, merged_person_id):
    each node of an edge with the smallest node of its component. -#}
{% macro components_of_edges() -%}
    {{ adapter.dispatch('components_of_edges', 'tipstat')() }}
{%- endmacro %}

{#- DuckDB: the transitive closure by a recursive CTE (UNION stops it on cycles). -#}
{% macro default__components_of_edges() -%}
reach (person_id, linked_to) as (
    select source, target from edges
    union
    select reach.person_id, edges.target
    from reach
    inner join edges on reach.linked_to = edges.source
),

components as (
    select person_id, least(person_id, min(linked_to)) as merged_person_id
    from reach
    group by person_id
)
{%- endmacro %}

{#- Spark allows only UNION ALL in a recursive CTE, which never stops on a cycle, and no
    aggregate over the recursive reference. So: smallest-label propagation, one hop per step,
    unrolled `steps` times (the label of a node is the smallest label of itself and its
    neighbours). It has converged when a further step changes no label; if not (a chain of
    reviewed matches longer than `steps` persons), the build fails, never a wrong figure. -#}
{% macro spark__components_of_edges(steps=16) -%}
component_nodes as (
    select distinct source as person_id from edges
),

component_neighbours as (
    select source, target from edges
    union all
    select person_id as source, person_id as target from component_nodes
),

component_label_0 as (
    select person_id, person_id as label from component_nodes
),
{% for step in range(1, steps + 2) %}
component_label_{{ step }} as (
    select component_neighbours.source as person_id, min(previous.label) as label
    from component_label_{{ step - 1 }} as previous
    inner join component_neighbours on previous.person_id = component_neighbours.target
    group by component_neighbours.source
),
{% endfor %}
components as (
    select last_step.person_id, last_step.label as merged_person_id
    from component_label_{{ steps }} as last_step
    inner join component_label_{{ steps + 1 }} as check_step
        on last_step.person_id = check_step.person_id
    where assert_true(
        last_step.label = check_step.label,
        'reviewed linkage matches chain more than {{ steps }} persons: raise `steps` in dbt/macros/graphs.sql'
    ) is null
)
{%- endmacro %}
