import ETL
import Foundation
import SQLite
import Testing

struct ReconciliationTests {
    @Test(arguments: PipelineMode.allCases)
    func everyRecordReadIsAccountedFor(mode: PipelineMode) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let source = folder.folder("source")
        let generated = try DataGenerator.generate(
            rows: 700, seed: 21, into: source,
            options: DataGenerator.Options(eventsPerContact: 3, unterminatedQuoteAtEnd: true))
        let report = try Fixture.run(mode, source: source, database: folder.path("w.sqlite"))
        #expect(report.contacts.read == generated.contactRecords)
        #expect(report.events.read == generated.eventLines)
        #expect(report.contacts.isReconciled, "\(report.contacts)")
        #expect(report.events.isReconciled, "\(report.events)")
        #expect(report.events.duplicates == generated.duplicateEventDeliveries)
        #expect(report.events.quarantined == generated.badEventLines.values.reduce(0, +))
        let db = try Connection(.file(folder.path("w.sqlite")), readOnly: true)
        let quarantined = try db.scalar("SELECT count(*) FROM _quarantine WHERE source = 'contacts'", as: Int.self)
        #expect(quarantined == report.contacts.quarantined)
        #expect(try db.scalar("SELECT count(*) FROM fct_event", as: Int.self) == report.events.loaded)
        let unterminated = try db.scalar(
            "SELECT count(*) FROM _quarantine WHERE reason = 'unterminated_quote' AND line > 700", as: Int.self)
        #expect(unterminated == 1)
    }
}
