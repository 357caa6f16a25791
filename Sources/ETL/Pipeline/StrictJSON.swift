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

    static func isValid<Bytes: Collection>(_ text: Bytes) -> Bool where Bytes.Element == UInt8 {
        var parser = Parser(bytes: Array(text))
        parser.skipSpace()
        guard parser.value(depth: 0) else { return false }
        parser.skipSpace()
        return parser.index == parser.bytes.count
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

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

        mutating func value(depth: Int) -> Bool {
            guard depth <= StrictJSON.maximumDepth, let byte = current else { return false }
            switch byte {
            case UInt8(ascii: "{"): return object(depth: depth + 1)
            case UInt8(ascii: "["): return array(depth: depth + 1)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
            default: return false
            }
        }

        mutating func object(depth: Int) -> Bool {
            index += 1
            skipSpace()
            if current == UInt8(ascii: "}") {
                index += 1
                return true
            }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\""), string() else { return false }
                skipSpace()
                guard current == UInt8(ascii: ":") else { return false }
                index += 1
                skipSpace()
                guard value(depth: depth) else { return false }
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
            while true {
                skipSpace()
                guard value(depth: depth) else { return false }
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

        mutating func string() -> Bool {
            index += 1
            while let byte = current {
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return true
                case 0x00...0x1F: return false
                case UInt8(ascii: "\\"):
                    guard let escaped = current else { return false }
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        continue
                    case UInt8(ascii: "u"):
                        for _ in 0..<4 {
                            guard let hex = current, isHexDigit(hex) else { return false }
                            index += 1
                        }
                    default: return false
                    }
                default: continue
                }
            }
            return false
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

        func isHexDigit(_ byte: UInt8) -> Bool {
            isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }
    }
}
