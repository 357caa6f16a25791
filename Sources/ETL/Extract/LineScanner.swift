/// Splits a file into lines at LF (a CR before the LF is dropped), reading it in chunks, with a
/// limit on a line's length: a longer line is skipped to its end without being held in memory.
struct LineScanner {
    /// What `next()` found.
    enum Event {
        /// A line of `limit` bytes or fewer: `buffer[range]`, valid until the next call.
        case line(Range<Int>, number: Int)
        /// A line over the limit: its first bytes and its length.
        case tooLong(prefix: [UInt8], length: Int, number: Int)
    }

    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    /// The most bytes a line may hold.
    let limit: Int
    /// The bytes read and not yet discarded.
    private(set) var buffer: [UInt8] = []
    private var file: ChunkedFile
    private var hasStarted = false
    /// Where the current line starts.
    private var lineStart = 0
    /// Where to look for the next LF.
    private var searchFrom = 0
    /// The 1-based number of the line starting at `lineStart`.
    private var number = 1

    /// Opens `path`.
    init(path: String, limit: Int, chunkBytes: Int) throws(ExtractError) {
        guard limit > 0, chunkBytes > 0 else {
            throw ExtractError(.invalidOptions, path: path, message: "the line limit and chunk size must be positive")
        }
        self.limit = limit
        self.file = try ChunkedFile(path: path, chunkBytes: chunkBytes)
    }

    /// The path of the file.
    var path: String { file.path }
    /// How many bytes of the file have been read.
    var bytesRead: Int64 { file.bytesRead }

    /// The next line, or `nil` at the end of the file.
    /// - Throws: `ExtractError` if reading fails.
    mutating func next() throws(ExtractError) -> Event? {
        if !hasStarted {
            hasStarted = true
            while buffer.count < 3, try file.read(appendingTo: &buffer) {}
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { (lineStart, searchFrom) = (3, 3) }
        }
        var skipped: (prefix: [UInt8], length: Int)?
        while true {
            if let end = buffer[searchFrom...].firstIndex(of: Self.lineFeed) {
                return finish(end: end, next: end + 1, skipped: skipped)
            }
            searchFrom = buffer.count
            if skipped == nil && buffer.count - lineStart > limit + 1 {  // + 1: a CR before the LF
                skipped = (
                    Array(buffer[lineStart..<min(buffer.count, lineStart + MalformedRecord.rawTextLimit + 4)]), 0
                )
            }
            if var skip = skipped {
                // Too long: keep only the prefix and the count.
                skip.length += buffer.count - lineStart
                skipped = skip
                lineStart = buffer.count
            }
            // Discard what precedes the line, then read more.
            buffer.removeSubrange(0..<lineStart)
            searchFrom -= lineStart
            lineStart = 0
            guard try file.read(appendingTo: &buffer) else {
                if skipped == nil && buffer.isEmpty { return nil }
                return finish(end: buffer.count, next: buffer.count, skipped: skipped)
            }
        }
    }

    private mutating func finish(end: Int, next: Int, skipped: (prefix: [UInt8], length: Int)?) -> Event {
        var contentEnd = end
        if contentEnd > lineStart && buffer[contentEnd - 1] == Self.carriageReturn { contentEnd -= 1 }
        let range = lineStart..<contentEnd
        let lineNumber = number
        number += 1
        lineStart = next
        searchFrom = next
        if let skipped {
            return .tooLong(prefix: skipped.prefix, length: skipped.length + range.count, number: lineNumber)
        }
        if range.count > limit {
            return .tooLong(
                prefix: Array(buffer[range.prefix(MalformedRecord.rawTextLimit + 4)]), length: range.count,
                number: lineNumber)
        }
        return .line(range, number: lineNumber)
    }
}
