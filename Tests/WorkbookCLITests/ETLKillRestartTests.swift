import Foundation
import Grading
import SQLite
import Testing

/// A load killed with SIGKILL at a chosen statement leaves no half state, and running it again gives
/// the same tables as a clean run. The kill points are picked from a seed among every statement the
/// load runs (`WORKBOOK_KILL_AT_STEP`, see `KillPoint`): no sleeps, no chance, the same every time.
@Suite(.serialized) struct ETLKillRestartTests {
    static let salt = "kill-test-salt"
    static let rows = 400

    /// Runs `workbook etl run` to its end (or its kill point).
    static func load(mode: String, source: URL, database: String, killAt step: Int? = nil) throws -> CLI.Output {
        try CLI.run(
            ["etl", "run", "--mode", mode, "--source", source.path, "--db", database, "--salt", salt],
            environment: step.map { ["WORKBOOK_KILL_AT_STEP": String($0)] } ?? [:])
    }

    /// Every table except run metadata, as sorted rows of text.
    static func tables(_ path: String) throws -> [String: [String]] {
        let db = try Connection(.file(path), readOnly: true)
        let metadataTables: Set<String> = ["_runs", "_meta", "sqlite_sequence"]
        let metadataColumns: Set<String> = ["run_id", "loaded_at", "_loaded_at", "started_at", "finished_at"]
        var result: [String: [String]] = [:]
        let names = try db.rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").compactMap {
            if case .text(let name) = $0[0] { return name }
            return nil
        }
        for table in names where !metadataTables.contains(table) {
            let columns = try db.rows("SELECT name FROM pragma_table_info(?)", [.text(table)]).compactMap {
                row -> String? in
                guard case .text(let name) = row[0], !metadataColumns.contains(name) else { return nil }
                return "\"\(name)\""
            }
            result[table] = try db.rows("SELECT \(columns.joined(separator: ", ")) FROM \"\(table)\"").map {
                $0.map(\.description).joined(separator: "|")
            }.sorted()
        }
        return result
    }

    @Test(arguments: ["etl", "elt"])
    func aKilledRunLeavesNoHalfStateAndARerunMatchesACleanRun(mode: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("etl-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("source")
        let generated = try CLI.run(["etl", "generate", "--rows", "\(Self.rows)", "--seed", "17", "--out", source.path])
        #expect(generated.status == 0, "\(generated.stderr)")

        let cleanPath = folder.appendingPathComponent("clean.sqlite").path
        let counted = try Self.load(mode: mode, source: source, database: cleanPath, killAt: 0)
        #expect(counted.status == 0, "\(counted.stderr)")
        let steps = try #require(
            counted.stderr.split(separator: "\n").last { $0.hasPrefix("kill points: ") }
                .flatMap { Int($0.dropFirst("kill points: ".count)) },
            "\(counted.stderr)")
        let expected = try Self.tables(cleanPath)
        let marts = ["dim_contact", "fct_event", "mart_campaign_attribution_daily"]

        var generator = SeededGenerator(seed: 17)
        let points = [1, steps] + (0..<4).map { _ in 1 + Int(generator.next() % UInt64(steps)) }
        var interrupted = 0
        for step in points {
            // Each kill on a fresh warehouse, so that statement `step` is the same statement as in
            // the counting run.
            let killedPath = folder.appendingPathComponent("killed-\(step).sqlite").path
            let killed = try Self.load(mode: mode, source: source, database: killedPath, killAt: step)
            #expect(killed.status == 128 + SIGKILL, "\(mode): not killed at statement \(step) of \(steps)")
            // No half state: each mart is empty or complete.
            if FileManager.default.fileExists(atPath: killedPath) {
                let now = try Self.tables(killedPath)
                for mart in marts {
                    let rows = now[mart] ?? []
                    #expect(
                        rows.isEmpty || rows == expected[mart], "\(mode) \(mart) after a kill at statement \(step)")
                }
            }
            // And a run after the kill ends where a clean run does.
            let rerun = try Self.load(mode: mode, source: source, database: killedPath)
            #expect(rerun.status == 0, "\(rerun.stderr)")
            // The killed run, if it got as far as recording itself, is marked interrupted.
            let statuses = try Connection(.file(killedPath), readOnly: true).rows("SELECT status FROM _runs")
                .compactMap { String(sqliteValue: $0[0]) }.sorted()
            #expect(statuses.allSatisfy { $0 == "interrupted" || $0 == "succeeded" }, "\(statuses)")
            #expect(statuses.filter { $0 == "interrupted" }.count <= 1, "\(statuses)")
            if statuses.contains("interrupted") { interrupted += 1 }
            let actual = try Self.tables(killedPath)
            #expect(actual.keys.sorted() == expected.keys.sorted())
            for table in expected.keys.sorted() {
                #expect(
                    actual[table] == expected[table],
                    "\(mode) \(table) after a kill at statement \(step): \(actual[table]?.count ?? 0) rows vs \(expected[table]?.count ?? 0)"
                )
            }
        }
        // A kill in the middle of a run leaves it `running`, which the rerun marks `interrupted`.
        #expect(interrupted >= 1, "no kill point left a run to mark interrupted")
    }
}
