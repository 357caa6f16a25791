/// One token of a normalised program text: what a copier's cosmetic edits leave in place.
///
/// Keywords and operators keep their text; identifiers become `I`, numbers `N` and string
/// literals `S`, so that renaming, re-wording a message or changing a constant changes no token.
/// Comments and layout produce none.
public struct Token: Sendable, Equatable {
    /// The normalised text (`I`, `N`, `S`, a keyword or an operator).
    public var text: String
    /// The 1-based line the token starts on, for reporting matched regions.
    public var line: Int
    /// Where the token is in the original text (UTF-8 offsets), for tools that rewrite it.
    public var range: Range<Int>
    /// Whether the original was an identifier (`text` is then `I`).
    public var isIdentifier: Bool { text == Token.identifier }

    /// Creates a token.
    public init(text: String, line: Int, range: Range<Int>) {
        self.text = text
        self.line = line
        self.range = range
    }

    /// The normalised text of every identifier.
    public static let identifier = "I"
    /// The normalised text of every number.
    public static let number = "N"
    /// The normalised text of every string literal.
    public static let string = "S"
}

/// The languages the exercises are written in.
public enum Language: String, Sendable, CaseIterable {
    case swift
    case sql

    /// The language of a file, by its extension; `nil` for any other file.
    public init?(fileName: String) {
        if fileName.hasSuffix(".swift") || fileName.hasSuffix(".swift.starter") {
            self = .swift
        } else if fileName.hasSuffix(".sql") || fileName.hasSuffix(".sql.starter") {
            self = .sql
        } else {
            return nil
        }
    }

    /// The normalised tokens of `text`.
    public func tokenize(_ text: String) -> [Token] {
        switch self {
        case .swift: SwiftTokenizer.tokenize(text)
        case .sql: SQLTokenizer.tokenize(text)
        }
    }
}

/// A cursor over UTF-8 bytes that counts lines: what both tokenizers share.
struct Scanner {
    let bytes: [UInt8]
    var offset = 0
    var line = 1

    init(_ text: String) { bytes = Array(text.utf8) }

    var isAtEnd: Bool { offset >= bytes.count }
    func peek(_ ahead: Int = 0) -> UInt8? { offset + ahead < bytes.count ? bytes[offset + ahead] : nil }

    mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where offset < bytes.count {
            if bytes[offset] == UInt8(ascii: "\n") { line += 1 }
            offset += 1
        }
    }

    /// Whether the bytes at the cursor are `literal`.
    func starts(with literal: String) -> Bool {
        var index = offset
        for byte in literal.utf8 {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
        }
        return true
    }

    /// Skips to the end of the line (not past the newline).
    mutating func skipLine() {
        while let byte = peek(), byte != UInt8(ascii: "\n") { advance() }
    }

    /// The text of `range`.
    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    /// Letters, `_` and every byte of a multi-byte UTF-8 character (Swift identifiers may hold them).
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    static func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    /// The tokens of `text`: whitespace is skipped here, and at every other byte `next` consumes
    /// one token, comment or stray character and returns the token's normalised text (`nil`
    /// for none).
    static func tokenize(_ text: String, _ next: (inout Scanner, UInt8) -> String?) -> [Token] {
        var scanner = Scanner(text)
        var tokens: [Token] = []
        while let byte = scanner.peek() {
            if isSpace(byte) {
                scanner.advance()
                continue
            }
            let (start, line) = (scanner.offset, scanner.line)
            if let text = next(&scanner, byte) {
                tokens.append(Token(text: text, line: line, range: start..<scanner.offset))
            }
        }
        return tokens
    }

    /// At a byte that is no other token: the longest run of `operators` that opens no comment
    /// (`lineComment`, `/*`), or a single character, kept when it is `punctuation`.
    mutating func operatorOrPunctuation(operators: Set<UInt8>, punctuation: Set<UInt8>, lineComment: String)
        -> String?
    {
        let start = offset
        guard let first = peek(), operators.contains(first) else {
            advance()
            return bytes[start...start].allSatisfy(punctuation.contains) ? text(start..<offset) : nil
        }
        while let next = peek(), operators.contains(next), !starts(with: lineComment), !starts(with: "/*") {
            advance()
        }
        return text(start..<offset)
    }
}
