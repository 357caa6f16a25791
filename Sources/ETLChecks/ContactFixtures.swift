import ETL
import Foundation
import Grading
import SQLite

/// Messy contacts generated here, with the chapter's own seeded generator, for the property checks.
enum ContactFixtures {
    static let emails = [
        "ada@example.com", "  Ada@Example.COM ", "grace.hopper@navy.mil", "GRACE.HOPPER@NAVY.MIL\t", "linus@kernel.org",
        "no-at-sign.example.com", "two@@example.com", "a@b", "dots..here@example.com", "trailing@example.com.",
        "space in@example.com", "\"Quoted\" <q@example.com>", "x@-example.com", "", "   ", "émile@exämple.fr",
        "UPPER@EXAMPLE.ORG", "tab\t@example.com", "a,b@example.com", "o'brien@example.ie",
        // Every class of character the rules name: ASCII and other whitespace, multi-byte letters.
        "\tada@example.com\r\n", "ada@example.com\u{00A0}", "\u{2003}ada@example.com", "a;b@example.com",
        String(repeating: "é", count: 33) + "@example.com", "a@example..com", "a@example.com-",
    ]
    static let phones = [
        "+49 30 1234567", "030/1234567", "(555) 123-4567", "555.123.4567", "1-555-123-4567", "0044 20 7946 0958",
        "020 7946 0958", "+1 (555) 123-4567", "12", "+123", "phone", "", "+49 30 1234567 ext 2", "0033 1 23 45 67 89",
        "06 12 34 56 78", "+44 (0) 20 7946 0958", "   ", "+999999999999999999",
        "030\t1234567", "\n030 1234567\r", "030 1234567\u{2003}", "+٤٩٣٠١٢٣٤٥٦٧", "+1234567", "0301234",
    ]
    static let countries = [
        "DE", "de", "Germany", "DEU", "deutschland", " germany ", "US", "usa", "United States", "U.S.", "UK",
        "Great Britain", "gb", "france", "FRA", "España", "ESPAÑA", "Narnia", "", "   ", "Holland", "jp", "Brasil",
        "méxico", "de\u{00A0}", "\nfrance\r", "\tUK",
    ]
    static let timestamps = [
        "2026-01-02 03:04:05", "2026-01-02T03:04:05Z", "2026-01-02T03:04:05", " 2026-11-30 23:59:59 ",
        "2026-13-01 00:00:00", "2026-02-30 10:00:00", "2026-01-02", "yesterday", "", "2026-01-02 24:00:00",
        "2026-01-02 03:04:60", "2026-1-2 3:4:5", "2026-01-02 03:04:05+01:00", "2026-01-02  03:04:05",
        "2026-01-02t03:04:05", "2026-01-02 03:04:05z", "\t2026-01-02 03:04:05\n", "２０２６-01-02 03:04:05",
        "2026-01-02 03:04:05\u{00A0}", "2026-01-02 03:04:05Z",
    ]
    static let names = ["Ada", " Grace ", "", "Émile", "O'Brien", "  ", "Zoë, Jr.", "\u{00A0}Ada", "\r\n", "\tAda\r"]

    /// One random contact, mostly plausible, often broken.
    static func contact(_ g: inout SeededGenerator, index: Int) -> RawContact {
        func maybe(_ values: [String]) -> String? {
            let value = g.pick(values)
            return value.isEmpty && g.chance(0.5) ? nil : value
        }
        return RawContact(
            sourceSystem: g.pick(["crm", "web"]), sourceID: String(format: "%05d", index),
            email: maybe(emails), firstName: maybe(names), lastName: maybe(names), phone: maybe(phones),
            country: maybe(countries), updatedAt: maybe(timestamps))
    }

    static func contacts(_ g: inout SeededGenerator, count: Int) -> [RawContact] {
        (0..<count).map { contact(&g, index: $0) }
    }

    /// Smaller versions of a contact: each field blanked.
    static func shrink(_ raw: RawContact) -> [RawContact] {
        let paths: [WritableKeyPath<RawContact, String?>] = [
            \.email, \.firstName, \.lastName, \.phone, \.country, \.updatedAt,
        ]
        return paths.compactMap { path in
            guard raw[keyPath: path] != nil else { return nil }
            var copy = raw
            copy[keyPath: path] = nil
            return copy
        }
    }

    static func describe(_ raw: RawContact) -> String {
        func q(_ s: String?) -> String { s.map { $0.debugDescription } ?? "nil" }
        return
            "RawContact(\(raw.sourceSystem)/\(raw.sourceID), email: \(q(raw.email)), phone: \(q(raw.phone)), country: \(q(raw.country)), updatedAt: \(q(raw.updatedAt)), names: \(q(raw.firstName)) \(q(raw.lastName)))"
    }
}

/// Table contents for comparing learner and reference SQL: every row, sorted.
struct TableSnapshot: Equatable, Sendable, CustomStringConvertible {
    var columns: [String]
    var rows: [[SQLiteValue]]

    static func of(_ table: String, in db: Connection) throws -> TableSnapshot {
        let statement = try db.prepare("SELECT * FROM \"\(table)\"")
        let columns = (0..<statement.columnCount).map { statement.columnName($0) }
        let rows = try statement.allRows().sorted { $0.description < $1.description }
        return TableSnapshot(columns: columns, rows: rows)
    }

    var description: String {
        let shown = rows.prefix(6).map { "(" + $0.map(\.description).joined(separator: ", ") + ")" }
        return "\(rows.count) row(s) [\(columns.joined(separator: ", "))]"
            + (shown.isEmpty ? "" : ": " + shown.joined(separator: " ")) + (rows.count > 6 ? " …" : "")
    }
}

/// What an SQL exercise's run left behind: the tables, or the error it stopped with.
enum SQLOutcome: Equatable, Sendable, CustomStringConvertible {
    case tables([String: TableSnapshot])
    case failed(String)

    var description: String {
        switch self {
        case .tables(let tables):
            tables.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        case .failed(let message): "the script failed: \(message)"
        }
    }
}

/// Runs `sql` (obtained from the learner or the reference; `Unimplemented` propagates) on a fresh
/// in-memory database prepared by `setUp`, and snapshots `tables`.
func runSQL(_ sql: () throws -> String, setUp: (Connection) throws -> Void, tables: [String]) throws -> SQLOutcome {
    let script = try sql()
    let db = try Connection(.inMemory)
    // The script is the learner's (or the reference's) text run here, in the grader: it may not
    // attach other files (which would create them) or load extensions.
    db.refuseAttachAndExtensions()
    try setUp(db)
    do {
        try db.execute(script)
    } catch {
        return .failed(error.message)  // SQLite's message; the script itself is the learner's file
    }
    var snapshots: [String: TableSnapshot] = [:]
    for table in tables {
        do {
            snapshots[table] = try TableSnapshot.of(table, in: db)
        } catch {
            snapshots[table] = TableSnapshot(columns: ["(missing: \(table))"], rows: [])
        }
    }
    return .tables(snapshots)
}

/// Fails with the learner's SQL error itself when their script did not run, and with `what` when
/// it ran but its tables differ.
func requireSameTables(
    _ expected: SQLOutcome, _ actual: SQLOutcome, _ what: String, file: String, input: @autoclosure () -> String
) throws {
    guard expected != actual else { return }
    if case .failed(let message) = actual {
        throw CheckFailure("\(file) failed to run: \(message)", input: input())
    }
    throw CheckFailure(what, input: input(), expected: expected.description, actual: actual.description)
}

/// The chapter README's normalisation rules, one by one, each with inputs at its edges: exercise 1
/// and exercise 2 each grade every rule in a check of its own, so an implementation that breaks
/// one rule loses that rule's points.
struct NormalisationRule: Sendable {
    var name: String
    var why: String
    var contacts: [RawContact]

    /// A contact that is valid but for the field under test.
    static func contact(
        _ index: Int, email: String? = "ada@example.com", firstName: String? = "Ada", lastName: String? = "Lovelace",
        phone: String? = nil, country: String? = "DE", updatedAt: String? = "2026-01-02 03:04:05"
    ) -> RawContact {
        RawContact(
            sourceSystem: index % 2 == 0 ? "crm" : "web", sourceID: "r\(index)", email: email, firstName: firstName,
            lastName: lastName, phone: phone, country: country, updatedAt: updatedAt)
    }

    static let emailLengths: NormalisationRule = {
        let a = { (count: Int) in String(repeating: "a", count: count) }
        let e = { (count: Int) in String(repeating: "é", count: count) }  // 2 bytes each
        let domain = { (bytes: Int) in a(bytes - 4) + ".com" }
        let emails = [
            a(64) + "@example.com", a(65) + "@example.com", e(32) + "@example.com", e(33) + "@example.com",
            e(40) + "@example.com", "a@" + domain(190), "a@" + domain(191),
            "a@" + String(repeating: "ä", count: 94) + ".de",
            a(63) + "@" + domain(190), a(64) + "@" + domain(190), e(32) + "@" + domain(190), "a@b.c", "a@.c",
            "@example.com", "x@y.z",
        ]
        return NormalisationRule(
            name: "emails: lengths in UTF-8 bytes, at each limit (254 in all, 1–64 before the @, 3–190 after)",
            why: "limits counted in characters let a 66-byte local part of é's through, which mail servers refuse",
            contacts: emails.enumerated().map { contact($0.offset, email: $0.element) })
    }()

    static let emailCharacters: NormalisationRule = {
        let forbidden = [" ", "\t", ",", ";", "<", ">", "(", ")", "\"", "\\"]
        let emails =
            forbidden.map { "a\($0)b@example.com" } + forbidden.map { "ab@exam\($0)ple.com" } + [
                "a@b@example.com", "a@example..com", "a..b@example.com", "a@localhost", "a@.example.com",
                "a@example.com.", "a@-example.com", "a@example.com-", "o'brien@example.ie", ".a@example.com",
                "a.@example.com", "a-b@ex-ample.com", "a+tag@example.com", "a@b.c-d.e", "a@b-.c", "ab@example.c.",
                "a@b.com@", "émile@exämple.fr", "ÉMILE@EXAMPLE.FR",
            ]
        return NormalisationRule(
            name: "emails: one @, none of space, tab and ,;<>()\"\\, no .., a dot in the domain, no . or - at its ends",
            why: "each forbidden character marks a pasted display name or a list, which is not one address",
            contacts: emails.enumerated().map { contact($0.offset, email: $0.element) })
    }()

    static let whitespace: NormalisationRule = {
        let spaces = ["\u{00A0}", "\u{2003}", "\u{3000}", "\u{0B}", "\u{0C}", "\u{FEFF}", "\u{85}"]
        var contacts: [RawContact] = [
            contact(0, email: "\tada@example.com\r\n"), contact(1, email: " \n Ada@Example.com \t"),
            contact(2, email: "ada @example.com"), contact(3, country: " de\t"), contact(4, country: "\nfrance\r"),
            contact(5, phone: "\t030 1234567\n"), contact(6, updatedAt: "\t2026-01-02 03:04:05\r\n"),
            contact(7, firstName: "\tAda\r", lastName: "\r\n"), contact(8, firstName: " \t ", lastName: " Love lace "),
        ]
        for (offset, space) in spaces.enumerated() {
            let index = 10 + offset * 6
            contacts += [
                contact(index, email: space + "ada@example.com"), contact(index + 1, email: "ada@example.com" + space),
                contact(index + 2, country: "de" + space), contact(index + 3, phone: "030 1234567" + space),
                contact(index + 4, updatedAt: space + "2026-01-02 03:04:05"),
                contact(index + 5, firstName: space + "Ada", lastName: "Lovelace" + space),
            ]
        }
        return NormalisationRule(
            name: "whitespace: only space, tab, LF and CR are trimmed, and only at the ends",
            why: "a no-break space is data the other engine keeps: trimming it gives one person two keys",
            contacts: contacts)
    }()

    static let phones: NormalisationRule = {
        let cases: [(String, String?)] = [
            ("030\t1234567", "DE"), ("030_1234567", "DE"), ("030,1234567", "DE"), ("(030) 123-45/67", "DE"),
            ("030.123.4567", "DE"), ("+1234567", "DE"), ("+12345678", "DE"), ("+123456789012345", "DE"),
            ("+1234567890123456", "DE"), ("0301234", "DE"), ("030123", "DE"), ("00441234567", "DE"),
            ("0044 20 7946 0958", "US"), ("06 1234 5678", "Italy"), ("06 1234 5678", "France"),
            ("11 555 123 4567", "US"), ("1 555 123 4567", "US"), ("555 123 4567", "US"), ("030 1234567", nil),
            ("+49 30 1234567", nil), ("0049 30 1234567", "Narnia"), ("+٤٩٣٠١٢٣٤٥٦٧", "DE"),
            ("＋４９ ３０ １２３４５６７", "DE"), ("++49301234567", "DE"), ("00", "DE"), ("+", "DE"), ("0", "DE"),
            ("+49 (0)30 1234567", "DE"), ("+49 30 1234567 ", "DE"),
        ]
        return NormalisationRule(
            name: "phones: the six separators only, 8 to 15 ASCII digits, + and 00, one trunk prefix",
            why: "every digit counts in E.164: one dropped or kept too many dials a stranger",
            contacts: cases.enumerated().map { contact($0.offset, phone: $0.element.0, country: $0.element.1) })
    }()

    static let timestamps: NormalisationRule = {
        let texts = [
            "2026-01-02T03:04:05Z", "2026-01-02 03:04:05Z", "2026-01-02t03:04:05", "2026-01-02T03:04:05z",
            "2026-01-02T03:04:05ZZ", "2026-01-02 03:04:05 Z", "2026-02-30 10:00:00", "2026-04-31 00:00:00",
            "0000-01-01 00:00:00", "2026-00-10 00:00:00", "2026-12-00 00:00:00", "2026-01-32 00:00:00",
            "2026-01-31 23:59:59", "2026-01-02 24:00:00", "2026-01-02 00:60:00", "2026-01-02 00:00:60",
            "２０２６-01-02 03:04:05", "٢٠٢٦-01-02 03:04:05", "2026-01-02 03:04:05.123", "2026-01-02T03:04:05+00:00",
            "2026-01-02_03:04:05", "2026-01-02  03:04", "2026/01/02 03:04:05", "+026-01-02 03:04:05",
        ]
        return NormalisationRule(
            name: "timestamps: 19 bytes (or 20 with Z), upper-case T and Z only, field ranges, no calendar check",
            why: "watermarks compare timestamps as text: a second accepted format sorts in the wrong place",
            contacts: texts.enumerated().map { contact($0.offset, updatedAt: $0.element) })
    }()

    /// Every rule, in the README's order.
    static let all = [emailLengths, emailCharacters, whitespace, phones, timestamps]
}
