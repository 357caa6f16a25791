import Foundation

/// Reads a JSON Lines file (one JSON object per line) line by line, in bounded memory.
///
/// ```swift
/// let reader = try JSONLinesReader(path: "events.jsonl")
/// while let item = try reader.next(as: Event.self) {
///     switch item {
///     case .value(let event, let line): handle(event, line)
///     case .malformed(let bad): quarantine(bad)  // line, raw text, reason, detail
///     }
/// }
/// ```
///
/// Lines end at LF; a CR before it is dropped, so CRLF files read the same. A UTF-8 byte order
/// mark at the start is dropped. Lines that are empty or only whitespace are skipped and counted
/// in ``blankLines``. Every other line yields a value or a ``MalformedRecord`` with its 1-based
/// line number, its first 1 KiB and a reason: `line_too_long` (over
/// `JSONLinesOptions.maxLineBytes`; skipped without being held in memory), `invalid_utf8`,
/// `invalid_json`, `not_an_object` (valid JSON of another kind), or `decoding_failed` (an object
/// that does not decode as the requested type). Nothing is thrown for a bad line. A reader is not
/// `Sendable`; use it from one task at a time.
public final class JSONLinesReader {
    private var scanner: LineScanner
    /// How many blank lines have been skipped so far.
    public private(set) var blankLines = 0

    /// Opens a JSON Lines file.
    /// - Parameters:
    ///   - path: The file to read.
    ///   - options: The line length limit.
    /// - Throws: `ExtractError` with code `cannotOpen` or `invalidOptions`.
    public init(path: String, options: JSONLinesOptions = JSONLinesOptions()) throws(ExtractError) {
        scanner = try LineScanner(path: path, limit: options.maxLineBytes, chunkBytes: options.chunkBytes)
    }

    /// The file being read, as given.
    public var path: String { scanner.path }

    /// How many bytes of the file have been read so far.
    public var bytesRead: Int64 { scanner.bytesRead }

    /// Reads the next non-blank line as a JSON object, with `JSONSerialization`.
    /// - Returns: The object (numbers are `NSNumber`, `null` is `NSNull`), or why the line has
    ///   none; `nil` at the end of the file.
    /// - Throws: `ExtractError` if reading the file fails; bad lines are returned, not thrown.
    /// - Complexity: O(*n*) in the length of the line.
    public func nextObject() throws(ExtractError) -> JSONLinesItem<[String: Any]>? {
        switch try nextLine() {
        case nil: return nil
        case .malformed(let malformed): return .malformed(malformed)
        case .line(let bytes, let line):
            switch Self.parse(bytes) {
            case .value(let object as [String: Any]): return .value(object, line: line)
            case .value(let other):
                return .malformed(
                    MalformedRecord(
                        line: line, raw: ArraySlice(bytes), reason: .notAnObject,
                        detail: "the line is \(Self.kind(of: other)), not an object"))
            case .invalid(let detail):
                return .malformed(
                    MalformedRecord(line: line, raw: ArraySlice(bytes), reason: .invalidJSON, detail: detail))
            }
        }
    }

    /// Reads the next non-blank line and decodes it as `Value`.
    /// - Parameters:
    ///   - type: The type to decode, from a JSON object.
    ///   - decoder: The decoder to use (its strategies apply).
    /// - Returns: The value, or why the line has none; `nil` at the end of the file.
    /// - Throws: `ExtractError` if reading the file fails; bad lines are returned, not thrown.
    /// - Complexity: O(*n*) in the length of the line.
    public func next<Value: Decodable>(
        as type: Value.Type, using decoder: JSONDecoder = JSONDecoder()
    ) throws(ExtractError) -> JSONLinesItem<Value>? {
        switch try nextLine() {
        case nil: return nil
        case .malformed(let malformed): return .malformed(malformed)
        case .line(let bytes, let line):
            func bad(_ reason: MalformedRecord.Reason, _ detail: String) -> JSONLinesItem<Value> {
                .malformed(MalformedRecord(line: line, raw: ArraySlice(bytes), reason: reason, detail: detail))
            }
            let first = bytes.first { !Self.isWhitespace($0) }
            if first != UInt8(ascii: "{") {
                // Say precisely what the line is: invalid JSON, or JSON of another kind.
                switch Self.parse(bytes) {
                case .value(let other): return bad(.notAnObject, "the line is \(Self.kind(of: other)), not an object")
                case .invalid(let detail): return bad(.invalidJSON, detail)
                }
            }
            do {
                return .value(try decoder.decode(Value.self, from: bytes), line: line)
            } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                return bad(.invalidJSON, Self.describe(context))
            } catch let error as DecodingError {
                return bad(.decodingFailed, Self.describe(error))
            } catch {
                return bad(.decodingFailed, "\(error)")
            }
        }
    }

    /// A line read: its bytes, or why it cannot be parsed.
    private enum Line {
        case line(Data, number: Int)
        case malformed(MalformedRecord)
    }

    /// A JSON value parsed, or the parser's description of the error.
    private enum Parsed {
        case value(Any)
        case invalid(String)
    }

    /// The next non-blank line's bytes, or a malformed record for a line too long or not UTF-8.
    private func nextLine() throws(ExtractError) -> Line? {
        while let event = try scanner.next() {
            switch event {
            case .tooLong(let prefix, let length, let line):
                let malformed = MalformedRecord(
                    line: line, raw: prefix[...], reason: .lineTooLong,
                    detail: "the line is \(length) bytes; the limit is \(scanner.limit)")
                return .malformed(malformed)
            case .line(let range, let line):
                let bytes = scanner.buffer[range]
                if bytes.allSatisfy(Self.isWhitespace) {
                    blankLines += 1
                    continue
                }
                if let index = UTF8Validation.firstInvalidByte(in: scanner.buffer, range) {
                    let malformed = MalformedRecord(
                        line: line, raw: bytes, reason: .invalidUTF8,
                        detail: "invalid UTF-8 at byte \(index - range.lowerBound + 1) of the line")
                    return .malformed(malformed)
                }
                return .line(Data(bytes), number: line)
            }
        }
        return nil
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// Parses any JSON value; on failure, a description of the error.
    private static func parse(_ data: Data) -> Parsed {
        do {
            return .value(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
        } catch {
            let nsError = error as NSError
            return .invalid(nsError.userInfo[NSDebugDescriptionErrorKey] as? String ?? nsError.localizedDescription)
        }
    }

    /// "an array", "a string", …, for a value `JSONSerialization` returned.
    private static func kind(of value: Any) -> String {
        switch value {
        case is [Any]: "an array"
        case is String: "a string"
        case is NSNull: "null"
        case let number as NSNumber:
            // Booleans are NSNumbers too; their Objective-C type is "c" (char).
            String(cString: number.objCType) == "c" ? "a boolean" : "a number"
        default: "a \(type(of: value))"
        }
    }

    private static func describe(_ context: DecodingError.Context) -> String {
        var text = context.debugDescription
        if let underlying = context.underlyingError as NSError?,
            let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String
        {
            text += ": " + detail
        }
        return text
    }

    private static func describe(_ error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            context = c
        @unknown default:
            return "\(error)"
        }
        var path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        if case .keyNotFound(let key, _) = error { path += ".\(key.stringValue)" }
        return path.isEmpty ? describe(context) : "at \(path): \(describe(context))"
    }
}
