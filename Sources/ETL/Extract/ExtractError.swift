/// A failure to read or load an input file: what failed, and where (file, line).
///
/// Bad records never throw: readers report them as ``MalformedRecord`` values and the loader
/// quarantines them. This error is for what stops a whole run: a file that cannot be opened or
/// read, invalid options, an empty file where a header is expected, a table of another shape, or a
/// database failure.
public struct ExtractError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; codes may be added.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code as stored and printed, such as `cannot_open`.
        public var rawValue: String
        /// Creates a code from its text.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's text.
        public var description: String { rawValue }

        /// The file does not exist, is a directory, or cannot be opened.
        public static let cannotOpen = Code(rawValue: "cannot_open")
        /// Reading the file failed part way.
        public static let readFailed = Code(rawValue: "read_failed")
        /// An option is out of range, such as a delimiter that is a quote or a line break.
        public static let invalidOptions = Code(rawValue: "invalid_options")
        /// The file holds no record, but a header was expected.
        public static let emptyFile = Code(rawValue: "empty_file")
        /// The header record is malformed, so no column can be named.
        public static let malformedHeader = Code(rawValue: "malformed_header")
        /// The target table exists with columns that do not match the file.
        public static let tableMismatch = Code(rawValue: "table_mismatch")
        /// The file has more columns than a SQLite table may hold.
        public static let tooManyColumns = Code(rawValue: "too_many_columns")
        /// SQLite failed; the message names the statement's purpose and the record's line.
        public static let databaseFailed = Code(rawValue: "database_failed")
    }

    /// What kind of failure this is.
    public var code: Code
    /// The file concerned.
    public var path: String
    /// The 1-based line the failure concerns, if it concerns one.
    public var line: Int?
    /// What failed and why, without the file and line (they are added by ``description``).
    public var message: String

    /// Creates an error.
    public init(_ code: Code, path: String, line: Int? = nil, message: String) {
        self.code = code
        self.path = path
        self.line = line
        self.message = message
    }

    /// The error as "FILE:LINE: message" (or "FILE: message").
    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}
