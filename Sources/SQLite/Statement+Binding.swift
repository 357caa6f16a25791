internal import CSQLite

/// `SQLITE_TRANSIENT`: SQLite copies the bytes before the bind call returns. (The C macro is a
/// cast, which Swift does not import.)
private let transient = unsafeBitCast(-1 as Int, to: sqlite3_destructor_type.self)
/// A valid pointer for empty text and blobs: SQLite binds `NULL` when given a null pointer.
private let emptyBytes: StaticString = ""

extension Statement {
    /// Binds `value` to the parameter at `index`.
    /// - Parameters:
    ///   - value: The value.
    ///   - index: The parameter, from 1.
    /// - Throws: `SQLiteError` with code `SQLITE_RANGE` if there is no such parameter.
    public func bind(_ value: SQLiteValue, at index: Int) throws(SQLiteError) {
        switch value {
        case .null: try bindNull(at: index)
        case .integer(let integer): try bind(integer, at: index)
        case .real(let real): try bind(real, at: index)
        case .text(let text): try bind(text, at: index)
        case .blob(let bytes): try bind(blob: bytes, at: index)
        }
    }

    /// Binds `values` to parameters 1, 2, and so on.
    /// - Parameter values: One value per parameter, in order.
    /// - Throws: `SQLiteError` with code `SQLITE_RANGE` if the number of values differs from
    ///   ``parameterCount``.
    public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        guard values.count == parameterCount else {
            throw SQLiteError(
                extendedCode: SQLITE_RANGE,
                message: "the statement has \(parameterCount) parameters, "
                    + "but \(values.count) values were given",
                sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: offset + 1)
        }
    }

    /// Binds an integer to the parameter at `index`.
    /// - Parameters:
    ///   - value: The integer.
    ///   - index: The parameter, from 1.
    /// - Throws: `SQLiteError` with code `SQLITE_RANGE` if there is no such parameter.
    public func bind(_ value: Int64, at index: Int) throws(SQLiteError) {
        try check(sqlite3_bind_int64(handle, parameter(index), value))
    }

    /// Binds a floating-point number to the parameter at `index`.
    /// - Parameters:
    ///   - value: The number.
    ///   - index: The parameter, from 1.
    /// - Throws: `SQLiteError` with code `SQLITE_RANGE` if there is no such parameter.
    public func bind(_ value: Double, at index: Int) throws(SQLiteError) {
        try check(sqlite3_bind_double(handle, parameter(index), value))
    }

    /// Binds text to the parameter at `index`; SQLite keeps its own copy of the UTF-8 bytes.
    /// - Parameters:
    ///   - value: The text.
    ///   - index: The parameter, from 1.
    /// - Throws: `SQLiteError` with code `SQLITE_RANGE` if there is no such parameter.
    public func bind(_ value: String, at index: Int) throws(SQLiteError) {
        try bindText(utf8: value.utf8, at: index)
    }

    /// Binds bytes as a blob to the parameter at `index`; SQLite keeps its own copy.
    /// - Parameters:
    ///   - bytes: The bytes; an empty array binds an empty blob, not `NULL`.
    ///   - index: The parameter, from 1.
    /// - Throws: `SQLiteError` with code `SQLITE_RANGE` if there is no such parameter.
    public func bind(blob bytes: [UInt8], at index: Int) throws(SQLiteError) {
        let result = bytes.withUnsafeBytes { buffer in
            sqlite3_bind_blob64(
                handle, parameter(index), buffer.baseAddress ?? UnsafeRawPointer(emptyBytes.utf8Start),
                sqlite3_uint64(buffer.count), transient)
        }
        try check(result)
    }

    /// Binds `NULL` to the parameter at `index`.
    /// - Parameter index: The parameter, from 1.
    /// - Throws: `SQLiteError` with code `SQLITE_RANGE` if there is no such parameter.
    public func bindNull(at index: Int) throws(SQLiteError) {
        try check(sqlite3_bind_null(handle, parameter(index)))
    }

    /// Binds UTF-8 bytes as text to the parameter at `index`.
    ///
    /// What is copied: SQLite copies the bytes into the parameter's own buffer before this call
    /// returns (`SQLITE_TRANSIENT`), so `bytes` need not outlive the call. That buffer is reused
    /// when the same parameter is bound again without a `reset()` in between, so rebinding costs
    /// a `memcpy` and no allocation. On the Swift side, collections with contiguous storage
    /// (`[UInt8]`, `ArraySlice`, `Data`, a native string's `utf8`) are read in place; any other
    /// collection is first gathered into a temporary array. The bytes are stored as given, without
    /// UTF-8 validation. To bind a whole row without any copy, use ``run(borrowingUTF8:)``.
    /// - Parameters:
    ///   - bytes: The text's UTF-8 bytes.
    ///   - index: The parameter, from 1.
    /// - Throws: `SQLiteError` with code `SQLITE_RANGE` if there is no such parameter.
    @inlinable
    public func bindText<Bytes: Collection>(utf8 bytes: Bytes, at index: Int) throws(SQLiteError)
    where Bytes.Element == UInt8 {
        let bound = bytes.withContiguousStorageIfAvailable { buffer in
            bindText(UnsafeRawBufferPointer(buffer), at: index, copying: true)
        }
        try (bound ?? Array(bytes).withUnsafeBytes { bindText($0, at: index, copying: true) }).get()
    }

    /// Runs the statement once with `fields` bound as UTF-8 text to parameters 1, 2, and so on,
    /// without copying them: the fast path for bulk loads.
    ///
    /// SQLite reads the bytes in place (`SQLITE_STATIC`). That is safe because the bytes are
    /// borrowed only for the duration of this call: the statement is reset and its bindings
    /// cleared before it returns, so SQLite keeps no pointer to them. Fields without contiguous
    /// storage are copied (`SQLITE_TRANSIENT`). Rows the statement returns are discarded.
    /// ```swift
    /// let insert = try db.prepare("INSERT INTO trips VALUES (?, ?, ?)")
    /// try db.transaction {
    ///     for line in csvLines {          // each line: [ArraySlice<UInt8>], slices of one buffer
    ///         try insert.run(borrowingUTF8: line)
    ///     }
    /// }
    /// ```
    /// - Parameter fields: One UTF-8 field per parameter, in order.
    /// - Throws: `SQLiteError` with code `SQLITE_RANGE` if the number of fields differs from
    ///   ``parameterCount``, or the error of a failed step.
    /// - Complexity: O(*n*) in the number of fields, plus the cost of the statement.
    @inlinable
    public func run<Fields: Sequence>(borrowingUTF8 fields: Fields) throws(SQLiteError)
    where Fields.Element: Collection, Fields.Element.Element == UInt8 {
        rewind()
        var iterator = fields.makeIterator()
        try bindBorrowing(&iterator, from: 1).get()
    }

    /// Binds the remaining fields from parameter `index` on, each inside the scope in which its
    /// bytes are valid, then runs the statement from the innermost scope and clears the bindings
    /// before any scope ends.
    @inlinable
    func bindBorrowing<Fields: IteratorProtocol>(
        _ fields: inout Fields, from index: Int
    ) -> Result<Void, SQLiteError> where Fields.Element: Collection, Fields.Element.Element == UInt8 {
        guard let field = fields.next() else { return runBorrowedBindings(count: index - 1) }
        let borrowed = field.withContiguousStorageIfAvailable { buffer in
            bindBorrowed(UnsafeRawBufferPointer(buffer), at: index, copying: false, &fields)
        }
        if let borrowed { return borrowed }
        return Array(field).withUnsafeBytes { bindBorrowed($0, at: index, copying: true, &fields) }
    }

    /// Binds one field, then the rest; on failure clears the bindings made so far before returning.
    @inlinable
    func bindBorrowed<Fields: IteratorProtocol>(
        _ bytes: UnsafeRawBufferPointer, at index: Int, copying: Bool, _ fields: inout Fields
    ) -> Result<Void, SQLiteError> where Fields.Element: Collection, Fields.Element.Element == UInt8 {
        if case .failure(let error) = bindText(bytes, at: index, copying: copying) {
            abandonBorrowedBindings()
            return .failure(error)
        }
        return bindBorrowing(&fields, from: index + 1)
    }

    /// Binds text, copied by SQLite (`SQLITE_TRANSIENT`) or read in place (`SQLITE_STATIC`, only
    /// for bytes that stay valid until the bindings are cleared).
    @usableFromInline
    func bindText(
        _ bytes: UnsafeRawBufferPointer, at index: Int, copying: Bool
    ) -> Result<Void, SQLiteError> {
        let start = bytes.baseAddress ?? UnsafeRawPointer(emptyBytes.utf8Start)
        let result = sqlite3_bind_text64(
            handle, parameter(index), start.assumingMemoryBound(to: CChar.self), sqlite3_uint64(bytes.count),
            copying ? transient : nil, UInt8(SQLITE_UTF8))
        return result == SQLITE_OK ? .success(()) : .failure(error(result))
    }

    /// Steps the statement to completion with the bindings made so far, then resets it and clears
    /// the bindings, so that no borrowed pointer outlives the scopes that made it valid.
    @usableFromInline
    func runBorrowedBindings(count: Int) -> Result<Void, SQLiteError> {
        defer { abandonBorrowedBindings() }
        guard count == parameterCount else {
            return .failure(
                SQLiteError(
                    extendedCode: SQLITE_RANGE,
                    message: "the statement has \(parameterCount) parameters, but \(count) fields were given",
                    sql: sql))
        }
        KillPoint.pass()
        var result = sqlite3_step(handle)
        while result == SQLITE_ROW { result = sqlite3_step(handle) }
        return result == SQLITE_DONE ? .success(()) : .failure(error(result))
    }

    /// Resets the statement and clears its bindings, dropping any borrowed pointers.
    @usableFromInline
    func abandonBorrowedBindings() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Rewinds the statement so it can be bound again, keeping its bindings.
    @usableFromInline
    func rewind() {
        sqlite3_reset(handle)
    }

    /// A parameter index for the C API; out-of-range values make SQLite report `SQLITE_RANGE`.
    func parameter(_ index: Int) -> Int32 {
        Int32(clamping: index)
    }

    /// Throws the error for `result` unless it is `SQLITE_OK`.
    func check(_ result: Int32) throws(SQLiteError) {
        guard result == SQLITE_OK else { throw error(result) }
    }
}
