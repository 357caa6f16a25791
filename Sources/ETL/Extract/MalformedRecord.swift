/// A record that a reader could not turn into fields, reported in place of the record so that the
/// caller can quarantine it and go on: nothing is silently dropped.
public struct MalformedRecord: Sendable, Equatable, CustomStringConvertible {
    /// Why a record is malformed: a stable code, stored in `_quarantine.reason`.
    public struct Reason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The reason as stored and printed, such as `unterminated_quote`.
        public var rawValue: String
        /// Creates a reason from its text.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The reason's text.
        public var description: String { rawValue }

        /// CSV: a quoted field is still open at the end of the file.
        public static let unterminatedQuote = Reason(rawValue: "unterminated_quote")
        /// CSV: a field is longer than `CSVOptions.maxFieldBytes` once unquoted.
        public static let fieldTooLarge = Reason(rawValue: "field_too_large")
        /// CSV: a record is longer than `CSVOptions.maxRecordBytes` as written in the file.
        public static let recordTooLarge = Reason(rawValue: "record_too_large")
        /// CSV: the record contains a NUL (0x00) byte.
        public static let nulByte = Reason(rawValue: "nul_byte")
        /// CSV and JSON Lines: the bytes are not valid UTF-8.
        public static let invalidUTF8 = Reason(rawValue: "invalid_utf8")
        /// CSV: the record has more or fewer fields than the header (or the first record).
        public static let wrongFieldCount = Reason(rawValue: "wrong_field_count")
        /// JSON Lines: the line is longer than `JSONLinesOptions.maxLineBytes`.
        public static let lineTooLong = Reason(rawValue: "line_too_long")
        /// JSON Lines: the line is not valid JSON.
        public static let invalidJSON = Reason(rawValue: "invalid_json")
        /// JSON Lines: the line is valid JSON but not an object.
        public static let notAnObject = Reason(rawValue: "not_an_object")
        /// JSON Lines: the object does not decode as the requested `Decodable` type.
        public static let decodingFailed = Reason(rawValue: "decoding_failed")
    }

    /// The 1-based physical line on which the record starts.
    public var line: Int
    /// The record as written (without its line terminator), cut to its first 1 KiB at a character
    /// boundary, with invalid UTF-8 replaced by U+FFFD.
    public var rawText: String
    /// Why the record is malformed.
    public var reason: Reason
    /// A sentence that says where and what, such as "field 3 is 2097152 bytes; the limit is 1048576".
    public var detail: String

    /// The most bytes of a malformed record kept in ``rawText``.
    public static let rawTextLimit = 1024

    /// Creates a report.
    public init(line: Int, rawText: String, reason: Reason, detail: String) {
        self.line = line
        self.rawText = rawText
        self.reason = reason
        self.detail = detail
    }

    /// Creates a report whose raw text is the first ``rawTextLimit`` bytes of `raw`.
    init(line: Int, raw: ArraySlice<UInt8>, reason: Reason, detail: String) {
        self.init(line: line, rawText: Self.rawText(raw), reason: reason, detail: detail)
    }

    /// "line 12: unterminated_quote: detail".
    public var description: String { "line \(line): \(reason): \(detail)" }

    /// The first ``rawTextLimit`` bytes of `raw`, cut back to the start of a UTF-8 sequence so that
    /// the cut itself never produces U+FFFD; invalid bytes are replaced.
    static func rawText(_ raw: ArraySlice<UInt8>) -> String {
        guard raw.count > rawTextLimit else { return String(decoding: raw, as: UTF8.self) }
        var end = raw.startIndex + rawTextLimit
        // Back off over continuation bytes (10xxxxxx), at most 3, to the start of the character.
        var steps = 0
        while steps < 3, end > raw.startIndex, raw[end] & 0xC0 == 0x80 {
            end -= 1
            steps += 1
        }
        if steps == 3 && raw[end] & 0xC0 == 0x80 { end = raw.startIndex + rawTextLimit }
        return String(decoding: raw[raw.startIndex..<end], as: UTF8.self)
    }
}
