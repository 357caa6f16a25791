/// Reads a CSV file record by record, as Python's `csv.reader` reads it, in bounded memory.
///
/// ```swift
/// let reader = try CSVReader(path: "contacts.csv")
/// while let item = try reader.next() {
///     switch item {
///     case .record(let record): print(record.line, record.fields)
///     case .malformed(let bad): print("line \(bad.line): \(bad.reason): \(bad.detail)")
///     }
/// }
/// ```
///
/// The file is read in 1 MiB chunks; memory holds one chunk plus the record being read, and a
/// record longer than `CSVOptions.maxRecordBytes` is skipped, not held. Records come out with the
/// fields Python 3.11's `csv.reader` returns for a file opened with `encoding="utf-8-sig",
/// newline=""` (the "excel" dialect with `strict=False` and the given delimiter), including its
/// treatment of oddities: a `"` inside an unquoted field is kept, text after a closing quote is
/// appended (`"ab"cd` is `abcd`), line breaks inside quotes are kept as written, and a last
/// record without a line break is read. It differs from Python on purpose where Python would
/// load something other than what the file says, or fail the whole file:
///
/// | Input | Python 3.11 | `CSVReader` |
/// |---|---|---|
/// | empty line | yields `[]` | skipped, counted in ``blankLines`` |
/// | UTF-8 byte order mark at the start | kept in the first field (unless `utf-8-sig`) | dropped |
/// | quoted field open at the end of the file | yields the partial record | `unterminated_quote` |
/// | NUL byte | kept (3.10 and earlier: `line contains NUL`) | `nul_byte` |
/// | invalid UTF-8 | `UnicodeDecodeError` stops the whole file | `invalid_utf8`, that record only |
/// | field over the limit | `field larger than field limit` stops the file | `field_too_large` |
/// | record over the limit | no limit | `record_too_large` |
///
/// A malformed record is reported with the line it starts on and the reader resynchronises at
/// the next record boundary (the next line break outside quotes), so one bad record costs only
/// itself. A reader is not `Sendable`; use it from one task at a time.
public final class CSVReader {
    private var scanner: CSVScanner

    /// Opens a CSV file.
    /// - Parameters:
    ///   - path: The file to read.
    ///   - options: The delimiter and size limits.
    /// - Throws: `ExtractError` with code `cannotOpen` or `invalidOptions`.
    public init(path: String, options: CSVOptions = CSVOptions()) throws(ExtractError) {
        scanner = try CSVScanner(path: path, options: options)
    }

    /// The file being read, as given.
    public var path: String { scanner.path }

    /// When set, records with a different number of fields are reported as malformed
    /// (`wrong_field_count`); for example, the header's field count once the header is read.
    public var expectedFieldCount: Int? {
        get { scanner.expectedFieldCount }
        set { scanner.expectedFieldCount = newValue }
    }

    /// How many empty lines have been skipped so far.
    public var blankLines: Int { scanner.blankLines }

    /// How many bytes of the file have been read so far.
    public var bytesRead: Int64 { scanner.bytesRead }

    /// Reads the next record.
    /// - Returns: The record, or the reason it is malformed; `nil` at the end of the file.
    /// - Throws: `ExtractError` with code `readFailed` if reading the file fails. Malformed
    ///   records are returned, never thrown.
    /// - Complexity: O(*n*) in the length of the record.
    public func next() throws(ExtractError) -> CSVItem? {
        guard let event = try scanner.next() else { return nil }
        switch event {
        case .record(let line):
            let fields = scanner.fields.map { String(decoding: scanner.buffer[$0], as: UTF8.self) }
            return .record(CSVRecord(fields: fields, line: line))
        case .malformed(let record):
            return .malformed(record)
        }
    }

    /// Reads every remaining record.
    /// - Returns: The records and malformed records, in file order.
    /// - Throws: `ExtractError` if reading the file fails.
    /// - Complexity: O(*n*) in the size of the file; the result holds all of it, so this suits
    ///   small files and tests. Loop over ``next()`` for large ones.
    public func readAll() throws(ExtractError) -> [CSVItem] {
        var items: [CSVItem] = []
        while let item = try next() { items.append(item) }
        return items
    }
}
