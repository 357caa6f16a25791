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
    ]
    static let phones = [
        "+49 30 1234567", "030/1234567", "(555) 123-4567", "555.123.4567", "1-555-123-4567", "0044 20 7946 0958",
        "020 7946 0958", "+1 (555) 123-4567", "12", "+123", "phone", "", "+49 30 1234567 ext 2", "0033 1 23 45 67 89",
        "06 12 34 56 78", "+44 (0) 20 7946 0958", "   ", "+999999999999999999",
    ]
    static let countries = [
        "DE", "de", "Germany", "DEU", "deutschland", " germany ", "US", "usa", "United States", "U.S.", "UK",
        "Great Britain", "gb", "france", "FRA", "España", "ESPAÑA", "Narnia", "", "   ", "Holland", "jp", "Brasil",
        "méxico",
    ]
    static let timestamps = [
        "2026-01-02 03:04:05", "2026-01-02T03:04:05Z", "2026-01-02T03:04:05", " 2026-11-30 23:59:59 ",
        "2026-13-01 00:00:00", "2026-02-30 10:00:00", "2026-01-02", "yesterday", "", "2026-01-02 24:00:00",
        "2026-01-02 03:04:60", "2026-1-2 3:4:5", "2026-01-02 03:04:05+01:00", "2026-01-02  03:04:05",
    ]
    static let names = ["Ada", " Grace ", "", "Émile", "O'Brien", "  ", "Zoë, Jr."]

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
