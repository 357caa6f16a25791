/// A row of the incremental exercise's source table `source_rows`.
public struct SourceRow: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// The natural key.
    public var id: String
    public var email: String
    public var countryCode: String?
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ` (sorts as text).
    public var updatedAt: String

    /// Creates a row.
    public init(id: String, email: String, countryCode: String? = nil, updatedAt: String) {
        self.id = id
        self.email = email
        self.countryCode = countryCode
        self.updatedAt = updatedAt
    }

    public var description: String { "(\(id), \(email), \(countryCode ?? "NULL"), \(updatedAt))" }
}

/// How far a source has been loaded: the greatest (`updatedAt`, `id`) loaded so far.
public struct Watermark: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var updatedAt: String
    public var id: String

    /// Creates a watermark.
    public init(updatedAt: String, id: String) {
        self.updatedAt = updatedAt
        self.id = id
    }

    public var description: String { "(\(updatedAt), \(id))" }
}

/// One captured change, shaped like a Debezium event: the row before and after, the operation,
/// and its position in the log.
public struct ChangeEvent: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// `c` create, `u` update, `d` delete (Debezium's codes).
    public enum Operation: String, Sendable, Codable {
        case create = "c"
        case update = "u"
        case delete = "d"
    }

    /// Strictly increasing over the log.
    public var position: Int64
    public var operation: Operation
    /// The row's primary key.
    public var key: String
    /// The row before the change (`nil` for a create).
    public var before: ContactImage?
    /// The row after the change (`nil` for a delete).
    public var after: ContactImage?

    /// Creates an event.
    public init(position: Int64, operation: Operation, key: String, before: ContactImage?, after: ContactImage?) {
        self.position = position
        self.operation = operation
        self.key = key
        self.before = before
        self.after = after
    }

    public var description: String {
        "#\(position) \(operation.rawValue) \(key) \(after.map { "\($0)" } ?? "(deleted)")"
    }
}

/// The columns of a CRM contact row, as a change event carries them.
public struct ContactImage: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var email: String
    public var countryCode: String?
    public var updatedAt: String

    /// Creates a row image.
    public init(email: String, countryCode: String?, updatedAt: String) {
        self.email = email
        self.countryCode = countryCode
        self.updatedAt = updatedAt
    }

    public var description: String { "{\(email), \(countryCode ?? "NULL"), \(updatedAt)}" }
}

/// A change event that cannot be applied (an update without its after image, say).
public struct ChangeLogError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, and at which position.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
