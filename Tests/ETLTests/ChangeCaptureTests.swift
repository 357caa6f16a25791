import ETL
import Foundation
import SQLite
import Testing

struct ChangeCaptureTests {
    static func cdcRows(_ db: Connection) throws -> [[SQLiteValue]] {
        try db.rows(
            "SELECT id, email, country_code, updated_at, is_deleted, source_position FROM cdc_contacts ORDER BY id")
    }

    @Test func theWarehouseFollowsTheSourceThroughInsertsUpdatesAndDeletes() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        _ = try DataGenerator.generate(
            rows: 300, seed: 14, into: folder.url, options: DataGenerator.Options(eventsPerContact: 0))
        let source = try CRMSource.open(at: folder.url.appendingPathComponent("crm.sqlite"))
        let warehouse = try Warehouse.open(path: folder.path("w.sqlite"))
        let first = try ChangeCapture.apply(from: source, to: warehouse, applier: reference.changes, pageSize: 50)
        #expect(first.from == nil)
        #expect(first.to == first.logEnd)
        #expect(first.operations == ["c": first.applied])
        let mutation = try ChangeLog.mutate(source: source, changes: 200, seed: 2)
        let second = try ChangeCapture.apply(from: source, to: warehouse, applier: reference.changes, pageSize: 7)
        #expect(second.from == first.to)
        #expect(second.to == mutation.lastPosition)
        #expect(second.applied == 200)
        #expect(second.operations["d"] == mutation.deleted)

        let live = try warehouse.rows(
            "SELECT id, email, country_code, updated_at FROM cdc_contacts WHERE is_deleted = 0 ORDER BY id")
        #expect(live == (try source.rows("SELECT id, email, country_code, updated_at FROM contacts ORDER BY id")))
        #expect(try warehouse.scalar("SELECT count(*) FROM cdc_contacts WHERE is_deleted = 1", as: Int.self) ?? 0 > 0)
        let again = try ChangeCapture.apply(from: source, to: warehouse, applier: reference.changes)
        #expect(again.applied == 0)
    }

    @Test func redeliveryAndAReplayOfTheWholeLogLeaveIdenticalTables() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        _ = try DataGenerator.generate(
            rows: 200, seed: 15, into: folder.url, options: DataGenerator.Options(eventsPerContact: 0))
        let source = try CRMSource.open(at: folder.url.appendingPathComponent("crm.sqlite"))
        _ = try ChangeLog.mutate(source: source, changes: 150, seed: 3)
        let clean = try Warehouse.open(path: folder.path("clean.sqlite"))
        _ = try ChangeCapture.apply(from: source, to: clean, applier: reference.changes)

        // A consumer that crashed after some pages, then redelivery of pages it had already applied.
        let crashed = try Warehouse.open(path: folder.path("crashed.sqlite"))
        try ExerciseTables.createWarehouse(in: crashed)
        let log = try ChangeLog.read(from: source, after: nil, limit: 100_000)
        try reference.changes.apply(Array(log.prefix(120)), consumer: ChangeCapture.consumer, to: crashed)
        try reference.changes.apply(Array(log.prefix(200)), consumer: ChangeCapture.consumer, to: crashed)
        _ = try ChangeCapture.apply(from: source, to: crashed, applier: reference.changes, pageSize: 33)
        #expect(try Self.cdcRows(crashed) == Self.cdcRows(clean))

        // The whole log replayed into a warehouse that has it all changes nothing.
        try reference.changes.apply(log, consumer: ChangeCapture.consumer, to: clean)
        #expect(try Self.cdcRows(clean) == Self.cdcRows(crashed))
    }

    @Test func anApplierThatDoesNotCommitIsStoppedNotLoopedForever() throws {
        struct Forgetful: ChangeApplying {
            func apply(_ changes: [ChangeEvent], consumer: String, to warehouse: Connection) throws {}
            func committedPosition(consumer: String, in warehouse: Connection) throws -> Int64? { nil }
        }
        let folder = try ScratchFolder()
        defer { folder.remove() }
        _ = try DataGenerator.generate(
            rows: 20, seed: 1, into: folder.url, options: DataGenerator.Options(eventsPerContact: 0))
        let source = try CRMSource.open(at: folder.url.appendingPathComponent("crm.sqlite"))
        let warehouse = try Warehouse.open(path: folder.path("w.sqlite"))
        let error = #expect(throws: PipelineError.self) {
            try ChangeCapture.apply(from: source, to: warehouse, applier: Forgetful())
        }
        #expect(error?.description.contains("did not commit position") == true)
    }
}
