-- Exercise etl/2: normalise contacts in SQL, the same way ContactNormalizer does in Swift.
--
-- Input:  raw_contacts(source_system, source_id, email, first_name, last_name, phone, country,
--         updated_at), all TEXT, NULL where the export was empty;
--         ref_country(alias, iso2, calling_code, trunk_prefix), aliases lower-case.
-- Output: normalized_contacts(source_system, source_id, email, first_name, last_name, phone,
--         country_code, updated_at) for the rows that pass;
--         rejected_contacts(source_system, source_id, reasons) for the others, reasons being the
--         sorted, comma-separated codes: invalid_email, invalid_phone, invalid_timestamp,
--         missing_email, unknown_country.

DROP TABLE IF EXISTS normalized_contacts;
DROP TABLE IF EXISTS rejected_contacts;
DROP TABLE IF EXISTS temp.contact_checks;

-- Each step is MATERIALIZED: left to itself SQLite inlines the chain of CTEs into one query and
-- re-evaluates a column's expression everywhere it is used (the phone's six replace() calls, the
-- timestamp's substr() calls); computing each step once halves the time (0.34 s → 0.15 s for
-- 10,000 contacts here).
CREATE TEMP TABLE contact_checks AS
WITH cleaned AS MATERIALIZED (
    -- Trim ASCII whitespace and lower-case the email (SQLite's lower() is ASCII-only, as in Swift).
    SELECT rowid AS row_order, source_system, source_id,
        lower(trim(coalesce(email, ''), ' ' || char(9, 10, 13))) AS email,
        nullif(trim(coalesce(first_name, ''), ' ' || char(9, 10, 13)), '') AS first_name,
        nullif(trim(coalesce(last_name, ''), ' ' || char(9, 10, 13)), '') AS last_name,
        trim(coalesce(phone, ''), ' ' || char(9, 10, 13)) AS phone_text,
        trim(coalesce(country, ''), ' ' || char(9, 10, 13)) AS country_text,
        trim(coalesce(updated_at, ''), ' ' || char(9, 10, 13)) AS updated_text
    FROM raw_contacts
),
with_country AS MATERIALIZED (
    SELECT cleaned.*, ref.iso2, ref.calling_code, ref.trunk_prefix
    FROM cleaned LEFT JOIN ref_country AS ref ON ref.alias = lower(cleaned.country_text)
),
with_phone AS MATERIALIZED (
    -- Drop separators, then: '+' or '00' start an international number; otherwise drop the
    -- country's trunk prefix and prepend its calling code (no country: no number).
    SELECT *,
        CASE
            WHEN stripped LIKE '+%' THEN substr(stripped, 2)
            WHEN stripped LIKE '00%' THEN substr(stripped, 3)
            WHEN iso2 IS NULL THEN NULL
            WHEN trunk_prefix <> '' AND substr(stripped, 1, length(trunk_prefix)) = trunk_prefix
                THEN calling_code || substr(stripped, length(trunk_prefix) + 1)
            ELSE calling_code || stripped
        END AS phone_digits
    FROM (
        SELECT *, replace(replace(replace(replace(replace(replace(
            phone_text, ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '/', '') AS stripped
        FROM with_country
    )
),
with_timestamp AS MATERIALIZED (
    -- 'YYYY-MM-DD HH:MM:SS', 'T' for the space, optional 'Z'; ranges checked, calendar not.
    SELECT *,
        CASE
            WHEN length(CAST(ts AS BLOB)) = 19
                AND ts GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][ T][0-9][0-9]:[0-9][0-9]:[0-9][0-9]'
                AND CAST(substr(ts, 6, 2) AS INTEGER) BETWEEN 1 AND 12
                AND CAST(substr(ts, 9, 2) AS INTEGER) BETWEEN 1 AND 31
                AND CAST(substr(ts, 12, 2) AS INTEGER) <= 23
                AND CAST(substr(ts, 15, 2) AS INTEGER) <= 59
                AND CAST(substr(ts, 18, 2) AS INTEGER) <= 59
            THEN substr(ts, 1, 10) || 'T' || substr(ts, 12, 8) || 'Z'
        END AS updated_at
    FROM (
        SELECT *,
            CASE WHEN length(CAST(updated_text AS BLOB)) = 20 AND substr(updated_text, 20, 1) = 'Z'
                THEN substr(updated_text, 1, 19) ELSE updated_text END AS ts
        FROM with_phone
    )
),
checked AS MATERIALIZED (
    SELECT *,
        email <> '' AND NOT (
            length(email) - length(replace(email, '@', '')) = 1
            AND NOT email GLOB '*[ ,;<>()"\]*' AND instr(email, char(9)) = 0
            AND instr(email, '..') = 0
            AND length(CAST(substr(email, 1, instr(email, '@') - 1) AS BLOB)) BETWEEN 1 AND 64
            AND length(CAST(substr(email, instr(email, '@') + 1) AS BLOB)) BETWEEN 3 AND 190
            AND length(CAST(email AS BLOB)) <= 254
            AND instr(substr(email, instr(email, '@') + 1), '.') > 0
            AND substr(email, instr(email, '@') + 1, 1) NOT IN ('.', '-')
            AND substr(email, -1, 1) NOT IN ('.', '-')
        ) AS bad_email,
        phone_text <> '' AND NOT coalesce(
            phone_digits <> '' AND phone_digits NOT GLOB '*[^0-9]*' AND length(phone_digits) BETWEEN 8 AND 15, 0
        ) AS bad_phone
    FROM with_timestamp
)
SELECT row_order, source_system, source_id, email, first_name, last_name,
    CASE WHEN phone_text = '' THEN NULL ELSE '+' || phone_digits END AS phone,
    iso2 AS country_code, updated_at,
    rtrim(
        CASE WHEN bad_email THEN 'invalid_email,' ELSE '' END
        || CASE WHEN bad_phone THEN 'invalid_phone,' ELSE '' END
        || CASE WHEN updated_at IS NULL THEN 'invalid_timestamp,' ELSE '' END
        || CASE WHEN email = '' THEN 'missing_email,' ELSE '' END
        || CASE WHEN country_text <> '' AND iso2 IS NULL THEN 'unknown_country,' ELSE '' END,
        ','
    ) AS reasons
FROM checked;

CREATE TABLE normalized_contacts AS
SELECT source_system, source_id, email, first_name, last_name, phone, country_code, updated_at
FROM temp.contact_checks WHERE reasons = '' ORDER BY row_order;

CREATE TABLE rejected_contacts AS
SELECT source_system, source_id, reasons
FROM temp.contact_checks WHERE reasons <> '' ORDER BY row_order;

DROP TABLE temp.contact_checks;
