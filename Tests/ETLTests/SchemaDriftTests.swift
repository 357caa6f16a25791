import ETL
import Foundation
import SQLite
import Testing

struct SchemaDriftTests {
    /// A drift case: how the source changes.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var kind: String
        var field: String
        var change: @Sendable (inout HandwrittenSource) -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a new column", kind: "new_column", field: "company") { source in
            source.header.append("company")
            for index in source.contacts.indices { source.contacts[index].append("Acme \(index)") }
        },
        Case(name: "a vanished column", kind: "missing_column", field: "phone") { source in
            let position = source.header.firstIndex(of: "phone")!
            source.header.remove(at: position)
            for index in source.contacts.indices { source.contacts[index].remove(at: position) }
        },
        Case(name: "updated_at as epoch seconds", kind: "changed_type", field: "updated_at") { source in
            let position = source.header.firstIndex(of: "updated_at")!
            for index in source.contacts.indices { source.contacts[index][position] = "\(1_735_725_600 + index * 60)" }
        },
        Case(name: "a missing JSON key", kind: "missing_key", field: "properties") { source in
            source.events = source.events.map { line in
                line.replacingOccurrences(of: #",\"properties\":\{[^}]*\}"#, with: "", options: .regularExpression)
            }
        },
    ]

    static func source(_ drift: Case, in folder: ScratchFolder) throws -> URL {
        var source = HandwrittenSource.batchA
        source.contacts += (0..<4).map {
            ["crm", "C9\($0)", "x\($0)@example.com", "X", "Y", "", "", "2025-01-05 10:00:00"]
        }
        drift.change(&source)
        return try source.write(to: folder.folder("drifted"))
    }

    @Test(arguments: cases)
    func etlStopsUnderFailBeforeLoadingAnything(drift: Case) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let database = folder.path("etl.sqlite")
        try Fixture.run(.etl, source: HandwrittenSource.batchA.write(to: folder.folder("clean")), database: database)
        let before = try warehouseSnapshot(database)
        let error = #expect(throws: PipelineError.self) {
            try Fixture.run(.etl, source: try Self.source(drift, in: folder), database: database, onDrift: .fail)
        }
        #expect(
            error?.description.contains("schema drift (\(drift.kind) \(drift.field)") == true,
            "\(String(describing: error))")
        #expect(try warehouseSnapshot(database) == before)
        let status = try Connection(.file(database)).rows("SELECT status FROM _runs ORDER BY started_at, rowid")
        #expect(status.last == [.text("failed")])
    }

    @Test(arguments: cases)
    func etlReportsAndGoesOnUnderIgnore(drift: Case) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let report = try Fixture.run(
            .etl, source: try Self.source(drift, in: folder), database: folder.path("etl.sqlite"), onDrift: .ignore)
        #expect(report.drift.contains { $0.kind == drift.kind && $0.field == drift.field }, "\(report.drift)")
        #expect(report.isReconciled)
        let db = try Connection(.file(folder.path("etl.sqlite")), readOnly: true)
        #expect(!(try Warehouse.columns(of: "wh_contacts", in: db)).contains("company"))
        switch drift.kind {
        case "changed_type":
            #expect(report.contacts.loaded == 0)
            #expect(report.contacts.quarantined == report.contacts.read)
        case "missing_key":
            #expect(try db.scalar("SELECT count(*) FROM fct_event WHERE utm_campaign IS NOT NULL", as: Int.self) == 0)
            #expect(report.events.loaded == 3)
        default:
            #expect(report.contacts.loaded == 7)
        }
    }

    @Test func etlAddsANewColumnUnderAddColumn() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let report = try Fixture.run(
            .etl, source: try Self.source(Self.cases[0], in: folder), database: folder.path("etl.sqlite"),
            onDrift: .addColumn)
        #expect(report.drift.first?.action.contains("added to wh_contacts") == true)
        let db = try Connection(.file(folder.path("etl.sqlite")), readOnly: true)
        let values = try db.rows("SELECT company FROM wh_contacts WHERE source_id = 'C1'")
        #expect(values == [[.text("Acme 0")]])
    }

    @Test(arguments: cases)
    func eltKeepsTheChangeInRawAndGoesOn(drift: Case) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let source = try Self.source(drift, in: folder)
        let report = try Fixture.run(.elt, source: source, database: folder.path("elt.sqlite"), onDrift: .fail)
        #expect(report.isReconciled)
        #expect(report.contacts.read == 7)
        let db = try Connection(.file(folder.path("elt.sqlite")), readOnly: true)
        #expect(try db.scalar("SELECT count(*) FROM stg_contacts_raw", as: Int.self) == 7)
        #expect(try db.scalar("SELECT count(*) FROM stg_events_raw", as: Int.self) == 3)
        switch drift.kind {
        case "new_column":
            #expect(try db.rows("SELECT company FROM stg_contacts_raw WHERE source_id = 'C1'") == [[.text("Acme 0")]])
            #expect(report.drift.contains { $0.kind == "new_column" && $0.field == "company" })
        case "missing_column":
            #expect(try db.scalar("SELECT count(*) FROM stg_contacts_raw WHERE phone IS NULL", as: Int.self) == 7)
            #expect(report.contacts.loaded == 7)
        case "changed_type":
            #expect(
                try db.scalar("SELECT updated_at FROM stg_contacts_raw WHERE source_id = 'C1'", as: String.self)
                    == "1735725600")
            #expect(report.contacts.quarantined == 7)
        default:
            #expect(report.drift.contains { $0.kind == "missing_key" && $0.field == "properties" })
            #expect(report.events.loaded == 3)
        }
        // Both paths agree once the ETL path ignores the drift.
        try Fixture.run(.etl, source: source, database: folder.path("etl.sqlite"), onDrift: .ignore)
        for mart in WarehouseSchema.marts {
            #expect(
                try snapshot(mart, in: folder.path("etl.sqlite")) == snapshot(mart, in: folder.path("elt.sqlite")),
                "\(mart)")
        }
    }
}
