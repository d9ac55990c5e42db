-- One row per victim person with the resolved attributes (counting.md, "the person's
-- attributes"): each attribute is the first non-empty value over the person's records ordered
-- by feed (police, border, consular, social), identified_date, record_id; for the exploitation
-- form UNKNOWN counts as empty. The person counts once, in the year first identified.
{%- set order_by = ['feed_order', 'identified_date', 'record_id', 'record_uid'] %}
with records as (
    select
        records.*,
        identity.person_id,
        identity.link_method
    from {{ ref('int_victim_records') }} as records
    inner join {{ ref('int_victim_identity') }} as identity
        on records.record_uid = identity.record_uid
),

resolved as (
    select
        person_id,
        min(identified_date) as first_identified,
        {{ first_ordered('sex', order_by, "sex is not null") }}
            as sex,
        {{ first_ordered('birth_year', order_by, "birth_year is not null") }}
            as birth_year,
        {{ first_ordered('nationality', order_by, "nationality is not null") }}
            as nationality,
        {{ first_ordered('residence_province', order_by, "residence_province is not null") }}
            as residence_province,
        {{ first_ordered(
            'exploitation_form', order_by, "exploitation_form is not null and exploitation_form <> 'UNKNOWN'"
        ) }} as exploitation_form,
        {{ first_ordered('exploitation_country', order_by, "exploitation_country is not null") }}
            as exploitation_country,
        bool_or(victim_status = 'CONFIRMED') as any_confirmed,
        count(*) as records,
        count(*) filter (where victim_key is null) as keyless_records,
        -- A person made of an ambiguous keyless group (it matched several keyed persons).
        bool_or(link_method = 'GROUP_AMBIGUOUS') as is_ambiguous_link
    from records
    group by person_id
)

select
    person_id,
    first_identified,
    cast(year(first_identified) as integer) as year,
    cast(quarter(first_identified) as integer) as quarter,
    coalesce(sex, 'U') as sex,
    birth_year,
    case
        when birth_year is null then 'UNKNOWN'
        when year(first_identified) - birth_year < 18 then 'CHILD'
        else 'ADULT'
    end as age_group,
    coalesce(exploitation_form, 'UNKNOWN') as exploitation_form,
    coalesce(nationality, 'UNK') as citizenship,
    coalesce(residence_province, 'UNK') as residence_province,
    coalesce(exploitation_country, 'UNK') as exploitation_country,
    case when any_confirmed then 'CONFIRMED' else 'PRESUMED' end as status,
    records,
    keyless_records,
    is_ambiguous_link
from resolved
