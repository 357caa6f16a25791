/// The CSV state machine behind ``CSVReader`` and ``CSVLoader``: it reads a file in chunks and
/// hands out each record's fields as ranges of its byte buffer, so that a loader can bind them
/// into SQLite without making a `String` per field.
///
/// The states and transitions are those of CPython's `Modules/_csv.c` (`parse_process_char`) for
/// the "excel" dialect with `strict=False`, applied to the bytes of the file, with lines split at
/// CR, LF and CRLF as a file opened with `newline=''` splits them:
///
/// - a `"` at the start of a field opens a quoted field; anywhere else in an unquoted field it is
///   an ordinary character;
/// - inside a quoted field, `""` is one `"`, and delimiters, CR and LF are ordinary characters;
/// - a `"` that closes a quoted field and is followed by anything but a delimiter or a line break
///   is dropped and the rest is appended unquoted (`"ab"cd` reads as `abcd`);
/// - a line break outside quotes ends the record; a line break at the start of a record is an
///   empty line, which Python returns as `[]` and this scanner skips and counts.
///
/// Where this scanner departs from Python 3.11 (see ``CSVReader`` for the reasons): a UTF-8 byte
/// order mark at the start of the file is dropped; a quoted field still open at the end of the file
/// is malformed (`unterminated_quote`) rather than returned; a record with a NUL byte or with
/// invalid UTF-8 is malformed (`nul_byte`, `invalid_utf8`); and fields and records have size
/// limits.
///
/// Fields are located in a first pass; a quoted field that holds `""` or text after its closing
/// quote is unquoted in place (its content is never longer than its raw bytes) only once the whole
/// record is known to be well formed, so a malformed record's raw text is still intact.
struct CSVScanner {
    /// What `next()` found.
    enum Event: Equatable {
        /// A well-formed record starting on `line`; its fields are ``fields``, ranges of ``buffer``.
        case record(line: Int)
        /// A malformed record, already skipped.
        case malformed(MalformedRecord)
    }

    private enum State {
        /// At the start of a field: a quote opens a quoted field.
        case startField
        /// In an unquoted field, or in the unquoted tail of a quoted one (`"ab"cd`).
        case inField
        /// Inside quotes.
        case inQuoted
        /// Just after a quote inside quotes: a second quote is a literal one, anything else
        /// closes the quotes.
        case quoteInQuoted
    }

    private static let quote = UInt8(ascii: "\"")
    private static let carriageReturn: UInt8 = 0x0D
    private static let lineFeed: UInt8 = 0x0A

    /// The options the scanner was created with.
    let options: CSVOptions
    /// When set, a record with another number of fields is malformed (`wrong_field_count`).
    var expectedFieldCount: Int?

    /// The bytes read and not yet discarded: the current record starts at or after index 0.
    private(set) var buffer: [UInt8] = []
    /// After `next()` returns `.record`, the record's fields, unquoted, as ranges of ``buffer``;
    /// valid until the next call of `next()`.
    private(set) var fields: [Range<Int>] = []
    /// How many empty lines have been skipped (Python yields `[]` for each).
    private(set) var blankLines = 0

    private var file: ChunkedFile
    private let delimiter: UInt8
    private var hasStarted = false

    // Position in the file.
    /// The next byte to scan.
    private var position = 0
    /// The 1-based line of the byte at `position`.
    private var line = 1
    /// The index just after the last CR seen inside quotes, so that the LF of a CRLF there does
    /// not count as a second line break.
    private var afterQuotedCR = -1
    /// Whether the last record ended with a CR, so that an LF right after it completes a CRLF.
    private var absorbsLineFeed = false

    // The record being scanned.
    private var recordStart = 0
    private var recordLine = 1
    private var fieldStart = 0
    private var fieldIsQuoted = false
    private var fieldNeedsUnquoting = false
    /// The line on which the current quoted field opened.
    private var quoteLine = 1
    /// Indices into `fields` of quoted fields to unquote in place once the record is complete.
    private var fieldsToUnquote: [Int] = []
    private var hasNUL = false
    private var hasNonASCII = false
    /// The first reason found that makes the record malformed, with its detail.
    private var problem: (reason: MalformedRecord.Reason, detail: String)?
    /// Whether the record is too large to keep: its bytes are discarded as they are scanned.
    private var isSkipping = false
    /// The first bytes of a record that is being skipped, for its raw text.
    private var skippedPrefix: [UInt8] = []
    /// While skipping: the index of the first byte not yet copied to `skippedPrefix`.
    private var skippedUpTo = 0

    /// Opens `path`.
    /// - Throws: `ExtractError` if the options are invalid or the file cannot be opened.
    init(path: String, options: CSVOptions) throws(ExtractError) {
        try options.validate(path: path)
        self.options = options
        self.delimiter = options.delimiter
        self.file = try ChunkedFile(path: path, chunkBytes: options.chunkBytes)
    }

    /// The path of the file.
    var path: String { file.path }
    /// How many bytes of the file have been read.
    var bytesRead: Int64 { file.bytesRead }

    /// Scans the next record.
    /// - Returns: The record or the reason it is malformed, or `nil` at the end of the file.
    /// - Throws: `ExtractError` if reading the file fails.
    /// - Complexity: O(*n*) in the record's length.
    mutating func next() throws(ExtractError) -> Event? {
        if !hasStarted { try start() }
        recordStart = position  // The previous record's bytes may now be discarded.
        while true {
            guard try hasByte() else { return nil }
            let byte = buffer[position]
            if absorbsLineFeed {
                absorbsLineFeed = false
                if byte == Self.lineFeed {
                    position += 1
                    recordStart = position
                    continue
                }
            }
            guard byte == Self.lineFeed || byte == Self.carriageReturn else { break }
            // An empty line.
            blankLines += 1
            line += 1
            position += 1
            recordStart = position
            absorbsLineFeed = byte == Self.carriageReturn
        }
        return try scanRecord()
    }

    /// Reads the first bytes and drops a UTF-8 byte order mark.
    private mutating func start() throws(ExtractError) {
        hasStarted = true
        while buffer.count < 3, try file.read(appendingTo: &buffer) {}
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// Makes sure an unscanned byte is buffered.
    /// - Returns: `false` at the end of the file.
    private mutating func hasByte() throws(ExtractError) -> Bool {
        while position == buffer.count {
            guard try refill() else { return false }
        }
        return true
    }

    /// Discards the bytes before the current record (or, while skipping, all scanned bytes), then
    /// appends a chunk.
    /// - Returns: `false` at the end of the file.
    private mutating func refill() throws(ExtractError) -> Bool {
        if isSkipping { keepSkippedPrefix(upTo: position) }
        let discarded = isSkipping ? position : recordStart
        if discarded > 0 {
            skippedUpTo -= discarded
            buffer.removeSubrange(0..<discarded)
            position -= discarded
            recordStart -= discarded
            fieldStart -= discarded
            afterQuotedCR -= discarded
            for index in fields.indices {
                fields[index] = (fields[index].lowerBound - discarded)..<(fields[index].upperBound - discarded)
            }
        }
        return try file.read(appendingTo: &buffer)
    }

    private mutating func beginRecord() {
        recordStart = position
        recordLine = line
        fields.removeAll(keepingCapacity: true)
        fieldsToUnquote.removeAll(keepingCapacity: true)
        hasNUL = false
        hasNonASCII = false
        problem = nil
        isSkipping = false
        skippedPrefix = []
        beginField()
    }

    private mutating func beginField() {
        fieldStart = position
        fieldIsQuoted = false
        fieldNeedsUnquoting = false
    }

    /// Scans one record whose first byte is buffered and is not a line break.
    private mutating func scanRecord() throws(ExtractError) -> Event {
        beginRecord()
        var state = State.startField
        while true {
            if position == buffer.count {
                checkSizeBeforeRefill()
                guard try refill() else { return finishAtEndOfFile(in: state) }
                continue
            }
            switch state {
            case .startField:
                if buffer[position] == Self.quote {
                    fieldIsQuoted = true
                    quoteLine = line
                    position += 1
                    state = .inQuoted
                } else {
                    state = .inField
                }

            case .inField:
                let end = buffer.count
                var index = position
                var byte: UInt8 = 0
                while index < end {
                    byte = buffer[index]
                    if byte == delimiter { break }
                    if byte &- 0x20 >= 0x60 {  // A control character or a non-ASCII byte.
                        if byte == Self.lineFeed || byte == Self.carriageReturn { break }
                        if byte == 0 { hasNUL = true } else if byte >= 0x80 { hasNonASCII = true }
                    }
                    index += 1
                }
                position = index
                guard index < end else { continue }
                endField(at: index)
                position = index + 1
                if byte == delimiter {
                    beginField()
                    state = .startField
                } else {
                    line += 1
                    absorbsLineFeed = byte == Self.carriageReturn
                    return finishRecord(rawEnd: index)
                }

            case .inQuoted:
                let end = buffer.count
                var index = position
                while index < end {
                    let byte = buffer[index]
                    if byte == Self.quote { break }
                    if byte &- 0x20 >= 0x60 {
                        if byte == Self.carriageReturn {
                            line += 1
                            afterQuotedCR = index + 1
                        } else if byte == Self.lineFeed {
                            if afterQuotedCR != index { line += 1 }
                        } else if byte == 0 {
                            hasNUL = true
                        } else if byte >= 0x80 {
                            hasNonASCII = true
                        }
                    }
                    index += 1
                }
                position = index
                guard index < end else { continue }
                position = index + 1
                state = .quoteInQuoted

            case .quoteInQuoted:
                let byte = buffer[position]
                if byte == Self.quote {
                    fieldNeedsUnquoting = true
                    position += 1
                    state = .inQuoted
                } else {
                    // A delimiter or line break ends the field (in `inField`); anything else is
                    // appended unquoted, as Python does when `strict` is off.
                    if byte != delimiter && byte != Self.lineFeed && byte != Self.carriageReturn {
                        fieldNeedsUnquoting = true
                    }
                    state = .inField
                }
            }
        }
    }

    /// Records the field that ends at `end` (exclusive).
    private mutating func endField(at end: Int) {
        guard !isSkipping else { return }
        var range = fieldStart..<end
        if fieldIsQuoted {
            if fieldNeedsUnquoting {
                fieldsToUnquote.append(fields.count)  // Its size is checked once unquoted.
                fields.append(range)
                return
            }
            range = (fieldStart + 1)..<(end - 1)
        }
        if range.count > options.maxFieldBytes && problem == nil {
            problem = (.fieldTooLarge, fieldTooLargeDetail(fields.count + 1))
        }
        fields.append(range)
    }

    /// Before more bytes are read into the record: stops keeping a record (or field) that is
    /// already too large, so that memory stays bounded; it is then skipped to its end.
    private mutating func checkSizeBeforeRefill() {
        guard !isSkipping else { return }
        let fieldBytes = position - fieldStart
        // A quoted field's content is at least half its raw length less the quotes.
        let fieldIsTooLarge =
            fieldIsQuoted ? fieldBytes > 2 * options.maxFieldBytes + 2 : fieldBytes > options.maxFieldBytes
        if fieldIsTooLarge && problem == nil {
            problem = (.fieldTooLarge, fieldTooLargeDetail(fields.count + 1))
        }
        if problem?.reason == .fieldTooLarge || position - recordStart > options.maxRecordBytes {
            if problem == nil {
                problem = (.recordTooLarge, "the record is longer than the limit of \(options.maxRecordBytes) bytes")
            }
            skippedPrefix = []
            skippedUpTo = recordStart
            isSkipping = true
            fields.removeAll(keepingCapacity: false)
        }
    }

    /// Ends the record at the end of the file, in `state`.
    private mutating func finishAtEndOfFile(in state: State) -> Event {
        let end = buffer.count
        switch state {
        case .inQuoted:
            // Python (strict=False) returns the partial field; loading half a record silently
            // would lose data, so it is malformed here.
            problem = (
                .unterminatedQuote,
                "the quoted field \(fields.count + 1) opened on line \(quoteLine) is not closed at the end of the file"
            )
        case .startField, .inField, .quoteInQuoted:
            endField(at: end)
        }
        return finishRecord(rawEnd: end)
    }

    /// Checks the complete record whose raw bytes end at `rawEnd` and unquotes its fields.
    private mutating func finishRecord(rawEnd: Int) -> Event {
        let raw = recordStart..<rawEnd
        if let problem {
            if isSkipping { keepSkippedPrefix(upTo: rawEnd) }
            let rawBytes = isSkipping ? skippedPrefix[...] : buffer[raw]
            return malformed(rawBytes, problem.reason, problem.detail)
        }
        if hasNUL, let index = buffer[raw].firstIndex(of: 0) {
            return malformed(buffer[raw], .nulByte, "a NUL byte at byte \(index - recordStart + 1) of the record")
        }
        if hasNonASCII, let index = UTF8Validation.firstInvalidByte(in: buffer, raw) {
            return malformed(
                buffer[raw], .invalidUTF8, "invalid UTF-8 at byte \(index - recordStart + 1) of the record")
        }
        if let expected = expectedFieldCount, fields.count != expected {
            return malformed(buffer[raw], .wrongFieldCount, "expected \(expected) fields, found \(fields.count)")
        }
        for index in fieldsToUnquote {
            let length = Self.unquote(&buffer, fields[index], writing: false)
            if length > options.maxFieldBytes {
                return malformed(buffer[raw], .fieldTooLarge, fieldTooLargeDetail(index + 1))
            }
        }
        for index in fieldsToUnquote {
            let start = fields[index].lowerBound
            fields[index] = start..<(start + Self.unquote(&buffer, fields[index], writing: true))
        }
        return .record(line: recordLine)
    }

    /// Copies the skipped record's bytes before `end` to `skippedPrefix`, up to what its raw
    /// text needs (a few bytes more than the limit, to cut at a character boundary).
    private mutating func keepSkippedPrefix(upTo end: Int) {
        let wanted = MalformedRecord.rawTextLimit + 4 - skippedPrefix.count
        if wanted > 0 && skippedUpTo < end {
            skippedPrefix += buffer[skippedUpTo..<min(end, skippedUpTo + wanted)]
        }
        skippedUpTo = end
    }

    /// The same words however the field was found too large (whole, or part way through a
    /// chunk), so that results never depend on the chunk size.
    private func fieldTooLargeDetail(_ field: Int) -> String {
        "field \(field) is longer than the limit of \(options.maxFieldBytes) bytes"
    }

    private mutating func malformed(
        _ raw: ArraySlice<UInt8>, _ reason: MalformedRecord.Reason, _ detail: String
    ) -> Event {
        let event = Event.malformed(MalformedRecord(line: recordLine, raw: raw, reason: reason, detail: detail))
        fields.removeAll(keepingCapacity: true)
        skippedPrefix = []
        isSkipping = false
        return event
    }

    /// The content of the quoted field whose raw bytes (opening quote included) are `raw`: `""`
    /// is one quote; the first lone quote closes the quotes and is dropped; what follows it is
    /// kept as written. With `writing`, the content is written in place from `raw.lowerBound`
    /// (never past the byte being read, as the content is shorter than the raw bytes).
    /// - Returns: The content's length.
    static func unquote(_ buffer: inout [UInt8], _ raw: Range<Int>, writing: Bool) -> Int {
        var read = raw.lowerBound + 1
        var write = raw.lowerBound
        var isQuoted = true
        while read < raw.upperBound {
            let byte = buffer[read]
            read += 1
            if isQuoted && byte == quote {
                if read < raw.upperBound && buffer[read] == quote {
                    read += 1
                } else {
                    isQuoted = false
                    continue
                }
            }
            if writing { buffer[write] = byte }
            write += 1
        }
        return write - raw.lowerBound
    }
}
