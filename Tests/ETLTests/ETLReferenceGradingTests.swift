import ETL
import ETLChecks
import ETLSolution
import Foundation
import Grading
import SQLite
import Testing

@Suite struct ETLReferenceGradingTests {
    /// The CLI lists exercises from the committed plan, not from the catalogue it does not link.
    @Test func theCommittedPlanIsTheCatalogues() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let problem = ETLChecks.plan.committedCopyProblem(root: root)
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test(arguments: [1, 42] as [UInt64])
    func referenceGetsFullMarks(seed: UInt64) {
        // Full marks; 100 points in a learner's practice runs, hidden checks in every exercise.
        #expect(grade(reference, seed: seed).referenceProblems() == [])
    }

    @Test func everyExerciseHasSeveralChecks() {
        let plan = ETLChecks.plan
        #expect(plan.exercises.map(\.number) == [1, 2, 3, 4, 5])
        for exercise in plan.exercises {
            #expect(plan.checks.filter { $0.exercise == exercise.id }.count >= 4, "\(exercise.id)")
        }
    }

    /// The Swift and the SQL normalisation are two implementations of one specification: on
    /// thousands of generated messy contacts they must agree row for row.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func swiftAndSQLNormalisationAgree(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let contacts = (0..<1_500).map { i in
            RawContact(
                sourceSystem: generator.pick(["crm", "web"]), sourceID: String(i),
                email: generator.pick([
                    "  Ada@Example.COM ", "bad email@x.com", "a@b", "x@y.z", nil, "", "émile@exämple.fr",
                    "trailing@example.com.", "UP@EXAMPLE.ORG\t",
                ]),
                firstName: generator.pick([" Ada ", nil, "", "Zoë"]), lastName: generator.pick(["Lovelace", nil]),
                phone: generator.pick([
                    "+49 30 1234567", "030/1234567", "(555) 123-4567", "0044 20 7946 0958", "12", "phone", nil, "",
                    "+44 (0) 20 7946 0958", "06 12 34 56 78",
                ]),
                country: generator.pick([
                    "DE", "usa", "Germany", "España", "ESPAÑA", "Narnia", nil, "", " uk ", "Holland", "méxico",
                ]),
                updatedAt: generator.pick([
                    "2026-01-02 03:04:05", "2026-01-02T03:04:05Z", "2026-13-01 00:00:00", "later", nil,
                    " 2026-11-30 23:59:59 ",
                ]))
        }
        let db = try Connection(.inMemory)
        try ContactTables.create(in: db)
        try ContactTables.insert(contacts, into: db)
        try db.execute(try ContactSQL().normalizeContactsSQL())
        var sqlAccepted: [String: [SQLiteValue]] = [:]
        for row in try db.rows("SELECT * FROM normalized_contacts") { sqlAccepted[row[1].description] = row }
        var sqlRejected: [String: String] = [:]
        for row in try db.rows("SELECT source_id, reasons FROM rejected_contacts") {
            if case .text(let id) = row[0], case .text(let reasons) = row[1] { sqlRejected[id] = reasons }
        }
        for contact in contacts {
            do {
                let c = try ContactNormalizer().normalize(contact)
                let expected: [SQLiteValue] = [
                    .text(c.sourceSystem), .text(c.sourceID), .text(c.email),
                    c.firstName.map(SQLiteValue.text) ?? .null,
                    c.lastName.map(SQLiteValue.text) ?? .null, c.phone.map(SQLiteValue.text) ?? .null,
                    c.countryCode.map(SQLiteValue.text) ?? .null, .text(c.updatedAt),
                ]
                #expect(sqlAccepted[SQLiteValue.text(contact.sourceID).description] == expected, "\(contact)")
            } catch let rejection as ContactRejection {
                #expect(sqlRejected[contact.sourceID] == rejection.codes, "\(contact)")
            }
        }
    }
}
