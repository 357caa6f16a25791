/// Reads a JSON Lines file as raw lines, with the rules of ``JSONLinesReader`` (LF ends a line, a
/// CR before it and a leading byte order mark are dropped, blank lines skipped, a line too long or
/// not UTF-8 reported as malformed) but without parsing: the ELT path stages each line as it came,
/// and the ETL path parses it itself so it can keep the text of a line it rejects.
final class EventLineReader {
    enum Item {
        case line(String, number: Int)
        case malformed(MalformedRecord)
    }

    private var scanner: LineScanner
    private(set) var blankLines = 0

    init(path: String, options: JSONLinesOptions = JSONLinesOptions()) throws(ExtractError) {
        scanner = try LineScanner(path: path, limit: options.maxLineBytes, chunkBytes: options.chunkBytes)
    }

    var bytesRead: Int64 { scanner.bytesRead }

    func next() throws(ExtractError) -> Item? {
        while let event = try scanner.next() {
            switch event {
            case .tooLong(let prefix, let length, let line):
                return .malformed(
                    MalformedRecord(
                        line: line, raw: prefix[...], reason: .lineTooLong,
                        detail: "the line is \(length) bytes; the limit is \(scanner.limit)"))
            case .line(let range, let line):
                let bytes = scanner.buffer[range]
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }) {
                    blankLines += 1
                    continue
                }
                if let index = UTF8Validation.firstInvalidByte(in: scanner.buffer, range) {
                    return .malformed(
                        MalformedRecord(
                            line: line, raw: bytes, reason: .invalidUTF8,
                            detail: "invalid UTF-8 at byte \(index - range.lowerBound + 1) of the line"))
                }
                return .line(String(decoding: bytes, as: UTF8.self), number: line)
            }
        }
        return nil
    }
}
