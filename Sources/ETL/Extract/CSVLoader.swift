import Foundation
import SQLite

/// Loads a CSV file into an SQLite table, streaming, in one transaction, quarantining the records
/// it cannot load: the engine of `workbook etl load --csv FILE --table NAME --db FILE`.
///
/// ```swift
/// let db = try Connection(.file("warehouse.sqlite"))
/// let report = try CSVLoader.load(csv: "contacts.csv", table: "raw_contacts", into: db)
/// print(report)  // read 1000, loaded 998, quarantined 2, blank lines 0 (8 columns, 91234 bytes)
/// ```
///
/// - **Columns.** From the header, kept as written but made unique: an empty name becomes `cN`
///   (N its 1-based position), and a name already taken, compared case-insensitively as SQLite
///   does, gets `_2`, `_3`, … (the metadata columns' names count as taken). Without a header,
///   `c1`…`cN`. Every identifier is quoted with `"` (doubled inside), so any table or column name
///   is safe; none is ever interpolated raw.
/// - **Table.** Created if absent, every column `TEXT` unless `columnTypes` says otherwise, then
///   the metadata columns `_source_file TEXT`, `_line INTEGER`, `_loaded_at TEXT`. An existing
///   table must have all these columns. Rows are inserted in file order with one prepared
///   statement, so `rowid` order is file order; fields are bound straight from the reader's
///   buffer. Empty fields load as empty text, not `NULL`.
/// - **Quarantine.** Malformed records (see ``CSVReader``) and records whose field count differs
///   from the header's (or, without a header, the first well-formed record's) go to
///   `_quarantine(table_name, source_file, line, raw_text, reason, detail, loaded_at)` with the
///   line they start on and their first 1 KiB; the good records still load.
/// - **Append-only.** Loading the same file twice inserts its rows twice: deduplicate downstream,
///   or use the `_source_file` column to delete a previous load first.
public enum CSVLoader {
    /// The table that receives the records that cannot be loaded.
    public static let quarantineTable = "_quarantine"

    /// The metadata columns added after the file's own columns, in order.
    public static let metadataColumns = ["_source_file", "_line", "_loaded_at"]

    /// The SQLite type affinities accepted in `CSVLoadOptions.columnTypes`.
    public static let affinities = ["TEXT", "NUMERIC", "INTEGER", "REAL", "BLOB"]

    /// Loads `path` into `table`.
    /// - Parameters:
    ///   - path: The CSV file.
    ///   - table: The table to append to; created if absent. Any name is allowed (it is quoted)
    ///     except an empty one and `_quarantine`.
    ///   - db: The database.
    ///   - options: Header, delimiter, column types, transaction and metadata columns.
    /// - Returns: The counts, which reconcile: `read == loaded + quarantined`.
    /// - Throws: `ExtractError`: `cannotOpen`/`readFailed` for the file, `invalidOptions`,
    ///   `emptyFile` when a header is expected and there is none ("empty file: no header"),
    ///   `malformedHeader`, `tableMismatch` when an existing table lacks a column, and
    ///   `databaseFailed` (with the record's line) when SQLite fails. With `batchTransaction`,
    ///   nothing of the load remains after an error.
    /// - Complexity: O(*n*) in the size of the file; memory is bounded by
    ///   `options.csv.maxRecordBytes` plus one chunk, whatever the file's size.
    public static func load(
        csv path: String, table: String, into db: Connection, options: CSVLoadOptions = CSVLoadOptions()
    ) throws(ExtractError) -> CSVLoadReport {
        let clock = ContinuousClock()
        let started = clock.now
        var session = try CSVLoadSession(path: path, table: table, db: db, options: options)
        if options.batchTransaction {
            do {
                try db.transaction(.immediate) { try session.run() }
            } catch let error as ExtractError {
                throw error
            } catch {
                throw ExtractError(
                    .databaseFailed, path: path, message: "the load's transaction failed, nothing was loaded: \(error)")
            }
        } else {
            try session.run()
        }
        return CSVLoadReport(
            table: table, read: session.read, loaded: session.loaded, quarantined: session.quarantined,
            blankLines: session.scanner.blankLines, columns: session.columns,
            elapsed: started.duration(to: clock.now), bytes: session.scanner.bytesRead)
    }

    /// The column names for a header: kept as written, empty ones named `cN`, duplicates (ignoring
    /// ASCII case, as SQLite compares identifiers) suffixed `_2`, `_3`, …, never equal to a name
    /// in `reserved`.
    /// - Parameters:
    ///   - header: The header's fields.
    ///   - reserved: Names already taken, such as the metadata columns.
    /// - Returns: One unique name per header field.
    public static func columnNames(forHeader header: [String], reserving reserved: [String] = metadataColumns)
        -> [String]
    {
        var taken = Set(reserved.map(asciiLowercased))
        return header.enumerated().map { offset, field in
            let base = field.isEmpty ? "c\(offset + 1)" : field
            var name = base
            var suffix = 2
            while taken.contains(asciiLowercased(name)) {
                name = "\(base)_\(suffix)"
                suffix += 1
            }
            taken.insert(asciiLowercased(name))
            return name
        }
    }

    /// `identifier` as an SQL identifier: in double quotes, inner double quotes doubled.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The state of one load: the reader, the statements and the counts.
struct CSVLoadSession {
    let path: String
    let table: String
    let db: Connection
    let options: CSVLoadOptions
    let loadedAt: String
    var scanner: CSVScanner
    private(set) var columns: [String] = []
    private(set) var read = 0
    private(set) var loaded = 0
    private(set) var quarantined = 0
    private var insert: Statement?
    private var quarantineInsert: Statement?
    /// The metadata values bound after the fields; `_line` (index 1) changes per row.
    private var trailing: [SQLiteValue] = []

    init(path: String, table: String, db: Connection, options: CSVLoadOptions) throws(ExtractError) {
        guard !table.isEmpty, !table.utf8.contains(0) else {
            throw ExtractError(.invalidOptions, path: path, message: "the table name is empty or contains NUL")
        }
        guard asciiLowercased(table) != CSVLoader.quarantineTable else {
            throw ExtractError(
                .invalidOptions, path: path, message: "the table name \(CSVLoader.quarantineTable) is reserved")
        }
        for (column, type) in options.columnTypes ?? [:] where !CSVLoader.affinities.contains(type.uppercased()) {
            throw ExtractError(
                .invalidOptions, path: path,
                message: "unknown type \"\(type)\" for column \"\(column)\": use one of "
                    + CSVLoader.affinities.joined(separator: ", "))
        }
        self.path = path
        self.table = table
        self.db = db
        self.options = options
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        self.loadedAt = formatter.string(from: options.loadedAt ?? Date())
        self.scanner = try CSVScanner(path: path, options: options.csv)
    }

    /// Reads the whole file, loading and quarantining.
    mutating func run() throws(ExtractError) {
        try prepareQuarantine()
        if options.hasHeader {
            try readHeader()
        }
        while let event = try scanner.next() {
            read += 1
            switch event {
            case .record(let line):
                if insert == nil {
                    try prepareTable(columns: (1...scanner.fields.count).map { "c\($0)" })
                }
                if options.metadataColumns { trailing[1] = .integer(Int64(line)) }
                do {
                    try insert!.run(borrowingUTF8: scanner.buffer, fields: scanner.fields, followedBy: trailing)
                } catch {
                    throw ExtractError(
                        .databaseFailed, path: path, line: line,
                        message: "cannot insert the record into \(CSVLoader.quoted(table)): \(error)")
                }
                loaded += 1
            case .malformed(let record):
                try quarantine(record)
            }
        }
    }

    /// Reads the header and creates or checks the table.
    private mutating func readHeader() throws(ExtractError) {
        switch try scanner.next() {
        case nil:
            throw ExtractError(.emptyFile, path: path, message: "empty file: no header")
        case .malformed(let record):
            throw ExtractError(
                .malformedHeader, path: path, line: record.line,
                message: "the header is malformed (\(record.reason)): \(record.detail)")
        case .record:
            let header = scanner.fields.map { String(decoding: scanner.buffer[$0], as: UTF8.self) }
            let reserved = options.metadataColumns ? CSVLoader.metadataColumns : []
            try prepareTable(columns: CSVLoader.columnNames(forHeader: header, reserving: reserved))
        }
    }

    /// Creates the table if absent (or checks that it has the columns), prepares the insert, and
    /// fixes the field count that records must have.
    private mutating func prepareTable(columns: [String]) throws(ExtractError) {
        self.columns = columns
        scanner.expectedFieldCount = columns.count
        let types = Dictionary(
            (options.columnTypes ?? [:]).map { (asciiLowercased($0.key), $0.value.uppercased()) },
            uniquingKeysWith: { first, _ in first })
        let known = Set(columns.map(asciiLowercased))
        if let unknown = types.keys.sorted().first(where: { !known.contains($0) }) {
            throw ExtractError(
                .invalidOptions, path: path,
                message: "a type is given for column \"\(unknown)\", which the file does not have; its columns are "
                    + columns.map(CSVLoader.quoted).joined(separator: ", "))
        }
        var definitions = columns.map { "\(CSVLoader.quoted($0)) \(types[asciiLowercased($0)] ?? "TEXT")" }
        var allColumns = columns
        if options.metadataColumns {
            definitions += ["\"_source_file\" TEXT", "\"_line\" INTEGER", "\"_loaded_at\" TEXT"]
            allColumns += CSVLoader.metadataColumns
            trailing = [.text(path), .integer(0), .text(loadedAt)]
        }
        let quotedTable = CSVLoader.quoted(table)
        guard allColumns.count <= db.columnLimit else {
            throw ExtractError(
                .tooManyColumns, path: path,
                message:
                    "the file has \(columns.count) columns\(options.metadataColumns ? " (\(allColumns.count) with the load metadata)" : ""); a SQLite table holds at most \(db.columnLimit)"
            )
        }
        let existing = try database("read the columns of \(quotedTable)") { () throws(SQLiteError) in
            try db.rows("SELECT name FROM pragma_table_info(?)", [.text(table)])
        }
        if existing.isEmpty {
            try database("create the table \(quotedTable)") { () throws(SQLiteError) in
                try db.execute("CREATE TABLE IF NOT EXISTS \(quotedTable) (\(definitions.joined(separator: ", ")))")
            }
        } else {
            let present = Set(existing.compactMap { $0.first.flatMap(String.init(sqliteValue:)) }.map(asciiLowercased))
            if let missing = allColumns.first(where: { !present.contains(asciiLowercased($0)) }) {
                throw ExtractError(
                    .tableMismatch, path: path,
                    message: "the table \(quotedTable) exists but has no column \(CSVLoader.quoted(missing)); "
                        + "load into a new table, or add the column")
            }
        }
        let placeholders = Array(repeating: "?", count: allColumns.count).joined(separator: ", ")
        let sql =
            "INSERT INTO \(quotedTable) (\(allColumns.map(CSVLoader.quoted).joined(separator: ", "))) "
            + "VALUES (\(placeholders))"
        insert = try database("prepare the insert into \(quotedTable)") { () throws(SQLiteError) in
            try db.prepare(sql)
        }
    }

    /// Creates `_quarantine` if absent and prepares its insert.
    private mutating func prepareQuarantine() throws(ExtractError) {
        quarantineInsert = try database("prepare the quarantine table") { () throws(SQLiteError) in
            try db.execute(
                """
                CREATE TABLE IF NOT EXISTS _quarantine (
                    table_name TEXT NOT NULL, source_file TEXT NOT NULL, line INTEGER NOT NULL,
                    raw_text TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL, loaded_at TEXT NOT NULL
                )
                """)
            return try db.prepare(
                "INSERT INTO _quarantine (table_name, source_file, line, raw_text, reason, detail, loaded_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")
        }
    }

    private mutating func quarantine(_ record: MalformedRecord) throws(ExtractError) {
        do {
            try quarantineInsert!.run([
                .text(table), .text(path), .integer(Int64(record.line)), .text(record.rawText),
                .text(record.reason.rawValue), .text(record.detail), .text(loadedAt),
            ])
        } catch {
            throw ExtractError(
                .databaseFailed, path: path, line: record.line, message: "cannot quarantine the record: \(error)")
        }
        quarantined += 1
    }

    /// Runs `body`, turning an `SQLiteError` into an `ExtractError` that says what was being done.
    private func database<T>(_ purpose: String, _ body: () throws(SQLiteError) -> T) throws(ExtractError) -> T {
        do {
            return try body()
        } catch {
            throw ExtractError(.databaseFailed, path: path, message: "cannot \(purpose): \(error)")
        }
    }
}
