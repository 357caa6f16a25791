/// What a CSV load did. It reconciles exactly: every record read was either loaded or
/// quarantined (`read == loaded + quarantined`); the header and empty lines are not records.
public struct CSVLoadReport: Sendable, Equatable, CustomStringConvertible {
    /// The table loaded into.
    public var table: String
    /// Records read after the header, malformed ones included.
    public var read: Int
    /// Records inserted into the table.
    public var loaded: Int
    /// Records written to `_quarantine` instead: malformed, or with the wrong number of fields.
    public var quarantined: Int
    /// Empty lines skipped.
    public var blankLines: Int
    /// The names of the file's columns in the table, in file order (metadata columns excluded);
    /// empty if the file had neither a header nor a well-formed record.
    public var columns: [String]
    /// How long the load took.
    public var elapsed: Duration
    /// The size of the file read, in bytes.
    public var bytes: Int64

    /// Whether every record read is accounted for.
    public var isReconciled: Bool { read == loaded + quarantined }

    /// "read 10, loaded 9, quarantined 1, blank lines 2 (4 columns, 512 bytes)".
    public var description: String {
        "read \(read), loaded \(loaded), quarantined \(quarantined), blank lines \(blankLines) "
            + "(\(columns.count) columns, \(bytes) bytes)"
    }
}
