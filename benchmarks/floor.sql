-- The floor: the published tables of reporting.md computed by one hand-written DuckDB script
-- straight from the accepted landing files, by the counting rules of counting.md. It is what
-- the figures cost with no orchestration, no validation, no bookkeeping: tipstat's full run is
-- reported as a ratio to it. It is also an independent second implementation of counting.md,
-- compared row for row with the dbt marts by tests/benchmarks/test_floor_matches_dbt.py.
--
-- Parameters (set by benchmarks/run_benchmarks.py with SET VARIABLE before the script runs):
--   archive    HOME/archive: accepted files as archive/<feed>/<file_name>
--   border_dir the border XLSX files of archive/border converted to CSV with the same stem
--              (DuckDB reads no XLSX without the excel extension, which is not available offline)
--   crosswalk  dbt/seeds/province_crosswalk.csv
-- Files in force: of every feed/entity/quarter (population: year) the highest version archived.
-- Only accepted files are archived, so the highest archived version is the one in force.
-- Output: schema `floor`, one table per published table, same columns as reporting.*.
-- Assumes every feed has at least one archived file (a glob matching nothing is an error).

CREATE SCHEMA IF NOT EXISTS floor;

-- ------------------------------------------------------------------ helpers
CREATE OR REPLACE TEMP MACRO v(x) AS nullif(trim(x), '');
CREATE OR REPLACE TEMP MACRO file_version(f) AS
    coalesce(nullif(regexp_extract(parse_filename(f), '_v([0-9]+)\.[a-z]+$', 1), '')::INTEGER, 1);
CREATE OR REPLACE TEMP MACRO file_period(f) AS
    regexp_extract(parse_filename(f), '_([0-9]{4}(Q[1-4])?)(_v[0-9]+)?\.[a-z]+$', 1);

-- Rows of the files in force matching a glob, every column text. The columns are given (read
-- by position, header line skipped): CSV sniffing costs more than the reading itself. So the
-- floor assumes the contract's column order (exports.md allows any order; the demo and the
-- sender kit write contract order, and the border CSVs are written in contract order).
CREATE OR REPLACE TEMP MACRO csv_in_force(pattern, sep, cols) AS TABLE
    SELECT * EXCLUDE (filename, _version), file_period(filename) AS period
    FROM (
        SELECT *, file_version(filename) AS _version
        FROM read_csv(pattern, auto_detect = false, header = true, delim = sep, quote = '"',
                      columns = cols, filename = true)
    )
    QUALIFY _version = max(_version) OVER (PARTITION BY file_period(filename));

-- (code_version, code) -> VN34 code; a VN34 code maps to itself.
CREATE OR REPLACE TEMP TABLE xw AS
    SELECT 'VN63' AS code_version, old_code AS code, new_code AS vn34
    FROM read_csv(getvariable('crosswalk'), all_varchar = true, header = true)
    UNION
    SELECT 'VN34', new_code, new_code
    FROM read_csv(getvariable('crosswalk'), all_varchar = true, header = true);

-- ------------------------------------------------------------------ victim records
CREATE OR REPLACE TEMP TABLE vrec AS
WITH raw_victims AS (
    SELECT 'police' AS feed, 1 AS feed_rank, period, v(record_id) AS record_id, v(victim_key) AS victim_key,
        v(case_ref) AS case_ref, v(identified_date)::DATE AS identified_date,
        v(victim_status) AS victim_status, v(sex) AS sex, v(birth_year)::INTEGER AS birth_year,
        v(nationality) AS nationality, v(residence_province) AS province_code,
        v(code_version) AS code_version, v(exploitation_form) AS exploitation_form,
        v(exploitation_country) AS exploitation_country,
        false AS repatriated, NULL::VARCHAR AS returned_from, NULL::DATE AS repatriation_date,
        NULL::DATE AS support_start_date
    FROM csv_in_force(getvariable('archive') || '/police/police_victims_*.csv', ',',
        {'record_id': 'VARCHAR', 'victim_key': 'VARCHAR', 'case_ref': 'VARCHAR', 'identified_date':
         'VARCHAR', 'victim_status': 'VARCHAR', 'sex': 'VARCHAR', 'birth_year': 'VARCHAR', 'nationality':
         'VARCHAR', 'residence_province': 'VARCHAR', 'code_version': 'VARCHAR', 'exploitation_form':
         'VARCHAR', 'exploitation_country': 'VARCHAR'})
    UNION ALL
    SELECT 'border', 2, period, v(record_id), v(victim_key), v(case_ref),
        v(identified_date)::DATE, v(victim_status), v(sex), v(birth_year)::INTEGER,
        v(nationality), v(residence_province), v(code_version), v(exploitation_form),
        v(exploitation_country),
        coalesce(lower(v(repatriated)) = 'true', false), v(returned_from),
        -- exports.md: for border_victims the repatriation date is identified_date.
        CASE WHEN lower(v(repatriated)) = 'true' THEN v(identified_date)::DATE END,
        NULL::DATE
    FROM csv_in_force(getvariable('border_dir') || '/border_victims_*.csv', ',',
        {'record_id': 'VARCHAR', 'victim_key': 'VARCHAR', 'case_ref': 'VARCHAR', 'identified_date':
         'VARCHAR', 'victim_status': 'VARCHAR', 'sex': 'VARCHAR', 'birth_year': 'VARCHAR', 'nationality':
         'VARCHAR', 'residence_province': 'VARCHAR', 'code_version': 'VARCHAR', 'exploitation_form':
         'VARCHAR', 'exploitation_country': 'VARCHAR', 'repatriated': 'VARCHAR', 'returned_from':
         'VARCHAR'})
    UNION ALL
    SELECT 'consular', 3, period, v(record_id), v(victim_key), v(case_ref),
        strptime(v(identified_date), '%d/%m/%Y')::DATE, v(victim_status), v(sex),
        v(birth_year)::INTEGER, v(nationality), v(residence_province), v(code_version),
        v(exploitation_form), v(exploitation_country),
        coalesce(lower(v(repatriated)) = 'true', false), v(returned_from),
        CASE WHEN lower(v(repatriated)) = 'true' THEN strptime(v(repatriation_date), '%d/%m/%Y')::DATE END,
        NULL::DATE
    FROM csv_in_force(getvariable('archive') || '/consular/consular_victims_*.csv', ',',
        {'record_id': 'VARCHAR', 'victim_key': 'VARCHAR', 'case_ref': 'VARCHAR', 'identified_date':
         'VARCHAR', 'victim_status': 'VARCHAR', 'sex': 'VARCHAR', 'birth_year': 'VARCHAR', 'nationality':
         'VARCHAR', 'residence_province': 'VARCHAR', 'code_version': 'VARCHAR', 'exploitation_form':
         'VARCHAR', 'exploitation_country': 'VARCHAR', 'repatriated': 'VARCHAR', 'returned_from':
         'VARCHAR', 'repatriation_date': 'VARCHAR'})
    UNION ALL
    SELECT 'social', 4, period, v("Mã hồ sơ"), v("Mã nạn nhân"), v("Số vụ án"),
        v("Ngày tiếp nhận")::DATE,
        CASE v("Tình trạng") WHEN 'Nạn nhân' THEN 'CONFIRMED' WHEN 'Đang xác minh' THEN 'PRESUMED' END,
        CASE v("Giới tính") WHEN 'Nữ' THEN 'F' WHEN 'Nam' THEN 'M' END,
        v("Năm sinh")::INTEGER, v("Quốc tịch"), v("Tỉnh cư trú"), v("Phiên bản mã"),
        v("Hình thức bóc lột"), NULL::VARCHAR,
        false, NULL::VARCHAR, NULL::DATE,
        v("Ngày bắt đầu hỗ trợ")::DATE
    FROM csv_in_force(getvariable('archive') || '/social/social_victims_*.csv', ';',
        {'Mã hồ sơ': 'VARCHAR', 'Mã nạn nhân': 'VARCHAR', 'Số vụ án': 'VARCHAR', 'Ngày tiếp nhận':
         'VARCHAR', 'Tình trạng': 'VARCHAR', 'Giới tính': 'VARCHAR', 'Năm sinh': 'VARCHAR', 'Quốc tịch':
         'VARCHAR', 'Tỉnh cư trú': 'VARCHAR', 'Phiên bản mã': 'VARCHAR', 'Hình thức bóc lột': 'VARCHAR',
         'Ngày bắt đầu hỗ trợ': 'VARCHAR', 'Dịch vụ hỗ trợ': 'VARCHAR'})
)
SELECT row_number() OVER () AS rid, r.*, xw.vn34 AS residence_province
FROM raw_victims r
LEFT JOIN xw ON xw.code_version = r.code_version AND xw.code = r.province_code;

-- ------------------------------------------------------------------ who is the same person
-- A keyless (case_ref, sex, birth_year) group and the keyed persons having a record with the
-- same three values: one match joins it, none or several leave it a person of its own.
CREATE OR REPLACE TEMP TABLE keyless_group AS
SELECT g.case_ref, g.sex, g.birth_year,
    count(DISTINCT k.victim_key) AS matches,
    min(k.victim_key) AS the_key
FROM (
    SELECT DISTINCT case_ref, sex, birth_year FROM vrec
    WHERE victim_key IS NULL AND case_ref IS NOT NULL AND sex IS NOT NULL AND birth_year IS NOT NULL
) g
LEFT JOIN (
    SELECT DISTINCT case_ref, sex, birth_year, victim_key FROM vrec WHERE victim_key IS NOT NULL
) k ON k.case_ref = g.case_ref AND k.sex = g.sex AND k.birth_year = g.birth_year
GROUP BY g.case_ref, g.sex, g.birth_year;

CREATE OR REPLACE TEMP TABLE vrec_person AS
SELECT r.*,
    CASE
        WHEN r.victim_key IS NOT NULL THEN 'K|' || r.victim_key
        WHEN g.matches = 1 THEN 'K|' || g.the_key
        WHEN g.case_ref IS NOT NULL THEN 'G|' || r.case_ref || '|' || r.sex || '|' || r.birth_year
        ELSE 'R|' || r.rid
    END AS person_id,
    coalesce(g.matches > 1, false) AS ambiguous
FROM vrec r
LEFT JOIN keyless_group g
    ON r.victim_key IS NULL AND g.case_ref = r.case_ref AND g.sex = r.sex AND g.birth_year = r.birth_year;

-- ------------------------------------------------------------------ the person's attributes
CREATE OR REPLACE TEMP TABLE person AS
WITH agg AS (
    SELECT person_id,
        min(identified_date) AS first_identified,
        first(sex ORDER BY feed_rank, identified_date, record_id) FILTER (WHERE sex IS NOT NULL) AS sex,
        first(birth_year ORDER BY feed_rank, identified_date, record_id)
            FILTER (WHERE birth_year IS NOT NULL) AS birth_year,
        first(nationality ORDER BY feed_rank, identified_date, record_id)
            FILTER (WHERE nationality IS NOT NULL) AS nationality,
        first(residence_province ORDER BY feed_rank, identified_date, record_id)
            FILTER (WHERE residence_province IS NOT NULL) AS residence_province,
        first(exploitation_form ORDER BY feed_rank, identified_date, record_id)
            FILTER (WHERE exploitation_form IS NOT NULL AND exploitation_form <> 'UNKNOWN') AS exploitation_form,
        bool_or(victim_status = 'CONFIRMED') AS confirmed,
        count(*) AS records,
        count(*) FILTER (WHERE victim_key IS NULL) AS keyless_records,
        bool_or(ambiguous) AS ambiguous
    FROM vrec_person
    GROUP BY person_id
)
SELECT person_id, first_identified,
    year(first_identified)::INTEGER AS year,
    coalesce(sex, 'U') AS sex,
    CASE WHEN birth_year IS NULL THEN 'UNKNOWN'
         WHEN year(first_identified) - birth_year < 18 THEN 'CHILD' ELSE 'ADULT' END AS age_group,
    coalesce(exploitation_form, 'UNKNOWN') AS exploitation_form,
    coalesce(nationality, 'UNK') AS citizenship,
    coalesce(residence_province, 'UNK') AS residence_province,
    CASE WHEN confirmed THEN 'CONFIRMED' ELSE 'PRESUMED' END AS status,
    records, keyless_records, ambiguous
FROM agg;

-- ------------------------------------------------------------------ victims_detected
CREATE OR REPLACE TABLE floor.victims_detected AS
SELECT year, sex, age_group, exploitation_form, citizenship, residence_province, status,
    count(*) AS victims
FROM person
GROUP BY ALL;

-- ------------------------------------------------------------------ sdg_16_2_2
CREATE OR REPLACE TEMP TABLE population AS
SELECT v(year)::INTEGER AS year, v(province) AS province, v(sex) AS sex, v(age_group) AS age_group,
    v(population)::BIGINT AS population
FROM (
    SELECT *, file_version(filename) AS _version
    FROM read_csv(getvariable('archive') || '/population/population_*.csv', auto_detect = false,
                  header = true, delim = ',', filename = true,
                  columns = {'year': 'VARCHAR', 'province': 'VARCHAR', 'sex': 'VARCHAR',
                             'age_group': 'VARCHAR', 'population': 'VARCHAR'})
)
QUALIFY _version = max(_version) OVER (PARTITION BY file_period(filename));

CREATE OR REPLACE TABLE floor.sdg_16_2_2 AS
WITH detected AS (
    SELECT p.year, p.sex, p.age_group, s.series
    FROM person p,
        unnest(CASE p.exploitation_form
            WHEN 'SEXUAL' THEN ['VC_HTF_DETV', 'VC_HTF_DETVSX']
            WHEN 'FORCED_LABOUR' THEN ['VC_HTF_DETV', 'VC_HTF_DETVFL']
            WHEN 'ORGAN_REMOVAL' THEN ['VC_HTF_DETV', 'VC_HTF_DETVOG']
            WHEN 'UNKNOWN' THEN ['VC_HTF_DETV']
            ELSE ['VC_HTF_DETV', 'VC_HTF_DETVOP'] END) AS s(series)
    WHERE p.status = 'CONFIRMED'
),
cells AS (
    SELECT year, series, sx.sdmx_sex AS sex, ag.sdmx_age AS age
    FROM detected,
        unnest(CASE WHEN sex IN ('F', 'M') THEN [sex, '_T'] ELSE ['_T'] END) AS sx(sdmx_sex),
        unnest(CASE age_group WHEN 'CHILD' THEN ['Y0T17', '_T'] WHEN 'ADULT' THEN ['Y_GE18', '_T']
               ELSE ['_T'] END) AS ag(sdmx_age)
),
victims AS (
    SELECT year, series, sex, age, count(*) AS victims FROM cells GROUP BY ALL
),
pop AS (
    SELECT year, sx.s AS sex, ag.a AS age, sum(population) AS population
    FROM population,
        unnest([sex, '_T']) AS sx(s),
        unnest([CASE age_group WHEN 'CHILD' THEN 'Y0T17' ELSE 'Y_GE18' END, '_T']) AS ag(a)
    GROUP BY ALL
)
SELECT victims.year, victims.series, victims.sex, victims.age, victims.victims,
    pop.population,
    victims.victims / pop.population * 100000 AS rate_per_100k
FROM victims
LEFT JOIN pop ON pop.year = victims.year AND pop.sex = victims.sex AND pop.age = victims.age;

-- ------------------------------------------------------------------ justice_funnel
CREATE OR REPLACE TEMP TABLE offender_event AS
WITH ev AS (
    SELECT 'SUSPECTED' AS stage, 'police' AS feed, period, v(record_id) AS record_id,
        v(person_key) AS person_key, v(event_date)::DATE AS event_date, v(sex) AS sex,
        v(birth_year)::INTEGER AS birth_year, v(nationality) AS nationality
    FROM csv_in_force(getvariable('archive') || '/police/police_suspects_*.csv', ',',
        {'record_id': 'VARCHAR', 'person_key': 'VARCHAR', 'case_ref': 'VARCHAR', 'event_date': 'VARCHAR',
         'sex': 'VARCHAR', 'birth_year': 'VARCHAR', 'nationality': 'VARCHAR', 'article': 'VARCHAR'})
    UNION ALL
    SELECT 'PROSECUTED', 'procuracy', period, v(record_id), v(person_key), v(event_date)::DATE,
        v(sex), v(birth_year)::INTEGER, v(nationality)
    FROM csv_in_force(getvariable('archive') || '/procuracy/procuracy_defendants_*.csv', ',',
        {'record_id': 'VARCHAR', 'person_key': 'VARCHAR', 'case_ref': 'VARCHAR', 'event_date': 'VARCHAR',
         'sex': 'VARCHAR', 'birth_year': 'VARCHAR', 'nationality': 'VARCHAR', 'article': 'VARCHAR'})
    UNION ALL
    SELECT 'CONVICTED', 'court', period, v(record_id), v(person_key), v(event_date)::DATE,
        v(sex), v(birth_year)::INTEGER, v(nationality)
    FROM (
        SELECT *, file_version(filename) AS _version, file_period(filename) AS period
        FROM read_json(getvariable('archive') || '/court/court_defendants_*.jsonl',
            format = 'newline_delimited', filename = true,
            columns = {record_id: 'VARCHAR', person_key: 'VARCHAR', case_ref: 'VARCHAR',
                       event_date: 'VARCHAR', sex: 'VARCHAR', birth_year: 'VARCHAR',
                       nationality: 'VARCHAR', article: 'VARCHAR', verdict: 'VARCHAR',
                       sentence_months: 'VARCHAR'})
        QUALIFY _version = max(_version) OVER (PARTITION BY file_period(filename))
    )
    WHERE v(verdict) = 'CONVICTED'
)
SELECT *, year(event_date)::INTEGER AS year,
    coalesce('K|' || person_key, 'R|' || feed || '|' || period || '|' || record_id) AS person_id
FROM ev;

CREATE OR REPLACE TABLE floor.justice_funnel AS
WITH first_event AS (
    SELECT * FROM offender_event
    QUALIFY row_number() OVER (PARTITION BY stage, year, person_id ORDER BY event_date, record_id) = 1
)
SELECT year, stage, coalesce(sex, 'U') AS sex,
    CASE WHEN birth_year IS NULL THEN 'UNKNOWN' WHEN year - birth_year < 18 THEN 'CHILD' ELSE 'ADULT' END
        AS age_group,
    coalesce(nationality, 'UNK') AS citizenship,
    count(*) AS persons
FROM first_event
GROUP BY ALL;

-- ------------------------------------------------------------------ cases
CREATE OR REPLACE TABLE floor.cases AS
WITH latest AS (
    SELECT c.period, v(c.case_ref) AS case_ref, v(c.opened_date)::DATE AS opened_date,
        xw.vn34 AS province, v(c.exploitation_form) AS exploitation_form,
        v(c.recruitment_channel) AS recruitment_channel, v(c.destination_country) AS destination_country
    FROM csv_in_force(getvariable('archive') || '/police/police_cases_*.csv', ',',
        {'case_ref': 'VARCHAR', 'opened_date': 'VARCHAR', 'province': 'VARCHAR', 'code_version':
         'VARCHAR', 'article': 'VARCHAR', 'exploitation_form': 'VARCHAR', 'destination_country':
         'VARCHAR', 'recruitment_channel': 'VARCHAR'}) c
    LEFT JOIN xw ON xw.code_version = v(c.code_version) AND xw.code = v(c.province)
    -- the latest file in force holding the case_ref: latest quarter
    QUALIFY row_number() OVER (PARTITION BY v(c.case_ref) ORDER BY c.period DESC) = 1
)
SELECT year(opened_date)::INTEGER AS year, coalesce(province, 'UNK') AS province, exploitation_form,
    recruitment_channel, coalesce(destination_country, 'UNK') AS destination_country,
    count(*) AS cases
FROM latest
GROUP BY ALL;

-- ------------------------------------------------------------------ repatriations
CREATE OR REPLACE TABLE floor.repatriations AS
WITH rep AS (
    SELECT person_id, year(repatriation_date)::INTEGER AS year, returned_from
    FROM vrec_person
    WHERE repatriated AND repatriation_date IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY person_id, year(repatriation_date)
        ORDER BY repatriation_date, feed_rank, record_id) = 1
)
SELECT rep.year, coalesce(rep.returned_from, 'UNK') AS returned_from, p.sex, p.age_group,
    count(*) AS victims
FROM rep JOIN person p USING (person_id)
GROUP BY ALL;

-- ------------------------------------------------------------------ assistance
CREATE OR REPLACE TABLE floor.assistance AS
WITH support AS (
    SELECT person_id, support_start_date FROM vrec_person
    WHERE feed = 'social' AND support_start_date IS NOT NULL
),
earliest AS (
    SELECT person_id, min(support_start_date) AS earliest FROM support GROUP BY person_id
),
person_year AS (
    SELECT DISTINCT person_id, year(support_start_date)::INTEGER AS year FROM support
)
SELECT py.year, count(*) AS victims_assisted,
    median(date_diff('day', p.first_identified, e.earliest)) AS median_days_to_support
FROM person_year py
JOIN earliest e USING (person_id)
JOIN person p USING (person_id)
GROUP BY py.year;

-- ------------------------------------------------------------------ linkage_quality
-- By the year of the person (first identified): their records, persons, keyless records, and
-- persons made of an ambiguous keyless group.
CREATE OR REPLACE TABLE floor.linkage_quality AS
SELECT year, sum(records) AS records, count(*) AS persons, sum(keyless_records) AS keyless_records,
    count(*) FILTER (WHERE ambiguous) AS ambiguous_links
FROM person
GROUP BY year;
