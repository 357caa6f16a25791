import Foundation

/// How ``CSVLoader`` loads a CSV file into a table.
public struct CSVLoadOptions: Sendable {
    /// Whether the first record names the columns. Without a header, columns are `c1`…`cN`,
    /// N being the field count of the first well-formed record. Default `true`.
    public var hasHeader: Bool
    /// How to read the file: delimiter and size limits.
    public var csv: CSVOptions
    /// SQLite type affinities by column name (as the loader names the columns: see
    /// ``CSVLoader``): `TEXT`, `NUMERIC`, `INTEGER`, `REAL` or `BLOB`. Columns not listed are
    /// `TEXT`. Used only when the loader creates the table.
    public var columnTypes: [String: String]?
    /// Whether the whole file is loaded in one transaction (default `true`): a load that fails or
    /// is killed then leaves nothing behind. With `false` the loader opens no transaction, so the
    /// caller's transaction applies, or else each row commits on its own (slow, and a killed load
    /// leaves part of the file).
    public var batchTransaction: Bool
    /// Whether to add the load's metadata columns `_source_file` (the path as given), `_line`
    /// (the line the record starts on) and `_loaded_at` after the file's own columns. Default
    /// `true`.
    public var metadataColumns: Bool
    /// The time stored in `_loaded_at` and `_quarantine.loaded_at`; `nil` (the default) means the
    /// time the load starts.
    public var loadedAt: Date?

    /// The byte between fields; a shorthand for `csv.delimiter`.
    public var delimiter: UInt8 {
        get { csv.delimiter }
        set { csv.delimiter = newValue }
    }

    /// Creates options.
    public init(
        hasHeader: Bool = true, delimiter: UInt8 = UInt8(ascii: ","), columnTypes: [String: String]? = nil,
        batchTransaction: Bool = true, metadataColumns: Bool = true, loadedAt: Date? = nil
    ) {
        self.hasHeader = hasHeader
        self.csv = CSVOptions(delimiter: delimiter)
        self.columnTypes = columnTypes
        self.batchTransaction = batchTransaction
        self.metadataColumns = metadataColumns
        self.loadedAt = loadedAt
    }
}
