internal import CSQLite

/// A compiled SQL statement: bind values to its parameters, step through its rows, reset, reuse.
///
/// ```swift
/// let insert = try db.prepare("INSERT INTO users (name, age) VALUES (?, ?)")
/// for user in users {
///     try insert.run([.text(user.name), .integer(user.age)])
/// }
/// let select = try db.prepare("SELECT name, age FROM users WHERE age >= ?")
/// try select.bind(Int64(18), at: 1)
/// while try select.step() {
///     print(select.string(at: 0) ?? "-", select.int64(at: 1))
/// }
/// ```
/// Parameters are numbered from 1 and columns from 0, as in SQLite's C API. A statement keeps its
/// connection open and, like it, is not `Sendable`.
public final class Statement {
    /// The connection the statement belongs to.
    let connection: Connection
    /// The `sqlite3_stmt` handle, finalized in `deinit`.
    let handle: OpaquePointer

    /// The SQL text the statement was compiled from (never with bound values).
    public let sql: String

    init(connection: Connection, sql: String) throws(SQLiteError) {
        var statement: OpaquePointer?
        var remainderIsStatement = false
        let result = sql.withCString { text -> Int32 in
            var tail: UnsafePointer<CChar>?
            let result = sqlite3_prepare_v2(connection.handle, text, -1, &statement, &tail)
            guard result == SQLITE_OK, let tail, tail.pointee != 0 else { return result }
            // SQLite compiled the first statement; check that the rest holds no other one.
            var extra: OpaquePointer?
            let extraResult = sqlite3_prepare_v2(connection.handle, tail, -1, &extra, nil)
            remainderIsStatement = extra != nil
            sqlite3_finalize(extra)
            if extraResult != SQLITE_OK {
                sqlite3_finalize(statement)
                statement = nil
            }
            return extraResult
        }
        guard result == SQLITE_OK else {
            throw SQLiteError(resultCode: result, connection: connection.handle, sql: sql)
        }
        guard let statement else {
            throw .misuse("not a statement: the SQL text is empty or only a comment", sql: sql)
        }
        guard !remainderIsStatement else {
            sqlite3_finalize(statement)
            throw .misuse("more than one statement: prepare them one by one, or use execute(_:)", sql: sql)
        }
        self.connection = connection
        self.handle = statement
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// The number of parameters; the largest index `bind` accepts.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// The number of columns in each row the statement returns (0 for most non-queries).
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// The name of a result column: its `AS` alias, or else a name SQLite derives.
    /// - Parameter index: The column, from 0.
    public func columnName(_ index: Int) -> String {
        guard let name = sqlite3_column_name(handle, column(index)) else { return "" }
        return String(cString: name)
    }

    /// Runs the statement to the next row.
    /// - Returns: `true` if a row is available to read with `int64(at:)`, `value(at:)` and the
    ///   like; `false` when the statement has finished.
    /// - Throws: `SQLiteError`, such as a constraint violation or `SQLITE_BUSY`.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        KillPoint.pass()
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let result: throw error(result)
        }
    }

    /// Rewinds the statement to before its first row and clears all bindings to `NULL`, ready to
    /// run again.
    ///
    /// A failed `step()` is not reported again here: `step()` already threw its error.
    /// - Throws: Nothing with current SQLite versions; declared for future failure modes.
    public func reset() throws(SQLiteError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Runs the statement once with `values` bound to its parameters, stepping until it is done
    /// and discarding any rows. Use it for `INSERT`, `UPDATE`, `DELETE` and DDL.
    /// - Parameter values: One value per parameter, in order.
    /// - Throws: `SQLiteError` if the number of values differs from ``parameterCount``, or if a
    ///   step fails.
    public func run(_ values: [SQLiteValue] = []) throws(SQLiteError) {
        try reset()
        try bind(values)
        while try step() {}
    }

    /// Runs the statement from its first row, with the current bindings, and returns all rows.
    /// - Returns: Each row's values, in column order.
    /// - Throws: `SQLiteError` if a step fails.
    /// - Complexity: O(*r* × *c*) for *r* rows of *c* columns, plus the cost of the query.
    public func allRows() throws(SQLiteError) -> [[SQLiteValue]] {
        sqlite3_reset(handle)
        let columns = 0..<columnCount
        var rows: [[SQLiteValue]] = []
        while try step() {
            rows.append(columns.map(value(at:)))
        }
        return rows
    }

    /// The error SQLite reports for `result`, naming this statement.
    func error(_ result: Int32) -> SQLiteError {
        SQLiteError(resultCode: result, connection: connection.handle, sql: sql)
    }

    /// A column index for the C API; traps when out of range, a programming error.
    func column(_ index: Int) -> Int32 {
        precondition(index >= 0 && index < columnCount, "column \(index) is out of range 0..<\(columnCount)")
        return Int32(index)
    }
}
