import ETL
import Foundation
import SQLite
import Testing

struct IncrementalLoadTests {
    @Test(arguments: PipelineMode.allCases)
    func loadingTheSameBatchTwiceChangesNothing(mode: PipelineMode) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let source = try Fixture.sources(in: folder, rows: 500, seed: 31)
        let database = folder.path("w.sqlite")
        let first = try Fixture.run(mode, source: source, database: database, incremental: true)
        let before = try warehouseSnapshot(database)
        let second = try Fixture.run(mode, source: source, database: database, incremental: true)
        let after = try warehouseSnapshot(database)
        #expect(before.keys.sorted() == after.keys.sorted())
        for table in before.keys.sorted() {
            #expect(before[table] == after[table], "\(table)")
        }
        #expect(second.isReconciled, "\(second.contacts) \(second.events)")
        #expect(second.events.loaded == 0)
        #expect(second.events.read == first.events.read)
        #expect(second.watermarks == first.watermarks)
        if mode == .etl {
            #expect(second.contacts.alreadyLoaded > 0)
            #expect(second.events.alreadyLoaded == first.events.loaded)
        } else {
            #expect(second.skippedFiles.count == 2)
        }
    }

    @Test func contactsLoadedInSmallBatchesEndAsInOne() throws {
        // Batches of 7 (and one of everything): the same warehouse, the same counts and
        // watermarks, for a full refresh and for an incremental run on top of it.
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let first = try Fixture.sources(in: folder, rows: 400, seed: 41, name: "first")
        // The same export a year on for every third contact: newer versions past the watermark.
        let second = folder.folder("second")
        try FileManager.default.copyItem(at: first, to: second)
        let csv = second.appendingPathComponent("contacts.csv")
        let lines = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\n")
        try lines.enumerated().map {
            $0.offset % 3 == 1
                ? $0.element.replacingOccurrences(of: ",\"2025-", with: ",\"2027-").replacingOccurrences(
                    of: ",\"2026-", with: ",\"2027-") : $0.element
        }
        .joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        var results: [(report: RunReport, tables: [String: [String]])] = []
        for batch in [7, 1_000_000] {
            let database = folder.path("w\(batch).sqlite")
            var options = Fixture.options(.etl, source: first, database: database)
            options.contactBatch = batch
            try Pipeline.run(options, implementations: reference)
            options.source = second
            options.incremental = true
            let report = try Pipeline.run(options, implementations: reference)
            results.append((report, try warehouseSnapshot(database)))
        }
        let (small, whole) = (results[0], results[1])
        #expect(whole.report.contacts.loaded > 10, "\(whole.report.contacts)")
        #expect(small.report.contacts == whole.report.contacts)
        #expect(small.report.watermarks == whole.report.watermarks)
        #expect(small.report.isReconciled)
        for table in whole.tables.keys.sorted() where !table.hasPrefix("_") {
            #expect(small.tables[table] == whole.tables[table], "\(table)")
        }
    }

    @Test(arguments: PipelineMode.allCases)
    func outOfOrderBatchesEndWithTheNewerVersions(mode: PipelineMode) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let a = try HandwrittenSource.batchA.write(to: folder.folder("a"))
        let b = try HandwrittenSource.batchB.write(to: folder.folder("b"))
        try Fixture.run(mode, source: a, database: folder.path("ab.sqlite"), incremental: true)
        try Fixture.run(mode, source: b, database: folder.path("ab.sqlite"), incremental: true)
        try Fixture.run(mode, source: b, database: folder.path("ba.sqlite"), incremental: true)
        let late = try Fixture.run(mode, source: a, database: folder.path("ba.sqlite"), incremental: true)
        for mart in WarehouseSchema.marts {
            #expect(
                try snapshot(mart, in: folder.path("ab.sqlite")) == snapshot(mart, in: folder.path("ba.sqlite")),
                "\(mart)")
        }
        let db = try Connection(.file(folder.path("ba.sqlite")), readOnly: true)
        let countries = try db.rows("SELECT country_code FROM dim_contact ORDER BY email_domain")
        #expect(countries == [[.text("DE")], [.text("ES")]])  // ann: W2 (2025-02-03) wins over C1; bo: W1 in batch B
        #expect(try db.scalar("SELECT count(*) FROM fct_event", as: Int.self) == 5)
        #expect(late.isReconciled)
        if mode == .etl { #expect(late.contacts.alreadyLoaded == 3) }
        // Each path matches the other.
        if mode == .elt {
            try Fixture.run(.etl, source: b, database: folder.path("etl.sqlite"), incremental: true)
            try Fixture.run(.etl, source: a, database: folder.path("etl.sqlite"), incremental: true)
            for mart in WarehouseSchema.marts {
                #expect(
                    try snapshot(mart, in: folder.path("etl.sqlite")) == snapshot(mart, in: folder.path("ba.sqlite")),
                    "\(mart)")
            }
        }
    }

    @Test(arguments: PipelineMode.allCases)
    func aFullRunReplacesWhatAnEarlierRunLoaded(mode: PipelineMode) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let a = try HandwrittenSource.batchA.write(to: folder.folder("a"))
        let b = try HandwrittenSource.batchB.write(to: folder.folder("b"))
        try Fixture.run(mode, source: a, database: folder.path("w.sqlite"))
        try Fixture.run(mode, source: b, database: folder.path("w.sqlite"))
        try Fixture.run(mode, source: b, database: folder.path("fresh.sqlite"))
        var reused = try warehouseSnapshot(folder.path("w.sqlite"))
        var fresh = try warehouseSnapshot(folder.path("fresh.sqlite"))
        // The load history remembers batch A; everything else is as if A had never been loaded.
        #expect(reused.removeValue(forKey: "_batches")?.count == 4)
        #expect(fresh.removeValue(forKey: "_batches")?.count == 2)
        for table in Set(reused.keys).union(fresh.keys).sorted() {
            #expect(reused[table] == fresh[table], "\(table)")
        }
    }
}
