import Crypto
import Foundation
import SQLite

/// The embedded warehouse both pipelines load: one SQLite file with the marts, the conformed or
/// staging tables of the mode that built it, the quarantine, and the run log.
///
/// ```swift
/// let db = try Warehouse.open(path: "warehouse.sqlite")
/// let salt = try Warehouse.salt(in: db, provided: nil)   // generated once, kept in _meta
/// try db.scalar("SELECT sha256_hex(? || 'anna@example.com')", [.text(salt)], as: String.self)
/// ```
public enum Warehouse {
    /// Registers the warehouse's SQL functions on `connection`:
    /// `sha256_hex(x)`: the SHA-256 of `x` (text as UTF-8, or a blob) in lower-case hex; `NULL`
    /// for `NULL` — the SQL twin of hashing with `Crypto.SHA256` in Swift, as Snowflake's
    /// `SHA2(x, 256)` is in a cloud warehouse.
    /// - Throws: `SQLiteError` if registration fails.
    public static func registerFunctions(on connection: Connection) throws {
        try connection.createFunction("sha256_hex", argumentCount: 1, deterministic: true, innocuous: true) {
            arguments in
            switch arguments[0] {
            case .null: return .null
            case .text(let text): return .text(Hex.encode(SHA256.hash(text)))
            case .blob(let bytes): return .text(Hex.encode(SHA256.hash(bytes)))
            case .integer(let value): return .text(Hex.encode(SHA256.hash(String(value))))
            case .real: throw WarehouseError("sha256_hex() hashes text or a blob, not a real number")
            }
        }
    }

    /// `salt || text` hashed as `sha256_hex` does, for the Swift side.
    public static func hashHex(_ text: String, salt: String) -> String {
        var hasher = SHA256Hasher()
        hasher.update(salt.utf8)
        hasher.update(text.utf8)
        return Hex.encode(hasher.finalize())
    }

    /// Opens (creating if needed) a warehouse file: WAL journal, `synchronous = NORMAL` (a
    /// committed transaction survives a killed process; only power loss may lose the last ones),
    /// the SQL functions, and the shared schema.
    /// - Throws: `SQLiteError`, or ``WarehouseError`` for a file that is not an SQLite database.
    public static func open(path: String) throws -> Connection {
        let connection = try Connection(.file(path))
        let pragmas = Result { () throws(SQLiteError) in
            // Memory stays bounded whatever the input: a 32 MiB page cache that spills to the
            // write-ahead log, and sorts and temporary tables in temporary files.
            try connection.execute(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = FILE; "
                    + "PRAGMA cache_size = -32768; PRAGMA temp.cache_size = -32768;")
        }
        if case .failure(let error) = pragmas {
            guard error.code == 26 else { throw error }  // SQLITE_NOTADB
            throw WarehouseError("\(path) is not an SQLite database (\(error.message))")
        }
        try registerFunctions(on: connection)
        try connection.execute(WarehouseSchema.shared)
        return connection
    }

    /// The warehouse's salt for hashing PII: the one stored in `_meta`, or `provided` (stored on
    /// first use), or a new random one (stored). The salt is a secret: it is never printed.
    /// - Throws: ``WarehouseError`` when `provided` differs from the stored salt (the hashes
    ///   already loaded would no longer join), or `SQLiteError`.
    public static func salt(in connection: Connection, provided: String?) throws -> String {
        try connection.transaction {
            let stored = try connection.scalar("SELECT value FROM _meta WHERE key = 'salt'", as: String.self)
            if let stored {
                if let provided, provided != stored {
                    throw WarehouseError(
                        "the warehouse was built with another salt; its hashes would not join with new ones "
                            + "(use the same --salt, or a new --db)")
                }
                return stored
            }
            let salt = try provided ?? Hex.encode(SecureRandom.bytes(count: 32))
            guard !salt.isEmpty else { throw WarehouseError("the salt must not be empty") }
            try connection.prepare("INSERT INTO _meta (key, value) VALUES ('salt', ?)").run([.text(salt)])
            return salt
        }
    }

    /// The size of the database file after a checkpoint folds the write-ahead log into it.
    public static func storedBytes(of connection: Connection, path: String) throws -> Int64 {
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// The names of the user tables, sorted.
    public static func tables(in connection: Connection) throws -> [String] {
        try connection.rows(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).compactMap { String(sqliteValue: $0[0]) }
    }

    /// The column names of `table`, in order.
    public static func columns(of table: String, in connection: Connection) throws -> [String] {
        try connection.rows("SELECT name FROM pragma_table_info(?) ORDER BY cid", [.text(table)]).compactMap {
            String(sqliteValue: $0[0])
        }
    }

    /// The row count of `table`.
    public static func count(_ table: String, in connection: Connection) throws -> Int {
        try connection.scalar("SELECT count(*) FROM \(quoted(table))", as: Int.self) ?? 0
    }

    /// `identifier` quoted for SQL.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A warehouse that cannot be used as asked.
public struct WarehouseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
