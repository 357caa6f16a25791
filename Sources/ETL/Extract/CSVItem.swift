/// What a ``CSVReader`` yields for each record of the file: its fields, or why it has none.
public enum CSVItem: Sendable, Equatable {
    /// A well-formed record.
    case record(CSVRecord)
    /// A record that could not be read; the reader has already moved on to the next one.
    case malformed(MalformedRecord)

    /// The 1-based physical line on which the record starts.
    public var line: Int {
        switch self {
        case .record(let record): record.line
        case .malformed(let malformed): malformed.line
        }
    }
}

/// One CSV record: its fields, unquoted, and where it starts.
public struct CSVRecord: Sendable, Equatable {
    /// The fields, in order, exactly as Python's `csv.reader` returns them.
    public var fields: [String]
    /// The 1-based physical line on which the record starts (CR, LF and CRLF each end a line,
    /// also inside quoted fields).
    public var line: Int

    /// Creates a record.
    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}
