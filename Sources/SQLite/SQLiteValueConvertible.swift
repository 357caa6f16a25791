/// A Swift type that converts to and from an ``SQLiteValue``, for reading typed results with
/// ``Connection/scalar(_:_:as:)``.
public protocol SQLiteValueConvertible {
    /// Converts an SQLite value, returning `nil` if it has the wrong storage class or is out of
    /// range.
    init?(sqliteValue: SQLiteValue)
    /// The value to store.
    var sqliteValue: SQLiteValue { get }
}

extension Int64: SQLiteValueConvertible {
    /// Converts an `.integer`.
    public init?(sqliteValue: SQLiteValue) {
        guard case .integer(let value) = sqliteValue else { return nil }
        self = value
    }

    /// The value as `.integer`.
    public var sqliteValue: SQLiteValue { .integer(self) }
}

extension Int: SQLiteValueConvertible {
    /// Converts an `.integer` that fits in `Int`.
    public init?(sqliteValue: SQLiteValue) {
        guard case .integer(let value) = sqliteValue, let exact = Int(exactly: value) else { return nil }
        self = exact
    }

    /// The value as `.integer`.
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Double: SQLiteValueConvertible {
    /// Converts a `.real`, or an `.integer` (SQLite stores integral reals as integers in columns
    /// without `REAL` affinity).
    public init?(sqliteValue: SQLiteValue) {
        switch sqliteValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: return nil
        }
    }

    /// The value as `.real`.
    public var sqliteValue: SQLiteValue { .real(self) }
}

extension String: SQLiteValueConvertible {
    /// Converts a `.text`.
    public init?(sqliteValue: SQLiteValue) {
        guard case .text(let value) = sqliteValue else { return nil }
        self = value
    }

    /// The value as `.text`.
    public var sqliteValue: SQLiteValue { .text(self) }
}

extension Bool: SQLiteValueConvertible {
    /// Converts an `.integer`: 0 is `false`, anything else `true` (SQLite has no boolean type).
    public init?(sqliteValue: SQLiteValue) {
        guard case .integer(let value) = sqliteValue else { return nil }
        self = value != 0
    }

    /// The value as `.integer` 1 or 0.
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
}

extension Array: SQLiteValueConvertible where Element == UInt8 {
    /// Converts a `.blob`.
    public init?(sqliteValue: SQLiteValue) {
        guard case .blob(let bytes) = sqliteValue else { return nil }
        self = bytes
    }

    /// The value as `.blob`.
    public var sqliteValue: SQLiteValue { .blob(self) }
}
