internal import CSQLite

extension Connection {
    /// Runs a query and returns the first column of its first row, converted to `T`.
    ///
    /// ```swift
    /// let count = try db.scalar("SELECT count(*) FROM t WHERE kind = ?", [.text("a")], as: Int.self)
    /// ```
    /// - Parameters:
    ///   - sql: One statement that returns at least one column.
    ///   - bindings: The values of its parameters, in order.
    ///   - type: The type to convert the value to.
    /// - Returns: The converted value, or `nil` if there is no row or the value is `NULL`.
    /// - Throws: `SQLiteError` if the statement fails, or with code `SQLITE_MISMATCH` if the value
    ///   cannot be converted to `T` (for example text read as `Int`).
    public func scalar<T: SQLiteValueConvertible>(
        _ sql: String, _ bindings: [SQLiteValue] = [], as type: T.Type = T.self
    ) throws(SQLiteError) -> T? {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        guard statement.columnCount > 0 else { throw .misuse("the statement returns no columns", sql: sql) }
        guard try statement.step() else { return nil }
        let value = statement.value(at: 0)
        if value == .null { return nil }
        guard let converted = T(sqliteValue: value) else {
            let message = "cannot convert \(value.storageClass) to \(T.self)"
            throw SQLiteError(extendedCode: SQLITE_MISMATCH, message: message, sql: sql)
        }
        return converted
    }

    /// Runs a query and returns all its rows. Meant for tests and small results.
    /// - Parameters:
    ///   - sql: One statement.
    ///   - bindings: The values of its parameters, in order.
    /// - Returns: Each row's values, in column order.
    /// - Throws: `SQLiteError` if the statement fails.
    /// - Complexity: O(*r* × *c*) for *r* rows of *c* columns, plus the cost of the query.
    public func rows(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        return try statement.allRows()
    }
}

extension SQLiteValue {
    /// The storage class, for messages that must not show the value: "an integer", "text", ...
    var storageClass: String {
        switch self {
        case .null: "NULL"
        case .integer: "an integer"
        case .real: "a real"
        case .text: "text"
        case .blob: "a blob"
        }
    }
}
