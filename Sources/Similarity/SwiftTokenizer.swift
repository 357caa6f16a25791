/// Swift source as normalised tokens: comments and whitespace dropped, identifiers, numbers and
/// string literals (interpolations included) reduced to one token each, keywords, attributes,
/// directives and operators kept as written.
enum SwiftTokenizer {
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default",
        "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch",
        "where", "while", "as", "Any", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
        "await", "async", "some", "any", "actor", "nonisolated", "consuming", "borrowing", "mutating",
        "nonmutating", "lazy", "weak", "unowned", "override", "convenience", "required", "final", "indirect",
        "get", "set", "willSet", "didSet", "package", "_",
    ]

    static let operatorCharacters = Set("/=-+!*%<>&|^~?.".utf8)
    static let punctuation = Set("()[]{},:;`\\".utf8)

    static func tokenize(_ text: String) -> [Token] {
        Scanner.tokenize(text) { scanner, byte in
            let start = scanner.offset
            if scanner.starts(with: "//") {
                scanner.skipLine()
                return nil
            }
            if scanner.starts(with: "/*") {
                skipBlockComment(&scanner)
                return nil
            }
            if byte == UInt8(ascii: "\"") || (byte == UInt8(ascii: "#") && isRawStringStart(scanner)) {
                skipString(&scanner)
                return Token.string
            }
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "@") {
                // `#if`, `#available`, `@Sendable`: kept with their name, like keywords.
                scanner.advance()
                while let next = scanner.peek(), Scanner.isIdentifierPart(next) { scanner.advance() }
                return scanner.text(start..<scanner.offset)
            }
            if byte == UInt8(ascii: "`") {
                scanner.advance()
                while let next = scanner.peek(), next != UInt8(ascii: "`"), next != UInt8(ascii: "\n") {
                    scanner.advance()
                }
                scanner.advance()
                return Token.identifier
            }
            if byte == UInt8(ascii: "$") {
                // `$0` and `$name`: a closure's parameter or a projected value, both names.
                scanner.advance()
                while let next = scanner.peek(), Scanner.isIdentifierPart(next) { scanner.advance() }
                return Token.identifier
            }
            if Scanner.isDigit(byte) {
                skipNumber(&scanner)
                return Token.number
            }
            if Scanner.isIdentifierStart(byte) {
                while let next = scanner.peek(), Scanner.isIdentifierPart(next) { scanner.advance() }
                let word = scanner.text(start..<scanner.offset)
                return keywords.contains(word) ? word : Token.identifier
            }
            return scanner.operatorOrPunctuation(
                operators: operatorCharacters, punctuation: punctuation, lineComment: "//")
        }
    }

    /// `/* … */`, nested as Swift nests them; an unterminated comment runs to the end.
    static func skipBlockComment(_ scanner: inout Scanner) {
        var depth = 0
        while !scanner.isAtEnd {
            if scanner.starts(with: "/*") {
                depth += 1
                scanner.advance(2)
            } else if scanner.starts(with: "*/") {
                depth -= 1
                scanner.advance(2)
                if depth == 0 { return }
            } else {
                scanner.advance()
            }
        }
    }

    static func isRawStringStart(_ scanner: Scanner) -> Bool {
        var ahead = 0
        while scanner.peek(ahead) == UInt8(ascii: "#") { ahead += 1 }
        return scanner.peek(ahead) == UInt8(ascii: "\"")
    }

    /// A string literal at the cursor: `"…"`, `"""…"""` or raw (`#"…"#`), with escapes and
    /// interpolations (which may hold strings of their own). Unterminated runs to the line's end
    /// (single-line) or the text's end (multi-line).
    static func skipString(_ scanner: inout Scanner) {
        var hashes = 0
        while scanner.peek() == UInt8(ascii: "#") {
            hashes += 1
            scanner.advance()
        }
        let multiLine = scanner.starts(with: "\"\"\"")
        scanner.advance(multiLine ? 3 : 1)
        let close = (multiLine ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
        let escape = "\\" + String(repeating: "#", count: hashes)
        while let byte = scanner.peek() {
            if scanner.starts(with: close) {
                scanner.advance(close.utf8.count)
                return
            }
            if byte == UInt8(ascii: "\n") && !multiLine { return }
            if scanner.starts(with: escape) {
                scanner.advance(escape.utf8.count)
                if scanner.peek() == UInt8(ascii: "(") {
                    skipInterpolation(&scanner)
                } else {
                    scanner.advance()
                }
                continue
            }
            scanner.advance()
        }
    }

    /// `( … )` of an interpolation, balanced, with any strings inside skipped whole.
    static func skipInterpolation(_ scanner: inout Scanner) {
        var depth = 0
        while let byte = scanner.peek() {
            if byte == UInt8(ascii: "\"") || (byte == UInt8(ascii: "#") && isRawStringStart(scanner)) {
                skipString(&scanner)
                continue
            }
            scanner.advance()
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return }
            }
        }
    }

    /// `42`, `1_000`, `0xFF`, `1.5e-3`: digits, letters and `_`, a `.` only before a digit (so
    /// `1...5` is a number, an operator and a number), a sign only after an exponent.
    static func skipNumber(_ scanner: inout Scanner) {
        let isHex = scanner.starts(with: "0x") || scanner.starts(with: "0X")
        while let byte = scanner.peek() {
            if Scanner.isIdentifierPart(byte) && byte < 0x80 {
                scanner.advance()
                let exponent =
                    isHex
                    ? (byte == UInt8(ascii: "p") || byte == UInt8(ascii: "P"))
                    : (byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E"))
                if exponent, let sign = scanner.peek(), sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                    scanner.advance()
                }
            } else if byte == UInt8(ascii: "."), let next = scanner.peek(1), Scanner.isDigit(next) {
                scanner.advance()
            } else {
                return
            }
        }
    }
}
