/// Helpers for contact records as CSV.
enum ContactCSV {
    /// The column each rejection reason concerns, to spot a column whose type changed.
    static let columnOfReason: [RejectReason: String] = [
        .invalidEmail: "email", .invalidPhone: "phone", .unknownCountry: "country", .invalidTimestamp: "updated_at",
    ]
    /// The columns checked for a changed type, in order.
    static let checkedColumns = ["country", "email", "phone", "updated_at"]

    /// Fields as one RFC 4180 record: a field holding a comma, a quote, CR or LF is quoted, its
    /// quotes doubled. The SQL twin is ``ELTModels/csvRecord(_:)``.
    static func encode(_ fields: [String]) -> String {
        fields.map { field in
            guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else {
                return field
            }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}
