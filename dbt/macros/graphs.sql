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

{#- Spark allows only UNION ALL in a recursive CTE, which would never stop on a cycle: each row
    carries the path it took, and a step never goes back to a node on its path (simple paths).
    Every node of the component is at the end of some simple path, so the result is the same.
    The rows are the simple paths: few for the small components reviewed matches make (pairs,
    chains), many for a large densely reviewed one; Spark stops with an error, never a wrong
    figure, past spark.sql.cteRecursionLevelLimit steps (100) or its row limit. -#}
{% macro spark__components_of_edges() -%}
reach (person_id, linked_to, path) as (
    select source, target, array(source, target) from edges
    union all
    select reach.person_id, edges.target, concat(reach.path, array(edges.target))
    from reach
    inner join edges on reach.linked_to = edges.source
    where not array_contains(reach.path, edges.target)
),

components as (
    select person_id, least(person_id, min(linked_to)) as merged_person_id
    from reach
    group by person_id
)
{%- endmacro %}
