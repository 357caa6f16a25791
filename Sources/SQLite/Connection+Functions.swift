internal import CSQLite

/// `SQLITE_TRANSIENT` for results: SQLite copies the bytes before `sqlite3_result_*` returns.
private let transientResult = unsafeBitCast(-1 as Int, to: sqlite3_destructor_type.self)

extension Connection {
    /// Registers a scalar SQL function written in Swift, callable from any statement on this
    /// connection (and from views and triggers that the connection reads).
    ///
    /// ```swift
    /// try db.createFunction("reverse", argumentCount: 1) { arguments in
    ///     guard case .text(let text) = arguments[0] else { return .null }
    ///     return .text(String(text.reversed()))
    /// }
    /// try db.scalar("SELECT reverse('abc')", as: String.self)  // "cba"
    /// ```
    /// Registering a function again with the same name and argument count replaces it. The
    /// function lives as long as the connection; it is called on the thread that runs the
    /// statement, so it may capture non-`Sendable` state.
    /// - Parameters:
    ///   - name: The SQL name, at most 255 UTF-8 bytes; SQL names are case-insensitive.
    ///   - argumentCount: How many arguments it takes, 0...127, or -1 for any number.
    ///   - deterministic: Whether it always returns the same result for the same arguments, so
    ///     that SQLite may factor calls out and use it in indexes and generated columns.
    ///   - innocuous: Whether it has no side effects and leaks nothing, so that it may be used in
    ///     views and triggers even when the schema is not trusted (`PRAGMA trusted_schema=OFF`).
    ///   - body: The implementation: receives the arguments, returns the result. An error it
    ///     throws fails the statement with the error's description as SQLite's message, so it
    ///     must not contain argument values that are secrets or personal data.
    /// - Throws: `SQLiteError` with code `SQLITE_MISUSE` for an argument count out of range or a
    ///   name that is empty or too long, or `SQLITE_BUSY` while a statement is running.
    public func createFunction(
        _ name: String, argumentCount: Int, deterministic: Bool = true, innocuous: Bool = false,
        _ body: @escaping ([SQLiteValue]) throws -> SQLiteValue
    ) throws(SQLiteError) {
        guard (-1...127).contains(argumentCount) else {
            throw .misuse("a function takes -1 (any) or 0...127 arguments, not \(argumentCount)", sql: nil)
        }
        guard !name.isEmpty, name.utf8.count <= 255 else {
            throw .misuse("a function name has 1...255 UTF-8 bytes, not \(name.utf8.count)", sql: nil)
        }
        var flags = SQLITE_UTF8
        if deterministic { flags |= SQLITE_DETERMINISTIC }
        if innocuous { flags |= SQLITE_INNOCUOUS }
        // SQLite owns one retain, released by the destructor below, also when registration fails.
        let context = Unmanaged.passRetained(SQLFunction(name: name, body: body)).toOpaque()
        let result = sqlite3_create_function_v2(
            handle, name, Int32(argumentCount), flags, context,
            { context, count, values in SQLFunction.call(context, count, values) }, nil, nil,
            { context in if let context { Unmanaged<SQLFunction>.fromOpaque(context).release() } })
        guard result == SQLITE_OK else {
            throw SQLiteError(resultCode: result, connection: handle, sql: nil)
        }
    }

    /// Removes a function registered with ``createFunction(_:argumentCount:deterministic:innocuous:_:)``.
    /// - Parameters:
    ///   - name: Its SQL name.
    ///   - argumentCount: The argument count it was registered with.
    /// - Throws: `SQLiteError`, for example `SQLITE_BUSY` while a statement is running.
    public func removeFunction(_ name: String, argumentCount: Int) throws(SQLiteError) {
        let result = sqlite3_create_function_v2(
            handle, name, Int32(clamping: argumentCount), SQLITE_UTF8, nil, nil, nil, nil, nil)
        guard result == SQLITE_OK else {
            throw SQLiteError(resultCode: result, connection: handle, sql: nil)
        }
    }
}

/// A Swift function registered with SQLite; SQLite holds a retained reference as user data.
private final class SQLFunction {
    let name: String
    let body: ([SQLiteValue]) throws -> SQLiteValue

    init(name: String, body: @escaping ([SQLiteValue]) throws -> SQLiteValue) {
        self.name = name
        self.body = body
    }

    /// The C entry point: converts the arguments, runs the body, sets the result or the error.
    static func call(_ context: OpaquePointer?, _ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>?) {
        guard let context, let data = sqlite3_user_data(context) else { return }
        let function = Unmanaged<SQLFunction>.fromOpaque(data).takeUnretainedValue()
        var arguments: [SQLiteValue] = []
        arguments.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            arguments.append(value(values?[index]))
        }
        do {
            setResult(try function.body(arguments), in: context)
        } catch {
            sqlite3_result_error(context, "\(function.name)(): \(error)", -1)
        }
    }

    /// An argument as a Swift value.
    private static func value(_ value: OpaquePointer?) -> SQLiteValue {
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: return .integer(sqlite3_value_int64(value))
        case SQLITE_FLOAT: return .real(sqlite3_value_double(value))
        case SQLITE_TEXT:
            guard let text = sqlite3_value_text(value) else { return .text("") }
            let count = Int(sqlite3_value_bytes(value))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let bytes = sqlite3_value_blob(value) else { return .blob([]) }
            let count = Int(sqlite3_value_bytes(value))
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    private static func setResult(_ result: SQLiteValue, in context: OpaquePointer) {
        switch result {
        case .null: sqlite3_result_null(context)
        case .integer(let value): sqlite3_result_int64(context, value)
        case .real(let value): sqlite3_result_double(context, value)
        case .text(var text):
            text.withUTF8 { bytes in
                let start = UnsafeRawPointer(bytes.baseAddress) ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                sqlite3_result_text64(
                    context, start.assumingMemoryBound(to: CChar.self), sqlite3_uint64(bytes.count), transientResult,
                    UInt8(SQLITE_UTF8))
            }
        case .blob(let bytes):
            bytes.withUnsafeBytes { buffer in
                let start = buffer.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                sqlite3_result_blob64(context, start, sqlite3_uint64(buffer.count), transientResult)
            }
        }
    }
}
