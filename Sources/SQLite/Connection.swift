internal import CSQLite

/// An open SQLite database connection.
///
/// ```swift
/// let db = try Connection(.file("app.sqlite"))
/// try db.execute("CREATE TABLE IF NOT EXISTS nonce (value TEXT PRIMARY KEY, seen INTEGER NOT NULL)")
/// try db.transaction {
///     try db.prepare("INSERT INTO nonce VALUES (?, ?)").run([.text(nonce), .integer(now)])
/// }
/// let count = try db.scalar("SELECT count(*) FROM nonce", as: Int.self)
/// ```
/// A connection is not `Sendable`: use it from one task or thread at a time (it is opened in
/// SQLite's multi-thread mode, without a per-connection mutex). Open one connection per thread,
/// or keep one inside an actor. It is closed when the last reference to it, including those held
/// by its statements, goes away.
public final class Connection {
    /// Where the database lives.
    public enum Location: Sendable {
        /// A private, temporary database in memory, gone when the connection closes.
        case inMemory
        /// A database file at this path, created if it does not exist (unless read-only).
        case file(String)
    }

    /// The `sqlite3` handle, open for the lifetime of this object.
    let handle: OpaquePointer
    /// How many `transaction(_:_:)` calls are running inside an outer one, to name savepoints.
    private var savepointDepth = 0

    /// Opens a connection, with extended result codes and a 5-second busy timeout.
    /// - Parameters:
    ///   - location: The database to open.
    ///   - readOnly: Whether to open the database read-only; it must then already exist.
    /// - Throws: `SQLiteError` if the database cannot be opened, for example `SQLITE_CANTOPEN`.
    public init(_ location: Location, readOnly: Bool = false) throws(SQLiteError) {
        let path =
            switch location {
            case .inMemory: ":memory:"
            case .file(let path): path
            }
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        var connection: OpaquePointer?
        let result = sqlite3_open_v2(path, &connection, flags, nil)
        guard result == SQLITE_OK, let connection else {
            var error = SQLiteError(resultCode: result, connection: connection, sql: nil)
            error.message += " (\(path))"
            sqlite3_close_v2(connection)
            throw error
        }
        handle = connection
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, 5000)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements separated by semicolons, such as a schema script or
    /// pragmas. Rows they return are discarded; use ``prepare(_:)`` to bind values or read rows.
    /// - Parameter sql: The SQL text.
    /// - Throws: `SQLiteError` from the first statement that fails; earlier ones stay applied.
    public func execute(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        KillPoint.pass()
        let result = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        defer { sqlite3_free(errorMessage) }
        guard result == SQLITE_OK else {
            let resultCode = sqlite3_extended_errcode(handle)
            var error = SQLiteError(resultCode: resultCode, connection: handle, sql: sql)
            if let errorMessage { error.message = String(cString: errorMessage) }
            throw error
        }
    }

    /// Compiles one SQL statement, with `?`, `?NNN`, `:name` or `$name` parameters for values.
    /// - Parameter sql: Exactly one statement; a trailing semicolon, whitespace and comments are
    ///   allowed.
    /// - Returns: The statement, ready to bind and step.
    /// - Throws: `SQLiteError` for a syntax error, an unknown table or column, an empty text, or
    ///   text with more than one statement (use ``execute(_:)`` for scripts).
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// The number of rows that the most recent `INSERT`, `UPDATE` or `DELETE` changed.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// The rowid of the most recent successful `INSERT` on this connection, or 0 if none.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether a transaction is open (the connection is not in autocommit mode).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The most columns a table, an index or a result may have on this connection
    /// (`SQLITE_LIMIT_COLUMN`, 2,000 by default).
    public var columnLimit: Int { Int(sqlite3_limit(handle, SQLITE_LIMIT_COLUMN, -1)) }

    /// The version of the SQLite library in use, such as "3.40.1".
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

extension Connection {
    /// Runs `body` in a transaction: commits if it returns, rolls back if it throws.
    ///
    /// Called while a transaction is already open (including from inside another `transaction`
    /// body), it uses a savepoint instead, so only the inner body's changes are undone if it
    /// throws; `kind` then has no effect. If `COMMIT` itself fails, for example because another
    /// connection holds a lock past the busy timeout, the transaction is rolled back and the
    /// commit's error thrown.
    /// - Parameters:
    ///   - kind: How the transaction takes locks; `.immediate` suits transactions that write.
    ///   - body: The work to do atomically.
    /// - Returns: What `body` returns.
    /// - Throws: The error `body` throws, unchanged, or an `SQLiteError` from `BEGIN` or `COMMIT`.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if isInTransaction { return try inSavepoint(body) }
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        let result: T
        do {
            result = try body()
            try execute("COMMIT TRANSACTION")
        } catch {
            // Some errors (SQLITE_FULL, SQLITE_NOMEM, ...) already rolled the transaction back.
            if isInTransaction { try? execute("ROLLBACK TRANSACTION") }
            throw error
        }
        return result
    }

    private func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "nested_transaction_\(savepointDepth)"
        try execute("SAVEPOINT \(name)")
        let result: T
        do {
            result = try body()
        } catch {
            if isInTransaction { try? execute("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)") }
            throw error
        }
        try execute("RELEASE SAVEPOINT \(name)")
        return result
    }
}
