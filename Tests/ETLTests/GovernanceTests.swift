import ETL
import Foundation
import SQLite
import Testing

struct GovernanceTests {
    @Test func theETLWarehouseHoldsNoPIIAnywhere() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let source = try Fixture.sources(in: folder, rows: 800, seed: 11)
        try Fixture.run(.etl, source: source, database: folder.path("etl.sqlite"))
        let scanner = try PIIScanner(contactsFile: source.appendingPathComponent("contacts.csv").path)
        let findings = try scanner.scan(try Connection(.file(folder.path("etl.sqlite")), readOnly: true))
        #expect(findings.isEmpty, "\(findings)")
        // The quarantine still says where and why.
        let db = try Connection(.file(folder.path("etl.sqlite")), readOnly: true)
        let reasons = try db.rows("SELECT DISTINCT reason FROM _quarantine WHERE source = 'contacts'").map { $0[0] }
        #expect(reasons.contains(.text("wrong_field_count")))
        #expect(reasons.contains(.text("invalid_email")))
        let redacted = try db.scalar(
            "SELECT count(*) FROM _quarantine WHERE reason = 'invalid_email' AND raw_text LIKE '%[redacted]%'",
            as: Int.self)
        #expect(redacted ?? 0 > 0)
    }

    @Test func theELTWarehouseHoldsRawPIIInStagingButNotInTheMarts() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let source = try Fixture.sources(in: folder, rows: 800, seed: 12)
        try Fixture.run(.elt, source: source, database: folder.path("elt.sqlite"))
        let scanner = try PIIScanner(contactsFile: source.appendingPathComponent("contacts.csv").path)
        let db = try Connection(.file(folder.path("elt.sqlite")), readOnly: true)
        let findings = try scanner.scan(db)
        let columns = Set(findings.map { "\($0.table).\($0.column)" })
        for column in [
            "stg_contacts_raw.email", "stg_contacts_raw.phone", "stg_contacts_raw.first_name", "stg_events_raw.raw",
            "_quarantine.raw_text",
        ] {
            #expect(columns.contains(column), "\(column) in \(columns.sorted())")
        }
        #expect(!findings.contains { WarehouseSchema.marts.contains($0.table) }, "\(findings)")
        #expect(!findings.contains { $0.table.hasPrefix("normalized") || $0.table.hasPrefix("latest") })
        // The masked view shows no PII.
        let masked = try db.rows("SELECT * FROM stg_contacts_masked").flatMap { $0 }
        let leaks = masked.compactMap { value -> String? in
            guard case .text(let text) = value, !scanner.kinds(in: text).isEmpty else { return nil }
            return text
        }
        #expect(leaks.isEmpty, "\(leaks.prefix(3))")
        #expect(try db.scalar("SELECT count(*) FROM stg_contacts_masked", as: Int.self) ?? 0 > 0)
    }

    @Test func theScannerFindsWhatItShouldAndNotHashes() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let csv = folder.path("contacts.csv")
        try """
        source_system,source_id,email,first_name,last_name,phone,country,updated_at\r
        crm,C1, Anna.Smith@Example.com ,Anna,Smith,030/1234567,DE,2025-01-01 00:00:00\r

        """.write(toFile: csv, atomically: true, encoding: .utf8)
        let scanner = try PIIScanner(contactsFile: csv)
        #expect(scanner.kinds(in: "anna.smith@example.com").contains("email"))
        #expect(scanner.kinds(in: "mail: <ANNA.SMITH@EXAMPLE.COM>").contains("email"))
        #expect(scanner.kinds(in: "+49301234567") == ["phone"])
        #expect(scanner.kinds(in: "Dear Anna Smith,") == ["name"])
        #expect(scanner.kinds(in: Warehouse.hashHex("anna.smith@example.com", salt: "s")).isEmpty)
        #expect(scanner.kinds(in: "2025-01-01T00:00:00Z").isEmpty)
        #expect(scanner.kinds(in: "example.com").isEmpty)
    }
}
