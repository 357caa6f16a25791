internal import CSQLite

extension Statement {
    /// Runs the statement once with text fields that are ranges of one byte buffer, bound to
    /// parameters 1, 2, and so on without copying, then `trailing` values (copied) bound to the
    /// parameters after them: the fast path for bulk loads from a parser's chunk buffer.
    ///
    /// SQLite reads each field's bytes in place (`SQLITE_STATIC`) while the statement runs. That
    /// is safe because they are borrowed only for the duration of this call: the statement is
    /// reset and its bindings cleared before it returns, so SQLite keeps no pointer into
    /// `buffer`. The bytes are stored as given, without UTF-8 validation. Unlike
    /// ``run(borrowingUTF8:)``, the fields need no collection of their own (no slice per field)
    /// and any number of them is bound in one loop.
    /// ```swift
    /// let insert = try db.prepare("INSERT INTO t (a, b, _line) VALUES (?, ?, ?)")
    /// let buffer = Array("alpha,beta".utf8)
    /// var trailing: [SQLiteValue] = [.integer(0)]
    /// trailing[0] = .integer(12)  // reusing the array: no allocation per row
    /// try insert.run(borrowingUTF8: buffer, fields: [0..<5, 6..<10], followedBy: trailing)
    /// ```
    /// - Parameters:
    ///   - buffer: The bytes the fields are taken from.
    ///   - fields: One range of `buffer` per text parameter, in order; an empty range binds
    ///     empty text, not `NULL`.
    ///   - trailing: The values of the parameters after the fields, in order.
    /// - Throws: `SQLiteError` with code `SQLITE_RANGE` if the fields and trailing values are not
    ///   exactly ``parameterCount``, with code `SQLITE_MISUSE` if a range lies outside `buffer`
    ///   (nothing is run then), or the error of a failed step.
    /// - Complexity: O(*n*) in the number of parameters, plus the cost of the statement.
    public func run(
        borrowingUTF8 buffer: [UInt8], fields: [Range<Int>], followedBy trailing: [SQLiteValue] = []
    ) throws(SQLiteError) {
        rewind()
        let count = fields.count + trailing.count
        guard count == parameterCount else {
            throw SQLiteError(
                extendedCode: SQLITE_RANGE,
                message: "the statement has \(parameterCount) parameters, but \(fields.count) fields and "
                    + "\(trailing.count) trailing values were given",
                sql: sql)
        }
        for (offset, range) in fields.enumerated() where range.lowerBound < 0 || range.upperBound > buffer.count {
            throw .misuse(
                "field \(offset + 1) is bytes \(range.lowerBound)..<\(range.upperBound), outside the buffer of "
                    + "\(buffer.count) bytes",
                sql: sql)
        }
        let result = buffer.withUnsafeBytes { bytes -> Result<Void, SQLiteError> in
            defer { abandonBorrowedBindings() }
            for (offset, range) in fields.enumerated() {
                let field = UnsafeRawBufferPointer(rebasing: bytes[range])
                if case .failure(let error) = bindText(field, at: offset + 1, copying: false) {
                    return .failure(error)
                }
            }
            for (offset, value) in trailing.enumerated() {
                do throws(SQLiteError) {
                    try bind(value, at: fields.count + offset + 1)
                } catch {
                    return .failure(error)
                }
            }
            KillPoint.pass()
            var step = sqlite3_step(handle)
            while step == SQLITE_ROW { step = sqlite3_step(handle) }
            return step == SQLITE_DONE ? .success(()) : .failure(self.error(step))
        }
        try result.get()
    }
}
