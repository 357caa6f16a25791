import Foundation
import SQLite
import Testing

/// A load killed with SIGKILL at a random point leaves no half state, and running it again gives
/// the same tables as a clean run.
@Suite(.serialized) struct ETLKillRestartTests {
    static let salt = "kill-test-salt"
    /// Big enough that a debug-build run takes about a second.
    static let rows = 1200

    /// Starts `workbook etl run` without waiting.
    static func start(mode: String, source: URL, database: String) throws -> Process {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["etl", "run", "--mode", mode, "--source", source.path, "--db", database, "--salt", salt]
        process.environment = ProcessInfo.processInfo.environment.merging(["WORKBOOK_PREBUILT": "1"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
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
        let started = Date()
        let clean = try Self.start(mode: mode, source: source, database: cleanPath)
        clean.waitUntilExit()
        #expect(clean.terminationStatus == 0)
        let duration = max(Date().timeIntervalSince(started), 0.2)
        let expected = try Self.tables(cleanPath)
        let marts = ["dim_contact", "fct_event", "mart_campaign_attribution_daily"]

        let killedPath = folder.appendingPathComponent("killed.sqlite").path
        var generator = SystemRandomNumberGenerator()
        var killedMidway = 0
        for _ in 0..<4 {
            let fraction = Double.random(in: 0.05...0.95, using: &generator)
            let process = try Self.start(mode: mode, source: source, database: killedPath)
            Thread.sleep(forTimeInterval: duration * fraction)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killedMidway += 1
            }
            process.waitUntilExit()
            // No half state: each mart is empty or complete.
            guard FileManager.default.fileExists(atPath: killedPath) else { continue }
            let now = try Self.tables(killedPath)
            for mart in marts {
                let rows = now[mart] ?? []
                #expect(rows.isEmpty || rows == expected[mart], "\(mode) \(mart) after a kill at \(fraction)")
            }
        }
        let rerun = try Self.start(mode: mode, source: source, database: killedPath)
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        let actual = try Self.tables(killedPath)
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for table in expected.keys.sorted() {
            #expect(
                actual[table] == expected[table],
                "\(mode) \(table): \(actual[table]?.count ?? 0) rows vs \(expected[table]?.count ?? 0)")
        }
        #expect(killedMidway > 0)
    }
}
