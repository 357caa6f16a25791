import ETL
import Foundation
import SQLite
import Testing

struct DataGeneratorTests {
    @Test func theSameSeedWritesTheSameFiles() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let first = try DataGenerator.generate(rows: 300, seed: 42, into: folder.folder("a"))
        let second = try DataGenerator.generate(rows: 300, seed: 42, into: folder.folder("b"))
        let other = try DataGenerator.generate(rows: 300, seed: 43, into: folder.folder("c"))
        #expect(first == second)
        for file in [DataGenerator.contactsFile, DataGenerator.eventsFile] {
            let a = try Data(contentsOf: folder.folder("a").appendingPathComponent(file))
            let b = try Data(contentsOf: folder.folder("b").appendingPathComponent(file))
            let c = try Data(contentsOf: folder.folder("c").appendingPathComponent(file))
            #expect(a == b, "\(file)")
            #expect(a != c, "\(file)")
        }
        let crmA = try snapshot("contacts", in: folder.folder("a").appendingPathComponent("crm.sqlite").path)
        let crmB = try snapshot("contacts", in: folder.folder("b").appendingPathComponent("crm.sqlite").path)
        #expect(crmA == crmB)
        _ = other
    }

    @Test func theContactsExportHasTheMessOfARealOne() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let report = try DataGenerator.generate(rows: 2000, seed: 1, into: folder.url)
        let text = try String(contentsOf: folder.url.appendingPathComponent("contacts.csv"), encoding: .utf8)
        #expect(text.hasPrefix(RawContact.columns.joined(separator: ",") + "\r\n"))
        #expect(report.contactRecords == 2000)
        #expect(report.contactsBySystem["crm", default: 0] + report.contactsBySystem["web", default: 0] == 2000)
        #expect(report.malformedContactRecords > 0)
        #expect(report.invalidContactRecords > 0)
        #expect(report.repeatedContactRecords > 0)
        #expect(report.reexportedContactRecords > 0)
        #expect(report.peopleInBothSystems > 0)
        // Phone formats, padded mixed-case emails, doubled quotes, embedded newlines.
        for sample in ["/", "(", "+", "00"] { #expect(text.contains(sample), "\(sample)") }
        #expect(text.contains("\"\"Bud\"\" Taylor"))
        #expect(text.contains("@Example.") || text.contains("@EXAMPLE."))
        let reader = try CSVReader(path: folder.path("contacts.csv"))
        var records = 0
        var malformed = 0
        var embeddedNewline = false
        reader.expectedFieldCount = 8
        while let item = try reader.next() {
            switch item {
            case .record(let record):
                records += 1
                embeddedNewline = embeddedNewline || record.fields.contains { $0.contains("\n") }
            case .malformed: malformed += 1
            }
        }
        #expect(records + malformed == 2001)  // with the header
        #expect(malformed == report.malformedContactRecords)
        #expect(embeddedNewline)
    }

    @Test func theUnterminatedQuoteIsOnlyEverTheLastRecord() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let report = try DataGenerator.generate(
            rows: 200, seed: 3, into: folder.url, options: DataGenerator.Options(unterminatedQuoteAtEnd: true))
        let reader = try CSVReader(path: folder.path("contacts.csv"))
        reader.expectedFieldCount = 8
        let items = try reader.readAll()
        guard case .malformed(let last) = items.last else {
            Issue.record("the last record should be malformed")
            return
        }
        #expect(last.reason == .unterminatedQuote)
        #expect(items.count == 201)
        #expect(
            items.filter { if case .malformed = $0 { true } else { false } }.count == report.malformedContactRecords)
    }

    @Test func theEventLogHasDuplicatesDisorderAndBadLines() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let report = try DataGenerator.generate(rows: 1000, seed: 5, into: folder.url)
        let lines = try String(contentsOf: folder.url.appendingPathComponent("events.jsonl"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == report.eventLines)
        #expect(report.eventLines == 10_000 + report.duplicateEventDeliveries)
        #expect(report.duplicateEventDeliveries > 100)
        for kind in ["invalid_json", "not_an_object", "missing_event_id", "unknown_event_type", "invalid_occurred_at"] {
            #expect(report.badEventLines[kind, default: 0] > 0, "\(kind)")
        }
        let times = lines.compactMap { line -> String? in
            guard let range = line.range(of: "\"occurred_at\":\"") else { return nil }
            return String(line[range.upperBound...].prefix(19))
        }
        #expect(times != times.sorted())  // out of order
        #expect(lines.contains { $0.contains("+0") || $0.contains("-0") })  // local times with offsets
        #expect(lines.contains { $0.contains("utm_campaign") })
    }

    @Test func theCRMDatabaseCapturesEveryChange() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let report = try DataGenerator.generate(rows: 300, seed: 9, into: folder.url)
        let source = try CRMSource.open(at: folder.url.appendingPathComponent("crm.sqlite"))
        #expect(try source.scalar("SELECT count(*) FROM contacts", as: Int.self) == report.crmRows)
        #expect(report.changeLogPosition == Int64(report.crmRows))
        let creates = try ChangeLog.read(from: source, after: nil, limit: 10)
        #expect(creates.map(\.operation) == Array(repeating: .create, count: 10))
        #expect(creates.map(\.position) == Array(1...10))
        #expect(creates.allSatisfy { $0.before == nil && $0.after != nil })

        try source.execute(
            "UPDATE contacts SET country_code = 'ZZ', updated_at = '2030-01-01T00:00:00Z' WHERE id = 'C0000001'")
        try source.execute("DELETE FROM contacts WHERE id = 'C0000001'")
        try source.execute("INSERT INTO contacts VALUES ('N1', 'n@example.com', NULL, '2030-01-02T00:00:00Z')")
        try source.execute("UPDATE contacts SET id = 'N2' WHERE id = 'N1'")
        let changes = try ChangeLog.read(from: source, after: report.changeLogPosition, limit: 100)
        #expect(changes.map(\.operation) == [.update, .delete, .create, .delete, .create])
        #expect(changes.map(\.key) == ["C0000001", "C0000001", "N1", "N1", "N2"])
        #expect(changes[0].after?.countryCode == "ZZ")
        #expect(changes[0].before?.countryCode != "ZZ")
        #expect(changes[1].before?.updatedAt == "2030-01-01T00:00:00Z")
        #expect(changes[1].after == nil)
        #expect(
            changes[2].after
                == ContactImage(email: "n@example.com", countryCode: nil, updatedAt: "2030-01-02T00:00:00Z"))
        #expect(changes.map(\.position) == (1...5).map { report.changeLogPosition + Int64($0) })
    }

    @Test func mutationsAreCapturedAndSeeded() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        for name in ["a", "b"] {
            _ = try DataGenerator.generate(rows: 200, seed: 4, into: folder.folder(name))
        }
        let a = try CRMSource.open(at: folder.folder("a").appendingPathComponent("crm.sqlite"))
        let b = try CRMSource.open(at: folder.folder("b").appendingPathComponent("crm.sqlite"))
        let mutation = try ChangeLog.mutate(source: a, changes: 50, seed: 8)
        _ = try ChangeLog.mutate(source: b, changes: 50, seed: 8)
        #expect(mutation.inserted + mutation.updated + mutation.deleted == 50)
        #expect(mutation.inserted > 0 && mutation.updated > 0 && mutation.deleted > 0)
        #expect(mutation.lastPosition - mutation.firstPosition == 50)
        let contactsA = try a.rows("SELECT * FROM contacts ORDER BY id")
        #expect(contactsA == (try b.rows("SELECT * FROM contacts ORDER BY id")))
        let events = try ChangeLog.read(from: a, after: mutation.firstPosition, limit: 1000)
        #expect(events.count == 50)
    }
}
