internal import CSQLite

extension Statement {
    /// The value in `column` of the current row as an integer, converted as SQLite does (`NULL`
    /// is 0, text is parsed, reals are truncated).
    /// - Parameter column: The column, from 0.
    public func int64(at column: Int) -> Int64 {
        sqlite3_column_int64(handle, self.column(column))
    }

    /// The value in `column` of the current row as a double, converted as SQLite does (`NULL` is
    /// 0.0).
    /// - Parameter column: The column, from 0.
    public func double(at column: Int) -> Double {
        sqlite3_column_double(handle, self.column(column))
    }

    /// The value in `column` of the current row as text, or `nil` if it is `NULL`.
    ///
    /// Numbers are converted to their text; invalid UTF-8 is repaired with U+FFFD.
    /// - Parameter column: The column, from 0.
    public func string(at column: Int) -> String? {
        let index = self.column(column)
        guard let text = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The bytes in `column` of the current row, or `nil` if it is `NULL`.
    /// - Parameter column: The column, from 0.
    public func blob(at column: Int) -> [UInt8]? {
        let index = self.column(column)
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else { return nil }
        guard let bytes = sqlite3_column_blob(handle, index) else { return [] }  // an empty blob
        let count = Int(sqlite3_column_bytes(handle, index))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// Whether the value in `column` of the current row is `NULL`.
    /// - Parameter column: The column, from 0.
    public func isNull(at column: Int) -> Bool {
        sqlite3_column_type(handle, self.column(column)) == SQLITE_NULL
    }

    /// The value in `column` of the current row, in the storage class SQLite holds it in.
    /// - Parameter column: The column, from 0.
    public func value(at column: Int) -> SQLiteValue {
        switch sqlite3_column_type(handle, self.column(column)) {
        case SQLITE_INTEGER: .integer(int64(at: column))
        case SQLITE_FLOAT: .real(double(at: column))
        case SQLITE_TEXT: .text(string(at: column) ?? "")
        case SQLITE_BLOB: .blob(blob(at: column) ?? [])
        default: .null
        }
    }
}
