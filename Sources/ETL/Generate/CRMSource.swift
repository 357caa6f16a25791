import Foundation
import SQLite

/// The CRM's own database, the source for change data capture: a `contacts` table and triggers
/// that append every insert, update and delete to `_changes` as a Debezium-shaped event (`op`,
/// `key`, `before` and `after` row images as JSON, a strictly increasing `position`).
///
/// Capturing with triggers writes the change in the same transaction as the row, so the log
/// never misses a committed change nor holds an uncommitted one; a log-based reader (Debezium on
/// a write-ahead log) gets the same guarantee without touching the write path.
public enum CRMSource {
    /// The source schema and its capture triggers.
    public static let schema = """
        CREATE TABLE IF NOT EXISTS contacts (
            id TEXT PRIMARY KEY, email TEXT NOT NULL, country_code TEXT, updated_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS _changes (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            op TEXT NOT NULL CHECK (op IN ('c', 'u', 'd')),
            key TEXT NOT NULL,
            before TEXT,  -- the row before, as JSON; NULL for a create
            after TEXT,   -- the row after, as JSON; NULL for a delete
            captured_at TEXT NOT NULL
        );
        CREATE TRIGGER IF NOT EXISTS contacts_capture_insert AFTER INSERT ON contacts BEGIN
            INSERT INTO _changes (op, key, before, after, captured_at) VALUES ('c', new.id, NULL,
                json_object('id', new.id, 'email', new.email, 'country_code', new.country_code,
                    'updated_at', new.updated_at),
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
        END;
        CREATE TRIGGER IF NOT EXISTS contacts_capture_update AFTER UPDATE ON contacts WHEN old.id = new.id BEGIN
            INSERT INTO _changes (op, key, before, after, captured_at) VALUES ('u', new.id,
                json_object('id', old.id, 'email', old.email, 'country_code', old.country_code,
                    'updated_at', old.updated_at),
                json_object('id', new.id, 'email', new.email, 'country_code', new.country_code,
                    'updated_at', new.updated_at),
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
        END;
        -- A changed primary key is a delete of the old key and a create of the new one (as Debezium does).
        CREATE TRIGGER IF NOT EXISTS contacts_capture_rekey AFTER UPDATE ON contacts WHEN old.id <> new.id BEGIN
            INSERT INTO _changes (op, key, before, after, captured_at) VALUES ('d', old.id,
                json_object('id', old.id, 'email', old.email, 'country_code', old.country_code,
                    'updated_at', old.updated_at),
                NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
            INSERT INTO _changes (op, key, before, after, captured_at) VALUES ('c', new.id, NULL,
                json_object('id', new.id, 'email', new.email, 'country_code', new.country_code,
                    'updated_at', new.updated_at),
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
        END;
        CREATE TRIGGER IF NOT EXISTS contacts_capture_delete AFTER DELETE ON contacts BEGIN
            INSERT INTO _changes (op, key, before, after, captured_at) VALUES ('d', old.id,
                json_object('id', old.id, 'email', old.email, 'country_code', old.country_code,
                    'updated_at', old.updated_at),
                NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
        END;
        """

    /// Opens (creating if needed) a CRM database with the schema and triggers.
    public static func open(at url: URL) throws -> Connection {
        let connection = try Connection(.file(url.path))
        try connection.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
        try connection.execute(schema)
        return connection
    }

    /// Creates a fresh CRM database holding `rows`; each insert is captured, so the log starts
    /// with one create per row.
    /// - Returns: The last position in the change log.
    static func create(at url: URL, rows: [CRMRow]) throws -> Int64 {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: url.path + suffix)
        }
        let connection = try open(at: url)
        let insert = try connection.prepare(
            "INSERT INTO contacts (id, email, country_code, updated_at) VALUES (?, ?, ?, ?)")
        try connection.transaction {
            for row in rows {
                try insert.run([
                    .text(row.id), .text(row.email), row.countryCode.map(SQLiteValue.text) ?? .null,
                    .text(row.updatedAt),
                ])
            }
        }
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return try connection.scalar("SELECT coalesce(max(position), 0) FROM _changes", as: Int64.self) ?? 0
    }
}
