import SQLite

/// The tables the contact exercises read and write, created the same way for the learner's code,
/// the reference and the pipelines.
public enum ContactTables {
    /// `raw_contacts`: the contacts CSV's columns, all TEXT, NULL where the export was empty.
    public static let rawContactsDDL = """
        CREATE TABLE IF NOT EXISTS raw_contacts (
            source_system TEXT NOT NULL, source_id TEXT NOT NULL, email TEXT, first_name TEXT,
            last_name TEXT, phone TEXT, country TEXT, updated_at TEXT
        );
        """

    /// `ref_country`: one row per alias (lower-case), with its ISO code, calling code and trunk prefix.
    public static let refCountryDDL = """
        CREATE TABLE IF NOT EXISTS ref_country (
            alias TEXT PRIMARY KEY, iso2 TEXT NOT NULL, calling_code TEXT NOT NULL, trunk_prefix TEXT NOT NULL
        ) WITHOUT ROWID;
        """

    /// The shape exercise 2 must produce (the script creates these itself).
    public static let normalizedColumns = [
        "source_system", "source_id", "email", "first_name", "last_name", "phone", "country_code", "updated_at",
    ]

    /// Creates `raw_contacts` and `ref_country` (seeded from `countries`) in `connection`.
    public static func create(in connection: Connection, countries: CountryTable = .standard) throws {
        try connection.execute(rawContactsDDL + refCountryDDL)
        let insert = try connection.prepare("INSERT OR REPLACE INTO ref_country VALUES (?, ?, ?, ?)")
        try connection.transaction {
            for row in countries.rows {
                try insert.run([.text(row.alias), .text(row.iso2), .text(row.callingCode), .text(row.trunkPrefix)])
            }
        }
    }

    /// Inserts raw contacts into `raw_contacts`.
    public static func insert(_ contacts: [RawContact], into connection: Connection) throws {
        let insert = try connection.prepare("INSERT INTO raw_contacts VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        try connection.transaction {
            for c in contacts {
                try insert.run([
                    .text(c.sourceSystem), .text(c.sourceID), text(c.email), text(c.firstName), text(c.lastName),
                    text(c.phone), text(c.country), text(c.updatedAt),
                ])
            }
        }
    }

    static func text(_ value: String?) -> SQLiteValue { value.map(SQLiteValue.text) ?? .null }
}
