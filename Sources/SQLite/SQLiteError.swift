internal import CSQLite

/// An error reported by SQLite, with its result codes, its message and the statement that failed.
///
/// The SQL text is included so the error can be located, but bound values never are: they may be
/// secrets or personal data.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The primary result code, such as 19 for `SQLITE_CONSTRAINT`.
    public var code: Int32
    /// The extended result code, such as 1555 for `SQLITE_CONSTRAINT_PRIMARYKEY`; equal to `code`
    /// when SQLite gives no detail.
    public var extendedCode: Int32
    /// SQLite's explanation (`sqlite3_errmsg`), such as "UNIQUE constraint failed: t.id".
    public var message: String
    /// The text of the statement that failed, if a statement failed.
    public var sql: String?

    /// Creates an error.
    /// - Parameters:
    ///   - extendedCode: The extended result code; the primary code is its low byte.
    ///   - message: The explanation, which must not contain bound values.
    ///   - sql: The statement that failed, if any.
    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.code = extendedCode & 0xFF
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// Whether a `UNIQUE`, `PRIMARY KEY`, `NOT NULL`, `CHECK` or `FOREIGN KEY` constraint failed.
    public var isConstraintViolation: Bool { code == SQLITE_CONSTRAINT }

    /// Whether the database was locked by another connection for longer than the busy timeout.
    public var isBusy: Bool { code == SQLITE_BUSY }

    /// The error as "SQLite error 19 (SQLITE_CONSTRAINT_PRIMARYKEY): UNIQUE constraint failed: t.id
    /// in `INSERT INTO t VALUES (?)`".
    public var description: String {
        var text = "SQLite error \(code) (\(Self.name(ofResultCode: extendedCode))): \(message)"
        if let sql { text += " in `\(sql)`" }
        return text
    }
}

extension SQLiteError {
    /// The error that `connection` reports for `resultCode`, which a call on it just returned.
    init(resultCode: Int32, connection: OpaquePointer?, sql: String?) {
        let message =
            if let connection, let text = sqlite3_errmsg(connection) { String(cString: text) } else {
                String(cString: sqlite3_errstr(resultCode))
            }
        self.init(extendedCode: resultCode, message: message, sql: sql)
    }

    /// An error detected by this module rather than by SQLite, such as a wrong number of values.
    static func misuse(_ message: String, sql: String?) -> SQLiteError {
        SQLiteError(extendedCode: SQLITE_MISUSE, message: message, sql: sql)
    }
}
