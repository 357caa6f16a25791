/// How to read a CSV file: the dialect of Python's `csv.reader` with the "excel" defaults (quote
/// `"`, doubled quotes inside quoted fields, no escape character, no space skipping, CR, LF and
/// CRLF line breaks), a configurable delimiter, and size limits.
public struct CSVOptions: Sendable, Equatable {
    /// The byte between fields: an ASCII character other than `"`, CR, LF and NUL. Default `,`.
    public var delimiter: UInt8
    /// The most bytes a field may hold once unquoted. A longer field makes its record malformed
    /// (`field_too_large`). Default 1 MiB.
    public var maxFieldBytes: Int
    /// The most bytes a record may take in the file, quotes and delimiters included, line
    /// terminator excluded. A longer record is malformed (`record_too_large`) and skipped without
    /// being held in memory. Default 8 MiB. The reader's memory is bounded by this plus one chunk.
    public var maxRecordBytes: Int
    /// How many bytes each read from the file asks for: 1 MiB. Tests shrink it to exercise chunk
    /// boundaries; results never depend on it.
    package var chunkBytes = 1 << 20

    /// Creates options.
    /// - Parameters:
    ///   - delimiter: The byte between fields (`,`; `;` and tab are common too).
    ///   - maxFieldBytes: The largest field, in bytes once unquoted.
    ///   - maxRecordBytes: The largest record, in bytes as written.
    public init(delimiter: UInt8 = UInt8(ascii: ","), maxFieldBytes: Int = 1 << 20, maxRecordBytes: Int = 8 << 20) {
        self.delimiter = delimiter
        self.maxFieldBytes = maxFieldBytes
        self.maxRecordBytes = maxRecordBytes
    }

    /// Throws unless the options describe a dialect that can be read unambiguously.
    func validate(path: String) throws(ExtractError) {
        let forbidden: Set<UInt8> = [UInt8(ascii: "\""), 0x0D, 0x0A, 0x00]
        guard delimiter < 0x80, !forbidden.contains(delimiter) else {
            throw ExtractError(
                .invalidOptions, path: path,
                message: "invalid delimiter 0x\(String(delimiter, radix: 16)): "
                    + "use an ASCII character other than a double quote, CR, LF or NUL")
        }
        guard maxFieldBytes > 0, maxRecordBytes > 0, chunkBytes > 0 else {
            throw ExtractError(
                .invalidOptions, path: path,
                message: "maxFieldBytes, maxRecordBytes and the chunk size must be positive")
        }
    }
}
