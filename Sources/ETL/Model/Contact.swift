/// A contact as a source exported it: every field as text, `nil` where the export was empty.
public struct RawContact: Sendable, Equatable, Hashable, Codable {
    /// `crm` or `web`.
    public var sourceSystem: String
    /// The record's id in its source system.
    public var sourceID: String
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var phone: String?
    public var country: String?
    /// As exported: `2026-01-02 03:04:05`, `2026-01-02T03:04:05Z`, …
    public var updatedAt: String?

    /// Creates a raw contact.
    public init(
        sourceSystem: String, sourceID: String, email: String? = nil, firstName: String? = nil,
        lastName: String? = nil, phone: String? = nil, country: String? = nil, updatedAt: String? = nil
    ) {
        self.sourceSystem = sourceSystem
        self.sourceID = sourceID
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.country = country
        self.updatedAt = updatedAt
    }

    /// The column names of the contacts CSV and of `raw_contacts`, in order.
    public static let columns = [
        "source_system", "source_id", "email", "first_name", "last_name", "phone", "country", "updated_at",
    ]
}

/// A contact after normalisation.
public struct Contact: Sendable, Equatable, Hashable, Codable {
    public var sourceSystem: String
    public var sourceID: String
    /// Trimmed, ASCII-lowercased, validated.
    public var email: String
    /// Trimmed; `nil` when empty.
    public var firstName: String?
    public var lastName: String?
    /// E.164 (`+` and 8–15 digits); `nil` when the source had none.
    public var phone: String?
    /// ISO 3166-1 alpha-2; `nil` when the source had none.
    public var countryCode: String?
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    public var updatedAt: String

    /// Creates a contact.
    public init(
        sourceSystem: String, sourceID: String, email: String, firstName: String? = nil, lastName: String? = nil,
        phone: String? = nil, countryCode: String? = nil, updatedAt: String
    ) {
        self.sourceSystem = sourceSystem
        self.sourceID = sourceID
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.countryCode = countryCode
        self.updatedAt = updatedAt
    }
}

/// Why a contact cannot be loaded. The raw values are codes, as stored in quarantine and in
/// `rejected_contacts.reasons`.
public enum RejectReason: String, Sendable, Codable, CaseIterable, Comparable {
    case missingEmail = "missing_email"
    case invalidEmail = "invalid_email"
    case invalidPhone = "invalid_phone"
    case unknownCountry = "unknown_country"
    case invalidTimestamp = "invalid_timestamp"

    public static func < (lhs: RejectReason, rhs: RejectReason) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A contact that cannot be normalised, with every reason (sorted by code, no duplicates).
public struct ContactRejection: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The reasons, sorted and unique.
    public var reasons: [RejectReason]

    /// Creates a rejection; `reasons` are sorted and deduplicated.
    public init(_ reasons: [RejectReason]) { self.reasons = Array(Set(reasons)).sorted() }

    /// The reasons as stored: codes joined by commas.
    public var codes: String { reasons.map(\.rawValue).joined(separator: ",") }

    public var description: String { "rejected: \(codes)" }
}
