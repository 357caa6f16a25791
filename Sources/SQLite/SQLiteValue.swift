/// A value stored in or bound to SQLite: one of its five storage classes.
public enum SQLiteValue: Sendable, Hashable, CustomStringConvertible {
    /// SQL `NULL`.
    case null
    /// A 64-bit signed integer.
    case integer(Int64)
    /// A 64-bit IEEE floating-point number.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Bytes, stored as given.
    case blob([UInt8])

    /// The value as an SQL literal, such as `NULL`, `42`, `'it''s'` or `X'0AFF'`.
    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value):
            "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
        case .blob(let bytes): "X'" + bytes.map { $0 < 16 ? "0" + hex($0) : hex($0) }.joined() + "'"
        }
    }
}

private func hex(_ byte: UInt8) -> String {
    String(byte, radix: 16, uppercase: true)
}
