import SQLite

/// The warehouse's tables. Both modes share the marts, the quarantine and the run log; the ETL
/// path adds its conformed per-record table, the ELT path its raw staging tables.
public enum WarehouseSchema {
    /// The marts, the quarantine and the run metadata.
    public static let shared = """
        CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS _runs (
            run_id TEXT PRIMARY KEY, mode TEXT NOT NULL, incremental INTEGER NOT NULL, source TEXT NOT NULL,
            started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL, report TEXT
        );
        -- One row per file loaded; a batch's id is derived from the file's bytes, so the same
        -- export is recognised whatever it is called and a re-run is idempotent.
        CREATE TABLE IF NOT EXISTS _batches (
            batch_id TEXT PRIMARY KEY, source TEXT NOT NULL, source_file TEXT NOT NULL, bytes INTEGER NOT NULL,
            records INTEGER NOT NULL, run_id TEXT NOT NULL, loaded_at TEXT NOT NULL
        );
        -- Records that could not be loaded, with where they came from and why. The first seven
        -- columns are CSVLoader's; run_id, source and batch_id are the pipelines'.
        CREATE TABLE IF NOT EXISTS _quarantine (
            table_name TEXT NOT NULL, source_file TEXT NOT NULL, line INTEGER NOT NULL, raw_text TEXT NOT NULL,
            reason TEXT NOT NULL, detail TEXT NOT NULL, loaded_at TEXT NOT NULL,
            run_id TEXT, source TEXT, batch_id TEXT
        );
        CREATE UNIQUE INDEX IF NOT EXISTS _quarantine_once ON _quarantine (batch_id, source, line)
            WHERE batch_id IS NOT NULL;

        CREATE TABLE IF NOT EXISTS dim_contact (
            contact_key TEXT PRIMARY KEY,  -- sha256_hex(salt || normalised email)
            email_domain TEXT NOT NULL,
            phone_hash TEXT,               -- sha256_hex(salt || E.164 phone); NULL without a phone
            country_code TEXT,
            source_system TEXT NOT NULL,   -- of the winning record
            updated_at TEXT NOT NULL,
            sources TEXT NOT NULL          -- the systems the email appeared in, sorted, comma-separated
        );
        CREATE TABLE IF NOT EXISTS fct_event (
            event_id TEXT PRIMARY KEY,
            contact_key TEXT,              -- NULL when the email is missing or invalid
            event_type TEXT NOT NULL,
            occurred_at TEXT NOT NULL,     -- UTC, YYYY-MM-DDTHH:MM:SSZ
            event_date TEXT NOT NULL,
            utm_source TEXT, utm_medium TEXT, utm_campaign TEXT, url TEXT
        );
        \(eventIndex)
        CREATE TABLE IF NOT EXISTS mart_campaign_attribution_daily (
            conversion_date TEXT NOT NULL,
            utm_campaign TEXT NOT NULL,    -- '(none)' when no touch precedes the conversion
            model TEXT NOT NULL CHECK (model IN ('first_touch', 'last_touch')),
            conversions INTEGER NOT NULL,
            PRIMARY KEY (conversion_date, utm_campaign, model)
        ) WITHOUT ROWID;
        """

    /// The index the attribution mart reads `fct_event` by. A full refresh drops it before the
    /// bulk insert and builds it after, which is faster than maintaining it row by row.
    public static let eventIndex =
        "CREATE INDEX IF NOT EXISTS fct_event_by_contact ON fct_event (contact_key, occurred_at, event_id);"

    /// The marts both paths must produce identically.
    public static let marts = ["dim_contact", "fct_event", "mart_campaign_attribution_daily"]

    /// Columns of run metadata: they differ between equal runs (times, ids) and are left out
    /// when two warehouses are compared.
    public static let metadataColumns: Set<String> = ["run_id", "loaded_at", "_loaded_at", "started_at", "finished_at"]
    /// Tables of run metadata, left out when two warehouses are compared.
    public static let metadataTables: Set<String> = ["_runs", "_meta", "sqlite_sequence"]

    /// The ETL path's conformed per-record table: exercise 4's `wh_contacts` (its `id` is
    /// `system:source_id`, its `email` the contact key — never the address) with the hashed
    /// attributes the marts need, and the watermarks.
    static func createETLTables(in connection: Connection) throws {
        try connection.execute(ExerciseTables.incrementalWarehouseDDL)
        let present = Set(try Warehouse.columns(of: "wh_contacts", in: connection))
        for column in etlContactColumns where !present.contains(column) {
            try connection.execute("ALTER TABLE wh_contacts ADD COLUMN \(column) TEXT")
        }
    }

    /// The columns the ETL path adds to `wh_contacts`.
    static let etlContactColumns = ["source_system", "source_id", "email_domain", "phone_hash"]

    /// The ELT path's staging: the contacts export's columns and each event line, all as text,
    /// as they came, with load metadata; the reference countries; and the masked view that
    /// analysts get instead of the raw table.
    static let eltStaging = """
        CREATE TABLE IF NOT EXISTS stg_contacts_raw (
            source_system TEXT, source_id TEXT, email TEXT, first_name TEXT, last_name TEXT, phone TEXT,
            country TEXT, updated_at TEXT,
            _source_file TEXT, _line INTEGER, _loaded_at TEXT, _batch_id TEXT
        );
        CREATE INDEX IF NOT EXISTS stg_contacts_raw_by_batch ON stg_contacts_raw (_batch_id);
        CREATE TABLE IF NOT EXISTS stg_events_raw (
            raw TEXT NOT NULL,
            _source_file TEXT NOT NULL, _line INTEGER NOT NULL, _loaded_at TEXT NOT NULL, _batch_id TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS stg_events_raw_by_batch ON stg_events_raw (_batch_id);
        \(ContactTables.refCountryDDL)
        -- What analysts may read: the same rows with the PII masked. The raw table stays for the
        -- models and for re-processing; SQLite has no grants, so in this file the masking is a
        -- convention (a cloud warehouse enforces it with masking policies or secure views). Only
        -- built-in functions, so the view works in any SQLite client.
        CREATE VIEW IF NOT EXISTS stg_contacts_masked AS
        SELECT source_system, source_id,
            CASE WHEN instr(email, '@') > 1
                AND rtrim(substr(email, instr(email, '@') + 1), ' ' || char(9, 10, 13)) GLOB '?*'
                AND NOT rtrim(substr(email, instr(email, '@') + 1), ' ' || char(9, 10, 13)) GLOB '*[^A-Za-z0-9.-]*'
                THEN lower(substr(ltrim(email, ' ' || char(9, 10, 13)), 1, 1)) || '***@'
                    || lower(rtrim(substr(email, instr(email, '@') + 1), ' ' || char(9, 10, 13))) END AS email_masked,
            CASE WHEN coalesce(first_name, '') <> '' THEN substr(first_name, 1, 1) || '.' END AS first_initial,
            CASE WHEN coalesce(last_name, '') <> '' THEN substr(last_name, 1, 1) || '.' END AS last_initial,
            CASE WHEN coalesce(phone, '') <> '' THEN '…' || substr(rtrim(phone, ' ' || char(9, 10, 13)), -2) END
                AS phone_last2,
            country, updated_at, _source_file, _line, _loaded_at, _batch_id
        FROM stg_contacts_raw;
        """

    /// Creates the ELT staging tables and fills `ref_country`.
    static func createELTTables(in connection: Connection, countries: CountryTable = .standard) throws {
        try connection.execute(eltStaging)
        if try Warehouse.count("ref_country", in: connection) == 0 {
            let insert = try connection.prepare("INSERT OR REPLACE INTO ref_country VALUES (?, ?, ?, ?)")
            for row in countries.rows {
                try insert.run([.text(row.alias), .text(row.iso2), .text(row.callingCode), .text(row.trunkPrefix)])
            }
        }
    }
}
