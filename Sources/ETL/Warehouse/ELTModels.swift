import SQLite

/// The ELT path's SQL models: everything between the raw staging tables and the marts, run
/// inside the warehouse. The learner's (or the reference's) exercise scripts do the contact
/// normalisation and deduplication; these models do the rest. Each is the SQL twin of a piece
/// of the ETL path (``Marts``, ``EventRecord``, ``UTCTimestamp``), and the two must agree row
/// for row.
///
/// The exercise scripts read `raw_contacts`: a temporary copy of the staging rows rather than a
/// view, for two reasons. A view has no `rowid`, which a script may use to keep file order; and
/// the copy's `source_id` is the staging row's key (`r<rowid>`), so every row a script rejects
/// maps back to its line in quarantine. The real ids are put back before deduplication. The
/// same script then normalises the events' distinct emails (`source_id` `e<n>`), so both sources
/// follow one set of rules.
///
/// The PII-bearing intermediate tables (`normalized_contacts`, `rejected_contacts`,
/// `latest_contacts`) are dropped at the end of the run: raw PII stays in staging only.
public enum ELTModels {
    static let salt = "(SELECT value FROM _meta WHERE key = 'salt')"

    /// A field as it appears in an RFC 4180 record (the SQL twin of `ContactCSV.encode`).
    static func csvField(_ x: String) -> String {
        """
        CASE WHEN coalesce(\(x), '') GLOB '*[,"' || char(13, 10) || ']*'
            THEN '"' || replace(\(x), '"', '""') || '"' ELSE coalesce(\(x), '') END
        """
    }

    /// The eight contact columns of staging row `s` as one CSV record.
    static let csvRecord = RawContact.columns.map { csvField("s.\($0)") }.joined(separator: " || ',' || ")

    static func quarantineInsert(run: String, now: String) -> String {
        """
        INSERT OR IGNORE INTO _quarantine
            (table_name, source_file, line, raw_text, reason, detail, loaded_at, run_id, source, batch_id)
        """
    }

    /// Copies the staging rows into `raw_contacts` for the normalisation script, and
    /// quarantines the rows without a source key.
    static func prepareContacts(run: String, now: String) -> String {
        """
        DROP TABLE IF EXISTS temp.raw_contacts;
        CREATE TEMP TABLE raw_contacts (
            source_system TEXT NOT NULL, source_id TEXT NOT NULL, email TEXT, first_name TEXT, last_name TEXT,
            phone TEXT, country TEXT, updated_at TEXT
        );
        \(quarantineInsert(run: run, now: now))
        SELECT 'dim_contact', s._source_file, s._line, \(csvRecord), 'missing_source_key',
            'source_system or source_id is empty', \(now), \(run), 'contacts', s._batch_id
        FROM stg_contacts_raw AS s
        WHERE coalesce(s.source_system, '') = '' OR coalesce(s.source_id, '') = '';
        INSERT INTO temp.raw_contacts
        SELECT source_system, 'r' || rowid, nullif(email, ''), nullif(first_name, ''), nullif(last_name, ''),
            nullif(phone, ''), nullif(country, ''), nullif(updated_at, '')
        FROM stg_contacts_raw
        WHERE coalesce(source_system, '') <> '' AND coalesce(source_id, '') <> ''
        ORDER BY rowid;
        """
    }

    /// Quarantines the rejected rows, maps the normalised ones back to their staging rows and real
    /// ids, keeps the latest version of each source record (ties: the first staged), and hands
    /// those to the deduplication script as `normalized_contacts`.
    static func conformContacts(run: String, now: String) -> String {
        """
        \(quarantineInsert(run: run, now: now))
        SELECT 'dim_contact', s._source_file, s._line, \(csvRecord), r.reasons,
            'rejected by the normaliser: ' || r.reasons, \(now), \(run), 'contacts', s._batch_id
        FROM rejected_contacts AS r JOIN stg_contacts_raw AS s ON s.rowid = CAST(substr(r.source_id, 2) AS INTEGER);
        DROP TABLE IF EXISTS temp.contact_versions;
        CREATE TEMP TABLE contact_versions AS
        SELECT stg_row, batch_id, source_system, source_id, email, first_name, last_name, phone, country_code,
            updated_at,
            row_number() OVER (PARTITION BY source_system, source_id ORDER BY updated_at DESC, stg_row) AS version_rank
        FROM (
            SELECT s.rowid AS stg_row, s._batch_id AS batch_id, n.source_system, s.source_id, n.email, n.first_name,
                n.last_name, n.phone, n.country_code, n.updated_at
            FROM normalized_contacts AS n JOIN stg_contacts_raw AS s ON s.rowid = CAST(substr(n.source_id, 2) AS INTEGER)
        );
        DROP TABLE normalized_contacts;
        CREATE TABLE normalized_contacts AS
        SELECT source_system, source_id, email, first_name, last_name, phone, country_code, updated_at
        FROM temp.contact_versions WHERE version_rank = 1 ORDER BY stg_row;
        """
    }

    /// `dim_contact` from the deduplication script's `latest_contacts`.
    static let buildDimContact = """
        DROP TABLE IF EXISTS temp.contact_sources;
        CREATE TEMP TABLE contact_sources (email TEXT PRIMARY KEY, sources TEXT NOT NULL);
        INSERT INTO temp.contact_sources
        SELECT email, group_concat(source_system, ',')
        FROM (SELECT DISTINCT email, source_system FROM normalized_contacts ORDER BY email, source_system)
        GROUP BY email;
        DELETE FROM dim_contact;
        INSERT INTO dim_contact
            (contact_key, email_domain, phone_hash, country_code, source_system, updated_at, sources)
        SELECT sha256_hex(\(salt) || l.email), substr(l.email, instr(l.email, '@') + 1),
            sha256_hex(\(salt) || l.phone), l.country_code, l.source_system, l.updated_at, s.sources
        FROM latest_contacts AS l JOIN temp.contact_sources AS s ON s.email = l.email
        ORDER BY 1;
        DROP TABLE temp.contact_sources;
        """

    /// Parses and validates every staged event line with the JSON functions: the twin of
    /// `EventRecord.parse`.
    static func parseEvents(run: String, now: String) -> String {
        let zone = UTCTimestamp.sqlZone("at_text")
        let occurred = UTCTimestamp.sqlNormalize("at_text", zone: "zone")
        func text(_ path: String) -> String {
            "CASE WHEN json_type(doc, '\(path)') = 'text' THEN json_extract(doc, '\(path)') END"
        }
        return """
            DROP TABLE IF EXISTS temp.event_rows;
            CREATE TEMP TABLE event_rows AS
            WITH validity AS MATERIALIZED (
                SELECT rowid AS stg_row, _batch_id AS batch_id, json_valid(raw) AS is_json FROM stg_events_raw
            ),
            docs AS (
                SELECT v.stg_row, v.batch_id, v.is_json, CASE WHEN v.is_json THEN s.raw END AS doc
                FROM validity AS v JOIN stg_events_raw AS s ON s.rowid = v.stg_row
            ),
            fields AS MATERIALIZED (
                SELECT stg_row, batch_id, is_json, json_type(doc) AS doc_type,
                    json_type(doc, '$.event_id') AS id_type, json_extract(doc, '$.event_id') AS event_id,
                    json_type(doc, '$.type') AS type_type, json_extract(doc, '$.type') AS event_type,
                    json_type(doc, '$.occurred_at') AS at_type, json_extract(doc, '$.occurred_at') AS at_text,
                    \(text("$.email")) AS email,
                    \(text("$.properties.utm_source")) AS utm_source,
                    \(text("$.properties.utm_medium")) AS utm_medium,
                    \(text("$.properties.utm_campaign")) AS utm_campaign,
                    \(text("$.properties.url")) AS url
                FROM docs
            ),
            zoned AS MATERIALIZED (SELECT *, CASE WHEN at_type = 'text' THEN \(zone) END AS zone FROM fields),
            timed AS (SELECT *, CASE WHEN at_type = 'text' THEN \(occurred) END AS occurred_at FROM zoned)
            SELECT stg_row, batch_id, event_id, event_type, occurred_at, email, utm_source, utm_medium, utm_campaign,
                url, doc_type,
                CASE
                    WHEN NOT is_json THEN 'invalid_json'
                    WHEN doc_type IS NOT 'object' THEN 'not_an_object'
                    WHEN id_type IS NOT 'text' OR event_id = '' THEN 'missing_event_id'
                    WHEN type_type IS NOT 'text'
                        OR event_type NOT IN ('page_view', 'email_open', 'email_click', 'form_submit')
                        THEN 'unknown_event_type'
                    WHEN occurred_at IS NULL THEN 'invalid_occurred_at'
                END AS reason
            FROM timed;
            """
    }

    /// Quarantines the event lines that failed validation.
    static func quarantineEvents(run: String, now: String) -> String {
        """
        \(quarantineInsert(run: run, now: now))
        SELECT 'fct_event', s._source_file, s._line, substr(s.raw, 1, 1024), e.reason,
            CASE e.reason
                WHEN 'invalid_json' THEN 'the line is not valid JSON'
                WHEN 'not_an_object' THEN 'the line is ' || CASE e.doc_type WHEN 'array' THEN 'an array'
                    WHEN 'text' THEN 'a string' WHEN 'null' THEN 'null' WHEN 'true' THEN 'a boolean'
                    WHEN 'false' THEN 'a boolean' ELSE 'a number' END || ', not an object'
                WHEN 'missing_event_id' THEN 'event_id is missing, empty or not a string'
                WHEN 'unknown_event_type' THEN 'type is not one of page_view, email_open, email_click, form_submit'
                ELSE 'occurred_at is not an ISO 8601 date and time'
            END,
            \(now), \(run), 'events', s._batch_id
        FROM temp.event_rows AS e JOIN stg_events_raw AS s ON s.rowid = e.stg_row
        WHERE e.reason IS NOT NULL;
        """
    }

    /// Ranks each valid event's deliveries (the first staged wins) and puts the distinct emails
    /// of the winners into `raw_contacts` for the normalisation script.
    static let deliverEvents = """
        DROP TABLE IF EXISTS temp.event_deliveries;
        CREATE TEMP TABLE event_deliveries AS
        SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY stg_row) AS delivery
        FROM temp.event_rows WHERE reason IS NULL;

        -- Each distinct email once (as written), keyed by its rowid.
        DROP TABLE IF EXISTS temp.event_emails;
        CREATE TEMP TABLE event_emails (email TEXT PRIMARY KEY);
        INSERT INTO temp.event_emails
        SELECT DISTINCT email FROM temp.event_deliveries WHERE delivery = 1 AND email IS NOT NULL;
        DELETE FROM temp.raw_contacts;
        INSERT INTO temp.raw_contacts (source_system, source_id, email, updated_at)
        SELECT 'events', 'e' || rowid, email, '2000-01-01 00:00:00' FROM temp.event_emails ORDER BY rowid;
        """

    /// `fct_event` from the first delivery of each valid event.
    static let buildFactEvent = """
        CREATE INDEX IF NOT EXISTS normalized_contacts_by_source_id ON normalized_contacts (source_id);
        DROP INDEX IF EXISTS fct_event_by_contact;
        DELETE FROM fct_event;
        INSERT INTO fct_event (event_id, contact_key, event_type, occurred_at, event_date, utm_source, utm_medium,
            utm_campaign, url)
        SELECT e.event_id, sha256_hex(\(salt) || n.email), e.event_type, e.occurred_at, substr(e.occurred_at, 1, 10),
            e.utm_source, e.utm_medium, e.utm_campaign, e.url
        FROM temp.event_deliveries AS e
        LEFT JOIN temp.event_emails AS m ON m.email = e.email
        LEFT JOIN normalized_contacts AS n ON n.source_id = 'e' || m.rowid
        WHERE e.delivery = 1
        ORDER BY e.event_id;
        \(WarehouseSchema.eventIndex)
        """

    /// The attribution mart from `fct_event` (the twin of `AttributionCounter`).
    public static let buildAttribution = """
        DELETE FROM mart_campaign_attribution_daily;
        INSERT INTO mart_campaign_attribution_daily (conversion_date, utm_campaign, model, conversions)
        SELECT conversion_date, utm_campaign, model, count(*)
        FROM (
            SELECT c.event_date AS conversion_date, 'first_touch' AS model,
                coalesce((
                    SELECT t.utm_campaign FROM fct_event AS t
                    WHERE t.contact_key = c.contact_key AND t.utm_campaign IS NOT NULL AND t.occurred_at <= c.occurred_at
                    ORDER BY t.occurred_at, t.event_id LIMIT 1
                ), '(none)') AS utm_campaign
            FROM fct_event AS c WHERE c.event_type = 'form_submit' AND c.contact_key IS NOT NULL
            UNION ALL
            SELECT c.event_date, 'last_touch',
                coalesce((
                    SELECT t.utm_campaign FROM fct_event AS t
                    WHERE t.contact_key = c.contact_key AND t.utm_campaign IS NOT NULL AND t.occurred_at <= c.occurred_at
                    ORDER BY t.occurred_at DESC, t.event_id DESC LIMIT 1
                ), '(none)')
            FROM fct_event AS c WHERE c.event_type = 'form_submit' AND c.contact_key IS NOT NULL
        )
        GROUP BY conversion_date, utm_campaign, model
        ORDER BY conversion_date, utm_campaign, model;
        """

    /// Drops the intermediate tables: the PII-bearing ones in `main`, and the temporary ones.
    static let cleanUp = """
        DROP TABLE IF EXISTS normalized_contacts; DROP TABLE IF EXISTS rejected_contacts;
        DROP TABLE IF EXISTS latest_contacts; DROP TABLE IF EXISTS temp.raw_contacts;
        DROP TABLE IF EXISTS temp.contact_versions; DROP TABLE IF EXISTS temp.event_rows;
        DROP TABLE IF EXISTS temp.event_deliveries; DROP TABLE IF EXISTS temp.event_emails;
        """
}
