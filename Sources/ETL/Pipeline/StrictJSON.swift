/// Validates JSON text by the grammar of RFC 8259, as SQLite's `json_valid()` does, so that the
/// ETL path (which parses with Foundation) and the ELT path (which checks with SQLite) reject the
/// same lines. Foundation's parser is lenient where SQLite is not: it accepts trailing commas
/// (`{"a":1,}`), for one.
///
/// Like SQLite 3.40: any value at the top level, whitespace is space, tab, LF and CR, strings
/// may not hold control characters, `\u` takes four hex digits (unpaired surrogates included),
/// numbers have no leading zeros, no bare `.` and a digit after `.` and after the exponent.
enum StrictJSON {
    /// The deepest nesting accepted (SQLite's `JSON_MAX_DEPTH`).
    static let maximumDepth = 2000

    /// The JSON kind of a value.
    enum Kind: Equatable, Sendable {
        case object, array, string, number, boolean, null
    }

    /// A member of an object read by ``outline(_:)``: its key, its kind, its text when it is a
    /// string, and its own members when it is an object inside the top-level one.
    struct Member {
        var key: String
        var kind: Kind
        var string: String?
        var members: [Member]?
    }

    /// What ``outline(_:)`` read of a valid document: the top-level kind and, for an object, its
    /// members and those of the objects directly inside it (enough for an event line, without
    /// building a tree of `Any`).
    struct Outline {
        var kind: Kind
        var members: [Member]
        /// A key repeated in one object, or a `\u` escape that is half a surrogate pair: cases
        /// where parsers disagree, left to Foundation's.
        var isUnusual: Bool
    }

    static func isValid<Bytes: Collection>(_ text: Bytes) -> Bool where Bytes.Element == UInt8 {
        outline(Array(text)) != nil
    }

    /// Validates `text` and reads its outline in one pass; `nil` when it is not valid JSON.
    static func outline(_ text: [UInt8]) -> Outline? {
        var parser = Parser(bytes: text)
        parser.skipSpace()
        var members: [Member] = []
        guard let kind = parser.value(depth: 0, members: &members) else { return nil }
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { return nil }
        return Outline(kind: kind, members: members, isUnusual: parser.isUnusual)
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0
        var isUnusual = false

        init(bytes: [UInt8]) { self.bytes = bytes }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }

        /// One value, or `nil` if invalid. An object at depth 0 or 1 puts its members in `members`.
        mutating func value(depth: Int, members: inout [Member]) -> Kind? {
            guard depth <= StrictJSON.maximumDepth, let byte = current else { return nil }
            switch byte {
            case UInt8(ascii: "{"): return object(depth: depth + 1, members: &members) ? .object : nil
            case UInt8(ascii: "["): return array(depth: depth + 1) ? .array : nil
            case UInt8(ascii: "\""): return string(decoding: false) != nil ? .string : nil
            case UInt8(ascii: "t"): return literal("true") ? .boolean : nil
            case UInt8(ascii: "f"): return literal("false") ? .boolean : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number() ? .number : nil
            default: return nil
            }
        }

        mutating func object(depth: Int, members: inout [Member]) -> Bool {
            let outlined = depth <= 2
            index += 1
            skipSpace()
            if current == UInt8(ascii: "}") {
                index += 1
                return true
            }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\""), let key = string(decoding: outlined) else { return false }
                skipSpace()
                guard current == UInt8(ascii: ":") else { return false }
                index += 1
                skipSpace()
                if outlined {
                    var member = Member(key: key, kind: .null, string: nil, members: nil)
                    if current == UInt8(ascii: "\"") {
                        guard let text = string(decoding: true) else { return false }
                        member.kind = .string
                        member.string = text
                    } else {
                        var inner: [Member] = []
                        guard let kind = value(depth: depth, members: &inner) else { return false }
                        member.kind = kind
                        if kind == .object && depth == 1 { member.members = inner }
                    }
                    // A repeated key, or too many to look for one cheaply: Foundation's case.
                    if members.count >= 64 || members.contains(where: { $0.key == key }) { isUnusual = true }
                    members.append(member)
                } else {
                    var none: [Member] = []
                    guard value(depth: depth, members: &none) != nil else { return false }
                }
                skipSpace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"):
                    index += 1
                    return true
                default: return false
                }
            }
        }

        mutating func array(depth: Int) -> Bool {
            index += 1
            skipSpace()
            if current == UInt8(ascii: "]") {
                index += 1
                return true
            }
            var none: [Member] = []
            while true {
                skipSpace()
                guard value(depth: depth, members: &none) != nil else { return false }
                skipSpace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"):
                    index += 1
                    return true
                default: return false
                }
            }
        }

        /// A string at `index` (its opening quote); `nil` if invalid. When `decoding`, its text,
        /// escapes resolved; otherwise an empty string.
        mutating func string(decoding: Bool) -> String? {
            index += 1
            let start = index
            var escaped = false
            while let byte = current {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard decoding else { return "" }
                    return escaped
                        ? unescape(start..<index - 1) : String(decoding: bytes[start..<index - 1], as: UTF8.self)
                case 0x00...0x1F: return nil
                case UInt8(ascii: "\\"):
                    escaped = true
                    guard let next = current else { return nil }
                    index += 1
                    switch next {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        continue
                    case UInt8(ascii: "u"):
                        for _ in 0..<4 {
                            guard let hex = current, hexValue(hex) != nil else { return nil }
                            index += 1
                        }
                    default: return nil
                    }
                default: continue
                }
            }
            return nil
        }

        /// The text of a valid string body holding escapes.
        mutating func unescape(_ range: Range<Int>) -> String {
            var out: [UInt8] = []
            out.reserveCapacity(range.count)
            var i = range.lowerBound
            func hex4(_ at: Int) -> UInt32 {
                (at..<at + 4).reduce(UInt32(0)) { $0 << 4 | UInt32(hexValue(bytes[$1])!) }
            }
            while i < range.upperBound {
                let byte = bytes[i]
                guard byte == UInt8(ascii: "\\") else {
                    out.append(byte)
                    i += 1
                    continue
                }
                let kind = bytes[i + 1]
                i += 2
                switch kind {
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = hex4(i)
                    i += 4
                    if (0xD800..<0xDC00).contains(scalar), i + 6 <= range.upperBound, bytes[i] == UInt8(ascii: "\\"),
                        bytes[i + 1] == UInt8(ascii: "u"), case let low = hex4(i + 2), (0xDC00..<0xE000).contains(low)
                    {
                        scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                        i += 6
                    }
                    guard let value = Unicode.Scalar(scalar) else {
                        isUnusual = true  // half a surrogate pair
                        continue
                    }
                    UTF8.encode(value) { out.append($0) }
                default: out.append(kind)  // " \ /
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func number() -> Bool {
            if current == UInt8(ascii: "-") { index += 1 }
            guard let first = current, isDigit(first) else { return false }
            index += 1
            if first != UInt8(ascii: "0") {
                while let byte = current, isDigit(byte) { index += 1 }
            } else if let next = current, isDigit(next) {
                return false  // a leading zero
            }
            if current == UInt8(ascii: ".") {
                index += 1
                guard let digit = current, isDigit(digit) else { return false }
                while let byte = current, isDigit(byte) { index += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard let digit = current, isDigit(digit) else { return false }
                while let byte = current, isDigit(byte) { index += 1 }
            }
            return true
        }

        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x41...0x46: byte - 0x41 + 10
            case 0x61...0x66: byte - 0x61 + 10
            default: nil
            }
        }
    }
}
