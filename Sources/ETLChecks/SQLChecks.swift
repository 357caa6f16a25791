import ETL
import Grading
import SQLite

extension ETLChecks {
    static let normalizeTables = ["normalized_contacts", "rejected_contacts"]

    static func prepareRaw(_ contacts: [RawContact]) -> (Connection) throws -> Void {
        { db in
            try ContactTables.create(in: db)
            try ContactTables.insert(contacts, into: db)
        }
    }

    static func normalizeSQLChecks(learner: ETLImplementations, reference: ETLImplementations) -> [Check] {
        let sql = learner.sql
        let model = reference.sql

        @Sendable func outcomes(_ contacts: [RawContact]) throws -> (expected: SQLOutcome, actual: SQLOutcome) {
            let actual = try runSQL(sql.normalizeContactsSQL, setUp: prepareRaw(contacts), tables: normalizeTables)
            let expected = try runSQL(model.normalizeContactsSQL, setUp: prepareRaw(contacts), tables: normalizeTables)
            return (expected, actual)
        }

        let edgeCases: [RawContact] = [
            RawContact(
                sourceSystem: "crm", sourceID: "1", email: "  Ada@Example.COM ", firstName: " Ada ", lastName: "",
                phone: "030/1234567", country: "germany", updatedAt: "2026-01-02 03:04:05"),
            RawContact(
                sourceSystem: "web", sourceID: "2", email: "grace@navy.mil", phone: "(555) 123-4567", country: "USA",
                updatedAt: "2026-01-02T03:04:05Z"),
            RawContact(
                sourceSystem: "web", sourceID: "3", email: "bad email@x.com", phone: "12", country: "Narnia",
                updatedAt: "later"),
            RawContact(sourceSystem: "crm", sourceID: "4", email: nil, phone: nil, country: nil, updatedAt: nil),
            RawContact(
                sourceSystem: "crm", sourceID: "5", email: "émile@exämple.fr", phone: "0044 20 7946 0958",
                country: "España", updatedAt: " 2026-11-30 23:59:59 "),
            RawContact(
                sourceSystem: "crm", sourceID: "6", email: "x@y.z", phone: "+44 (0) 20 7946 0958", country: "uk",
                updatedAt: "2026-02-30 10:00:00"),
            RawContact(
                sourceSystem: "web", sourceID: "7", email: "o'brien@example.ie", phone: "020 7946 0958", country: "",
                updatedAt: "2026-13-01 00:00:00"),
        ]

        return [
            Check(
                "creates normalized_contacts and rejected_contacts with the exercise's columns", kind: .example,
                points: 2,
                why: "downstream models select these columns by name"
            ) { _ in
                let (expected, actual) = try outcomes(edgeCases)
                guard case .tables(let want) = expected else { throw CheckFailure("the reference failed: \(expected)") }
                guard case .tables(let got) = actual else {
                    throw CheckFailure("normalize_contacts.sql failed to run: \(actual)", input: "7 contacts")
                }
                for table in normalizeTables {
                    try require(
                        got[table]?.columns == want[table]?.columns, "\(table) has other columns", input: table,
                        expected: want[table]!.columns.joined(separator: ", "),
                        actual: got[table]?.columns.joined(separator: ", ") ?? "missing")
                }
            },
            Check(
                "agrees with the reference on hand-picked edge cases", kind: .scenario, points: 4,
                why: "the SQL path must clean data exactly as the Swift path, or the two pipelines disagree"
            ) { _ in
                let (expected, actual) = try outcomes(edgeCases)
                try requireSameTables(
                    expected, actual, "the tables differ from the reference", file: "normalize_contacts.sql",
                    input: edgeCases.map(ContactFixtures.describe).joined(separator: "\n          "))
            },
            Check(
                "agrees with the reference on generated contacts", kind: .property, points: 5,
                why: "every combination of mess a real export holds"
            ) { context in
                try context.forAll(
                    Property(
                        generate: { g in ContactFixtures.contacts(&g, count: 40) },
                        shrink: { contacts in Shrink.array(contacts) },
                        describe: { $0.map(ContactFixtures.describe).joined(separator: "\n          ") }),
                    cases: 25, message: "the tables differ from the reference",
                    learner: { try runSQL(sql.normalizeContactsSQL, setUp: prepareRaw($0), tables: normalizeTables) },
                    reference: {
                        try runSQL(model.normalizeContactsSQL, setUp: prepareRaw($0), tables: normalizeTables)
                    })
            },
            Check(
                "can run again: a second run gives the same tables", kind: .example, points: 2,
                why: "models are rebuilt on every run; a script that fails the second time breaks the pipeline"
            ) { _ in
                try requireRerunnable(
                    sql.normalizeContactsSQL, setUp: prepareRaw(edgeCases), tables: normalizeTables,
                    file: "normalize_contacts.sql")
            },
        ]
            + zip(NormalisationRule.all, [2, 2, 1, 1, 1]).map { rule, points in
                Check(rule.name, kind: .example, points: points, why: rule.why) { _ in
                    let (expected, actual) = try outcomes(rule.contacts)
                    try requireSameTables(
                        expected, actual, "the tables differ from the reference at this rule's edges",
                        file: "normalize_contacts.sql",
                        input: rule.contacts.map(ContactFixtures.describe).joined(separator: "\n          "))
                }
            }
    }

    /// Fails unless `sql` run twice on one database leaves the tables one run leaves.
    static func requireRerunnable(
        _ sql: () throws -> String, setUp: (Connection) throws -> Void, tables: [String], file: String
    ) throws {
        let script = try sql()
        let once = try runSQL({ script }, setUp: setUp, tables: tables)
        let twice = try runSQL({ script + "\n;\n" + script }, setUp: setUp, tables: tables)
        if case .failed(let message) = once { throw CheckFailure("\(file) failed to run: \(message)") }
        try require(
            once == twice, "running the script twice gave other tables or failed",
            input: "the script run twice on the same database", expected: once.description, actual: twice.description)
    }

    static func dedupeChecks(learner: ETLImplementations, reference: ETLImplementations) -> [Check] {
        let sql = learner.sql
        let model = reference.sql
        let columns = "source_system, source_id, email, first_name, last_name, phone, country_code, updated_at"

        /// A `normalized_contacts` table holding `rows` (system, id, email, updated_at).
        @Sendable func prepare(_ rows: [[String]]) -> (Connection) throws -> Void {
            { db in
                try db.execute("CREATE TABLE normalized_contacts (\(columns))")
                let insert = try db.prepare(
                    "INSERT INTO normalized_contacts VALUES (?, ?, ?, NULL, NULL, NULL, 'DE', ?)")
                for row in rows { try insert.run(row.map(SQLiteValue.text)) }
            }
        }

        @Sendable func expect(_ rows: [[String]], _ what: String) throws {
            let expected = try runSQL(model.dedupeContactsSQL, setUp: prepare(rows), tables: ["latest_contacts"])
            let actual = try runSQL(sql.dedupeContactsSQL, setUp: prepare(rows), tables: ["latest_contacts"])
            try requireSameTables(
                expected, actual, what, file: "dedupe_contacts.sql",
                input: rows.map { "(" + $0.joined(separator: ", ") + ")" }.joined(separator: " "))
        }

        return [
            Check(
                "one row per email", kind: .example, points: 3,
                why: "a duplicated person is counted, mailed and billed twice"
            ) { _ in
                try expect(
                    [
                        ["crm", "1", "a@x.io", "2026-01-01T00:00:00Z"], ["web", "2", "a@x.io", "2026-01-02T00:00:00Z"],
                        ["web", "3", "b@x.io", "2026-01-01T00:00:00Z"],
                    ],
                    "not exactly one row per email")
            },
            Check(
                "the latest updated_at wins, wherever it is in the table", kind: .example, points: 3,
                why: "keeping the first record seen keeps stale data"
            ) { _ in
                try expect(
                    [
                        ["web", "9", "a@x.io", "2026-03-01T00:00:00Z"], ["crm", "1", "a@x.io", "2026-01-01T00:00:00Z"],
                        ["crm", "5", "a@x.io", "2026-02-01T00:00:00Z"],
                    ],
                    "the row kept is not the latest")
            },
            Check(
                "ties: crm before web, then the greater source_id", kind: .example, points: 3,
                why: "without a tie-breaker the winner changes from run to run"
            ) { _ in
                try expect(
                    [
                        ["web", "7", "a@x.io", "2026-01-01T00:00:00Z"], ["crm", "2", "a@x.io", "2026-01-01T00:00:00Z"],
                        ["web", "3", "b@x.io", "2026-01-01T00:00:00Z"], ["web", "4", "b@x.io", "2026-01-01T00:00:00Z"],
                    ],
                    "the tie was broken differently")
            },
            Check(
                "can run again: a second run gives the same table", kind: .example, points: 2,
                why: "models are rebuilt on every run; a script that fails the second time breaks the pipeline"
            ) { _ in
                let rows = [
                    ["crm", "1", "a@x.io", "2026-01-01T00:00:00Z"], ["web", "2", "a@x.io", "2026-01-02T00:00:00Z"],
                ]
                try requireRerunnable(
                    sql.dedupeContactsSQL, setUp: prepare(rows), tables: ["latest_contacts"],
                    file: "dedupe_contacts.sql")
            },
            Check(
                "agrees with the reference on generated duplicates", kind: .property, points: 4,
                why: "duplicates come in every pattern"
            ) { context in
                try context.forAll(
                    Property(
                        generate: { g in
                            (0..<Int.random(in: 1...30, using: &g)).map { i in
                                [
                                    g.pick(["crm", "web"]), String(Int.random(in: 1...40, using: &g)),
                                    g.pick(["a@x.io", "b@x.io", "c@x.io"]),
                                    "2026-01-0\(Int.random(in: 1...4, using: &g))T00:00:00Z",
                                ]
                            }
                        },
                        shrink: { Shrink.array($0) },
                        describe: { $0.map { "(" + $0.joined(separator: ", ") + ")" }.joined(separator: " ") }),
                    cases: 60, message: "latest_contacts differs from the reference",
                    learner: { try runSQL(sql.dedupeContactsSQL, setUp: prepare($0), tables: ["latest_contacts"]) },
                    reference: { try runSQL(model.dedupeContactsSQL, setUp: prepare($0), tables: ["latest_contacts"]) })
            },
        ]
    }
}
