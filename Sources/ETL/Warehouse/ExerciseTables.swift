import SQLite

/// The tables of exercises 4 and 5, created the same way for the learner's code, the reference,
/// the checks and the pipelines.
public enum ExerciseTables {
    /// The incremental exercise's source: one row per contact, `updated_at` bumped on change.
    public static let sourceRowsDDL = """
        CREATE TABLE IF NOT EXISTS source_rows (
            id TEXT PRIMARY KEY, email TEXT NOT NULL, country_code TEXT, updated_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS source_rows_by_updated_at ON source_rows (updated_at, id);
        """

    /// The incremental exercise's target and its watermarks.
    public static let incrementalWarehouseDDL = """
        CREATE TABLE IF NOT EXISTS wh_contacts (
            id TEXT PRIMARY KEY, email TEXT NOT NULL, country_code TEXT, updated_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS etl_watermarks (
            source TEXT PRIMARY KEY, updated_at TEXT NOT NULL, last_id TEXT NOT NULL
        );
        """

    /// The CDC exercise's target and the consumers' committed offsets.
    public static let changeWarehouseDDL = """
        CREATE TABLE IF NOT EXISTS cdc_contacts (
            id TEXT PRIMARY KEY, email TEXT, country_code TEXT, updated_at TEXT,
            is_deleted INTEGER NOT NULL DEFAULT 0, source_position INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS cdc_offsets (consumer TEXT PRIMARY KEY, position INTEGER NOT NULL);
        """

    /// Creates `source_rows` in a source database.
    public static func createSource(in connection: Connection) throws { try connection.execute(sourceRowsDDL) }

    /// Creates the incremental and CDC targets in a warehouse.
    public static func createWarehouse(in connection: Connection) throws {
        try connection.execute(incrementalWarehouseDDL + changeWarehouseDDL)
    }
}
