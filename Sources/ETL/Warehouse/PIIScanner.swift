import Foundation
import SQLite

/// Looks for a source's personal data in every text column of every table of a warehouse: the
/// check that the ETL path keeps its promise, and the measure of what the ELT path keeps raw.
///
/// It knows the PII to look for from the contacts export itself: each email address (trimmed,
/// lower-cased), each phone number's digits (with and without leading zeros), and each full
/// name. A value matches when it contains one of the addresses (in any ASCII case); a run of
/// digits and phone separators, not part of a word, whose last 8 or more digits are one of the
/// numbers; or two consecutive words that are a first and a last name. Hashes do not match: that
/// is the point of them.
public struct PIIScanner: Sendable {
    /// A column where PII was found.
    public struct Finding: Sendable, Equatable, Codable, CustomStringConvertible {
        public var table: String
        public var column: String
        /// How many of its values hold PII.
        public var values: Int
        /// What kinds: `email`, `phone`, `name`.
        public var kinds: [String]

        public var description: String { "\(table).\(column): \(values) values (\(kinds.joined(separator: ", ")))" }
    }

    private var emails: Set<[UInt8]> = []
    private var phones: Set<[UInt8]> = []
    /// "first last" pairs, and the first words alone (to look pairs up only when one may start).
    private var names: Set<[UInt8]> = []
    private var firstWords: Set<[UInt8]> = []

    /// A scanner for the PII in a contacts export.
    /// - Throws: `ExtractError` if the file cannot be read.
    public init(contactsFile path: String) throws {
        let reader = try CSVReader(path: path)
        guard case .record(let header) = try reader.next() else { return }
        let columns = header.fields.map { asciiLowercased(asciiTrimmed($0)) }
        let email = columns.firstIndex(of: "email")
        let phone = columns.firstIndex(of: "phone")
        let first = columns.firstIndex(of: "first_name")
        let last = columns.firstIndex(of: "last_name")
        while let item = try reader.next() {
            guard case .record(let record) = item, record.fields.count == columns.count else { continue }
            if let email {
                let address = Array(asciiLowercased(asciiTrimmed(record.fields[email])).utf8)
                if address.contains(UInt8(ascii: "@")) && address.count >= 5 { emails.insert(address) }
            }
            if let phone {
                let digits = record.fields[phone].utf8.filter { (0x30...0x39).contains($0) }
                if digits.count >= 8 {
                    phones.insert(digits)
                    phones.insert(Array(digits.drop { $0 == UInt8(ascii: "0") }))
                }
            }
            if let first, let last {
                let text = Self.lowered(record.fields[first] + " " + record.fields[last])
                let words = Self.words(text).map { Array(text[$0]) }
                guard words.count >= 2 else { continue }
                for second in [words[1], words[words.count - 1]] {
                    names.insert(words[0] + [0x20] + second)
                }
                firstWords.insert(words[0])
            }
        }
    }

    /// The kinds of PII in `value`.
    public func kinds(in value: String) -> Set<String> {
        // Most values (hashes, codes, timestamps) cannot hold any: no '@', fewer than 8 digits,
        // one word. Decide that in one pass without allocating.
        var hasAt = false
        var digits = 0
        var wordCount = 0
        var inWord = false
        for byte in value.utf8 {
            if byte == UInt8(ascii: "@") { hasAt = true }
            if (0x30...0x39).contains(byte) { digits += 1 }
            let isWordByte = Self.isLetter(byte) || byte >= 0x80 || byte == UInt8(ascii: "'")
            if isWordByte && !inWord { wordCount += 1 }
            inWord = isWordByte
        }
        guard hasAt || digits >= 8 || wordCount >= 2 else { return [] }
        let text = Self.lowered(value)
        var kinds: Set<String> = []
        if text.contains(UInt8(ascii: "@")) && Self.emailTokens(text).contains(where: emails.contains) {
            kinds.insert("email")
        }
        if Self.digitRuns(text).contains(where: { run in
            run.count >= 8 && (8...min(run.count, 15)).contains { phones.contains(Array(run.suffix($0))) }
        }) {
            kinds.insert("phone")
        }
        let words = Self.words(text)
        for (first, second) in zip(words, words.dropFirst()) where firstWords.contains(Array(text[first])) {
            if names.contains(Array(text[first]) + [0x20] + Array(text[second])) {
                kinds.insert("name")
                break
            }
        }
        return kinds
    }

    /// Scans every text value of every table (views excluded: they show what tables hold).
    /// - Complexity: O(total size of the text values).
    public func scan(_ connection: Connection) throws -> [Finding] {
        var findings: [Finding] = []
        for table in try Warehouse.tables(in: connection) {
            for column in try Warehouse.columns(of: table, in: connection) {
                let name = Warehouse.quoted(column)
                let query = try connection.prepare(
                    "SELECT \(name) FROM \(Warehouse.quoted(table)) WHERE typeof(\(name)) = 'text'")
                var count = 0
                var kinds: Set<String> = []
                while try query.step() {
                    guard let value = query.string(at: 0) else { continue }
                    let found = self.kinds(in: value)
                    if !found.isEmpty {
                        count += 1
                        kinds.formUnion(found)
                    }
                }
                if count > 0 {
                    findings.append(Finding(table: table, column: column, values: count, kinds: kinds.sorted()))
                }
            }
        }
        return findings
    }

    /// The text's UTF-8 bytes with ASCII letters lower-cased.
    static func lowered(_ text: String) -> [UInt8] {
        text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
    }

    /// The address-like tokens around each `@`.
    static func emailTokens(_ bytes: [UInt8]) -> [[UInt8]] {
        func isLocal(_ byte: UInt8) -> Bool {
            isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "%")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        }
        func isDomain(_ byte: UInt8) -> Bool {
            isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
        var tokens: [[UInt8]] = []
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "@") {
            var start = index
            while start > 0 && isLocal(bytes[start - 1]) { start -= 1 }
            var end = index + 1
            while end < bytes.count && isDomain(bytes[end]) { end += 1 }
            tokens.append(Array(bytes[start..<end]))
        }
        return tokens
    }

    /// Runs of digits and phone separators that are not part of a word, as digits only.
    static func digitRuns(_ bytes: [UInt8]) -> [[UInt8]] {
        var runs: [[UInt8]] = []
        var current: [UInt8] = []
        var touchesWord = false
        for byte in bytes {
            if (0x30...0x39).contains(byte) {
                current.append(byte)
            } else if byte == 0x20 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "+")
            {
                if current.isEmpty { touchesWord = false }
                continue
            } else {
                let isWord = isLetter(byte) || byte == UInt8(ascii: "_")
                if !current.isEmpty && !touchesWord && !isWord { runs.append(current) }
                current.removeAll(keepingCapacity: true)
                touchesWord = isWord
            }
        }
        if !current.isEmpty && !touchesWord { runs.append(current) }
        return runs
    }

    /// The ranges of words: letters (any non-ASCII byte counts as one) and apostrophes.
    static func words(_ bytes: [UInt8]) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start: Int?
        for (index, byte) in bytes.enumerated() {
            if isLetter(byte) || byte >= 0x80 || byte == UInt8(ascii: "'") {
                if start == nil { start = index }
            } else if let begin = start {
                words.append(begin..<index)
                start = nil
            }
        }
        if let start { words.append(start..<bytes.count) }
        return words
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || (0x30...0x39).contains(byte) }
}
