-- A second, independently written solution to etl/3, for the similarity tests: a contact
-- survives when no other contact with its email beats it (an anti-join), no window function;
-- of identical keys the first row loaded stays.

DROP TABLE IF EXISTS latest_contacts;

CREATE TABLE latest_contacts AS
SELECT mine.*
FROM normalized_contacts AS mine
WHERE NOT EXISTS (
    SELECT 1
    FROM normalized_contacts AS rival
    WHERE rival.email = mine.email
      AND (
        rival.updated_at > mine.updated_at
        OR (rival.updated_at = mine.updated_at
            AND (rival.source_system = 'crm') > (mine.source_system = 'crm'))
        OR (rival.updated_at = mine.updated_at
            AND (rival.source_system = 'crm') = (mine.source_system = 'crm')
            AND (rival.source_id > mine.source_id
                 OR (rival.source_id = mine.source_id AND rival.rowid < mine.rowid)))
      )
)
ORDER BY mine.email;
