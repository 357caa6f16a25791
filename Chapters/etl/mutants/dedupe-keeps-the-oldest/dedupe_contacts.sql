-- Exercise etl/3: keep the latest record per natural key (the email) with a window function.
--
-- Input:  normalized_contacts (exercise 2's output).
-- Output: latest_contacts, same columns, one row per email: the greatest updated_at wins; on a
--         tie 'crm' (the system of record) beats 'web', then the greater source_id.

DROP TABLE IF EXISTS latest_contacts;

CREATE TABLE latest_contacts AS
SELECT source_system, source_id, email, first_name, last_name, phone, country_code, updated_at
FROM (
    SELECT *,
        row_number() OVER (
            PARTITION BY email
            ORDER BY updated_at ASC, CASE source_system WHEN 'crm' THEN 0 ELSE 1 END, source_id DESC
        ) AS recency
    FROM normalized_contacts
)
WHERE recency = 1
ORDER BY email;
