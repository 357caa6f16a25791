import ETL
import Foundation
import SQLite
import Testing

struct PipelineTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func bothPathsBuildIdenticalMarts(seed: UInt64) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let source = try Fixture.sources(in: folder, rows: 600, seed: seed)
        let etl = try Fixture.run(.etl, source: source, database: folder.path("etl.sqlite"))
        let elt = try Fixture.run(.elt, source: source, database: folder.path("elt.sqlite"))
        for mart in WarehouseSchema.marts {
            let a = try snapshot(mart, in: folder.path("etl.sqlite"))
            let b = try snapshot(mart, in: folder.path("elt.sqlite"))
            #expect(!a.isEmpty, "\(mart)")
            #expect(
                a == b,
                "\(mart): \(a.count) vs \(b.count) rows; differing: \(Set(a).symmetricDifference(b).sorted().prefix(3))"
            )
        }
        #expect(etl.contacts == elt.contacts)
        #expect(etl.events == elt.events)
        #expect(etl.isReconciled && elt.isReconciled)
        #expect(etl.watermarks == elt.watermarks)
        // The same records are quarantined for the same reasons (ETL keeps them redacted).
        let kept: Set<String> = ["raw_text", "detail", "table_name", "run_id", "loaded_at"]
        let quarantinedByETL = try snapshot("_quarantine", in: folder.path("etl.sqlite"), excluding: kept)
        let quarantinedByELT = try snapshot("_quarantine", in: folder.path("elt.sqlite"), excluding: kept)
        #expect(quarantinedByETL == quarantinedByELT)
    }
}

struct CompareAndRebuildTests {
    @Test func theComparisonFindsIdenticalMartsAndPIIOnlyOnTheELTSide() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let source = try Fixture.sources(in: folder, rows: 400, seed: 7)
        let report = try ETLCompare.run(source: source, implementations: reference, workDirectory: folder.folder("w"))
        #expect(report.martsIdentical)
        #expect(report.marts.map(\.mart) == WarehouseSchema.marts)
        #expect(report.marts.allSatisfy { $0.rows > 0 })
        #expect(report.etl.pii.isEmpty)
        #expect(report.elt.pii.contains { $0.table == "stg_contacts_raw" && $0.column == "email" })
        #expect(report.etl.bytes > 0 && report.elt.bytes > report.etl.bytes)
        let table = report.table
        #expect(table.contains("PII columns in the warehouse"))
        #expect(table.contains("marts diff dim_contact"))
        #expect(!table.contains("DIFFERENT"))
    }

    @Test func rebuildRecreatesTheMartsFromRawWithoutTheFiles() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let source = try Fixture.sources(in: folder, rows: 300, seed: 8)
        let database = folder.path("elt.sqlite")
        try Fixture.run(.elt, source: source, database: database)
        let before = try warehouseSnapshot(database)
        try FileManager.default.removeItem(at: source)
        try Connection(.file(database)).execute("DELETE FROM dim_contact; DELETE FROM fct_event;")
        let report = try Pipeline.rebuild(database: database, implementations: reference, now: Fixture.now)
        #expect(report.timings.extract == 0)
        #expect(try warehouseSnapshot(database) == before)
        let etl = folder.path("etl.sqlite")
        try Fixture.run(.etl, source: try Fixture.sources(in: folder, rows: 50, seed: 8, name: "small"), database: etl)
        #expect(throws: PipelineError.self) { try Pipeline.rebuild(database: etl, implementations: reference) }
    }
}
