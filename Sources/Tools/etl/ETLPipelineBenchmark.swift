import ETL
import Foundation
import Grading
import SQLite
import WorkbookCLI

/// `workbook bench etl --pipeline`: both paths end to end on generated sources, against the floor
/// of reading and storing the same bytes once (the `sqlite3` shell importing `contacts.csv` as CSV
/// and `events.jsonl` as one text column per line), with each path's peak memory and stages. All
/// three run as child processes, timed from spawn to exit; peak memory from GNU `time`.
struct ETLPipelineBenchmark {
    var contacts = 100_000
    var seed: UInt64 = 7
    var json = false

    struct Side: Codable {
        var mode: String
        var seconds: Double
        var timesRawImport: Double?
        var peakMemoryBytes: Int64?
        var timings: StageTimings
    }

    struct Report: Codable {
        var schemaVersion = 1
        var contacts: Int
        var seed: UInt64
        var eventLines: Int
        var sourceBytes: Int64
        var rawImportSeconds: Double?
        var sides: [Side]
        var eltOverETL: Double
        var skipped: [String]
    }

    /// What `etl run --json` prints.
    struct RunDocument: Decodable {
        var report: RunReport
    }

    func run() throws -> Int32 {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "workbook-bench-etl-pipeline-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("source")
        if !json { Console.error("generating \(contacts) contacts (seed \(seed))…") }
        let generated = try DataGenerator.generate(rows: contacts, seed: seed, into: source)
        let files = [DataGenerator.contactsFile, DataGenerator.eventsFile].map {
            source.appendingPathComponent($0).path
        }
        let bytes = try files.reduce(Int64(0)) {
            $0 + ((try FileManager.default.attributesOfItem(atPath: $1)[.size] as? NSNumber)?.int64Value ?? 0)
        }

        var skipped: [String] = []
        var raw: Double? = nil
        do {
            raw = try rawImport(contacts: files[0], events: files[1], in: directory)
        } catch {
            skipped.append("sqlite3 .import: \(error)")
        }
        var sides: [Side] = []
        let salt = String(repeating: "b", count: 64)
        // Each path in a process of its own, as `workbook etl run` runs it: peak memory is then
        // that path's alone, not the heap the other one left behind.
        let tool = Bundle.main.executablePath ?? CommandLine.arguments[0]
        for mode in PipelineMode.allCases {
            if !json { Console.error("running \(mode.rawValue)…") }
            let database = directory.appendingPathComponent("\(mode.rawValue).sqlite").path
            let arguments = [
                "etl", "run", "--mode", mode.rawValue, "--source", source.path, "--db", database, "--salt", salt,
                "--json",
            ]
            let (result, seconds, peak) = try ETLBenchmark.timedChild(tool, arguments, in: directory)
            guard result.status == 0, let start = result.outputText.firstIndex(of: "{") else {
                throw CLIError("the \(mode.rawValue) run failed: \(result.combinedText.suffix(500))")
            }
            let run = try JSONDecoder().decode(RunDocument.self, from: Data(result.outputText[start...].utf8)).report
            sides.append(
                Side(
                    mode: mode.rawValue, seconds: seconds, timesRawImport: raw.map { seconds / $0 },
                    peakMemoryBytes: peak, timings: run.timings))
        }
        let report = Report(
            contacts: contacts, seed: seed, eventLines: generated.eventLines, sourceBytes: bytes,
            rawImportSeconds: raw, sides: sides, eltOverETL: sides[1].seconds / sides[0].seconds, skipped: skipped)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.out(String(decoding: try encoder.encode(report), as: UTF8.self))
            return 0
        }
        Console.out(describe(report))
        return 0
    }

    func describe(_ report: Report) -> String {
        func pad(_ text: String) -> String { text.padding(toLength: 40, withPad: " ", startingAt: 0) }
        var lines = [
            "workbook bench etl --pipeline (release build; \(report.contacts) contacts, \(report.eventLines) event lines, "
                + String(format: "%.1f MB", Double(report.sourceBytes) / 1e6) + " of sources, seed \(report.seed))",
            "",
        ]
        if let raw = report.rawImportSeconds {
            lines.append("  " + pad("sqlite3 .import of both files, raw") + String(format: "%7.2f s", raw))
        }
        for side in report.sides {
            let memory = side.peakMemoryBytes.map { String(format: "peak %6.1f MB", Double($0) / 1e6) } ?? ""
            let ratio = side.timesRawImport.map { String(format: "%5.2f× raw import", $0) } ?? ""
            lines.append(
                "  " + pad("workbook, \(side.mode.uppercased())") + String(format: "%7.2f s  ", side.seconds) + ratio
                    + "  " + memory)
            let t = side.timings
            lines.append(
                String(
                    format: "      setup %.2f · extract %.2f · transform %.2f · load %.2f · SQL %.2f · commit %.2f s",
                    t.setup, t.extract, t.transform, t.load, t.sql, t.commit))
        }
        lines.append(String(format: "\n  ELT takes %.2f× the time of ETL", report.eltOverETL))
        for note in report.skipped { lines.append("  skipped: \(note)") }
        return lines.joined(separator: "\n")
    }

    /// The `sqlite3` shell's import of both files into a fresh database, spawn to exit.
    func rawImport(contacts: String, events: String, in directory: URL) throws -> Double {
        let version = try Subprocess.run("sqlite3", ["--version"], in: directory)
        guard version.status == 0 else { throw CLIError("sqlite3 is not installed") }
        let database = directory.appendingPathComponent("raw.sqlite").path
        // ASCII mode with the unit separator as the column separator: one column per line.
        let script = [
            ".mode csv", ".import '\(contacts)' contacts", "CREATE TABLE events (raw TEXT);", ".mode ascii",
            ".separator \"\\037\" \"\\n\"", ".import '\(events)' events",
        ].joined(separator: "\n")
        let scriptFile = directory.appendingPathComponent("raw.sql").path
        try script.write(toFile: scriptFile, atomically: true, encoding: .utf8)
        let (result, seconds, _) = try ETLBenchmark.timedChild(
            "sqlite3", [database, ".read '\(scriptFile)'"], in: directory)
        guard result.status == 0 else { throw CLIError("sqlite3 .import failed: \(result.combinedText.suffix(500))") }
        return seconds
    }
}
