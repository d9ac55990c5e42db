-- Every province code that may appear in a file, read in its list (VN63 or VN34), with the
-- 34-unit province it belongs to since Resolution 202/2025/QH15. A VN34 code maps to itself.
-- One code can mean different areas in the two lists (VN63 `15` = Yên Bái, VN34 `15` = Lào Cai),
-- which is why the lookup key is (code_version, code), never the code alone.
with crosswalk as (
    select old_code, old_name, new_code, new_name
    from {{ ref('province_crosswalk') }}
),

vn63 as (
    select
        'VN63' as code_version,
        old_code as code,
        old_name as name_vi,
        new_code as vn34_code,
        new_name as vn34_name_vi
    from crosswalk
),

vn34 as (
    select distinct
        'VN34' as code_version,
        new_code as code,
        new_name as name_vi,
        new_code as vn34_code,
        new_name as vn34_name_vi
    from crosswalk
)

select * from vn63
union all
select * from vn34
