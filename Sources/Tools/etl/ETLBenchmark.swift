import ETL
import Foundation
import Grading
import SQLite
import WorkbookCLI

/// `workbook bench etl`: loads one generated contacts CSV into a fresh SQLite database with
/// ``CSVLoader``, with the `sqlite3` shell's `.import --csv`, and with Python's csv + sqlite3
/// (`Scripts/etl_python_loader.py`), and prints wall time, rows per second and peak memory.
///
/// Fairness: the same file (already in the page cache for all three), a fresh database file for
/// each load, SQLite's defaults for all three (`journal_mode=DELETE`, `synchronous=FULL`, 2 MB
/// page cache), one transaction per load, and the same table shape (8 `TEXT` columns named from
/// the header) for the compared rows; the workbook's default shape, with its three metadata
/// columns, is a separate row. Ours runs in this process (peak memory: `VmHWM` from
/// `/proc/self/status`, reset through `/proc/self/clear_refs` just before the load); the peers
/// run as child processes, timed from spawn to exit (peak memory from GNU `time` when installed).
struct ETLBenchmark {
    var rows = 1_000_000
    var python = true
    var json = false

    /// One loader's figures.
    struct Result: Codable {
        var name: String
        var seconds: Double
        var rowsLoaded: Int
        var rowsPerSecond: Double
        var peakMemoryBytes: Int64?
        var note: String
    }

    /// The JSON document `--json` prints.
    struct Report: Codable {
        var schemaVersion = 1
        var rows: Int
        var columns: Int
        var csvBytes: Int64
        var pragmas: String
        var results: [Result]
        var skipped: [String]
    }

    static let pragmas = "SQLite defaults for all: journal_mode=DELETE, synchronous=FULL; one transaction per load"

    func run() throws -> Int32 {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-bench-etl-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("contacts.csv").path
        if !json { Console.error("generating \(rows) rows…") }
        let csvBytes = try BenchmarkContactsCSV.write(rows: rows, to: csv)
        let database = directory.appendingPathComponent("bench.sqlite").path

        var results: [Result] = []
        var skipped: [String] = []
        results.append(try measureOurs(csv: csv, database: database, metadata: false))
        results.append(try measureOurs(csv: csv, database: database, metadata: true))
        do {
            results.append(try measureSQLiteShell(csv: csv, database: database, in: directory))
        } catch {
            skipped.append("sqlite3 .import: \(error)")
        }
        if python {
            do {
                results.append(try measurePython(csv: csv, database: database))
            } catch {
                skipped.append("python: \(error)")
            }
        }

        if json {
            let report = Report(
                rows: rows, columns: RawContact.columns.count, csvBytes: csvBytes, pragmas: Self.pragmas,
                results: results, skipped: skipped)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.out(String(decoding: try encoder.encode(report), as: UTF8.self))
            return 0
        }
        Console.out(
            "workbook bench etl (release build, \(rows) rows × \(RawContact.columns.count) columns, "
                + String(format: "%.1f MB CSV", Double(csvBytes) / 1e6) + "; \(Self.pragmas))\n")
        for result in results {
            let memory = result.peakMemoryBytes.map { String(format: "%6.1f MB", Double($0) / 1e6) } ?? "       -"
            Console.out(
                "  \(result.name.padding(toLength: 48, withPad: " ", startingAt: 0)) "
                    + String(format: "%7.2f s %11.0f rows/s", result.seconds, result.rowsPerSecond)
                    + "  peak \(memory)  \(result.note)")
        }
        for note in skipped { Console.out("  skipped: \(note)") }
        if let ours = results.first, let shell = results.first(where: { $0.name.hasPrefix("sqlite3") }) {
            Console.out(
                String(
                    format: "\n  CSVLoader (same table shape) takes %.2f× the time of sqlite3 .import",
                    ours.seconds / shell.seconds))
        }
        return 0
    }

    /// Loads with ``CSVLoader`` in this process.
    func measureOurs(csv: String, database: String, metadata: Bool) throws -> Result {
        try? FileManager.default.removeItem(atPath: database)
        let canResetPeak = ProcessMemory.resetPeak()
        let start = ContinuousClock.now
        let report: CSVLoadReport
        do {
            let db = try Connection(.file(database))
            report = try CSVLoader.load(
                csv: csv, table: "contacts", into: db, options: CSVLoadOptions(metadataColumns: metadata))
        }  // The connection closes here, inside the timing, as the peers' do when they exit.
        let seconds = Self.seconds(start.duration(to: .now))
        let peak = ProcessMemory.peakResidentBytes()
        let loaded = try countRows(database)
        guard report.loaded == rows, loaded == rows else {
            throw CLIError("CSVLoader loaded \(report.loaded) rows (table has \(loaded)); expected \(rows): \(report)")
        }
        return Result(
            name: metadata ? "CSVLoader.load, + _source_file/_line/_loaded_at" : "CSVLoader.load, same table shape",
            seconds: seconds, rowsLoaded: loaded, rowsPerSecond: Double(loaded) / seconds, peakMemoryBytes: peak,
            note: canResetPeak
                ? "in process; peak RSS of the process during the load" : "in process; peak RSS since start")
    }

    /// Loads with the `sqlite3` shell's `.import --csv`.
    func measureSQLiteShell(csv: String, database: String, in directory: URL) throws -> Result {
        try? FileManager.default.removeItem(atPath: database)
        let version = try Subprocess.run("sqlite3", ["--version"], in: directory)
        guard version.status == 0 else { throw CLIError("sqlite3 is not installed") }
        let quotedPath = "\"" + csv.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        let arguments = [database, ".import --csv \(quotedPath) contacts"]
        let (result, seconds, peak) = try Self.timedChild("sqlite3", arguments, in: directory)
        guard result.status == 0 else { throw CLIError("sqlite3 .import failed: \(result.combinedText.suffix(500))") }
        let loaded = try countRows(database)
        let shellVersion = version.combinedText.split(separator: " ").first.map(String.init) ?? "?"
        return Result(
            name: "sqlite3 \(shellVersion) .import --csv", seconds: seconds, rowsLoaded: loaded,
            rowsPerSecond: Double(loaded) / seconds, peakMemoryBytes: peak, note: "child process, spawn to exit")
    }

    /// Loads with `Scripts/etl_python_loader.py`.
    func measurePython(csv: String, database: String) throws -> Result {
        try? FileManager.default.removeItem(atPath: database)
        let workspace = try Workspace.locate()
        let version = try Subprocess.run("python3", ["--version"], in: workspace.root)
        guard version.status == 0 else { throw CLIError("python3 is not installed") }
        let arguments = [
            "Scripts/etl_python_loader.py", "--csv", csv, "--table", "contacts", "--db", database, "--json",
        ]
        let (result, seconds, peak) = try Self.timedChild("python3", arguments, in: workspace.root)
        guard result.status == 0 else {
            throw CLIError("etl_python_loader.py failed: \(result.combinedText.suffix(500))")
        }
        let loaded = try countRows(database)
        let pythonVersion = version.combinedText.split(separator: " ").dropFirst().first.map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return Result(
            name: "python3 \(pythonVersion ?? "?") csv + executemany", seconds: seconds, rowsLoaded: loaded,
            rowsPerSecond: Double(loaded) / seconds, peakMemoryBytes: peak,
            note: "child process, spawn to exit (interpreter start included)")
    }

    /// Runs a command, under GNU `time` when it is installed to learn its peak memory.
    static func timedChild(_ command: String, _ arguments: [String], in directory: URL) throws -> (
        Subprocess.Result, Double, Int64?
    ) {
        let gnuTime = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        let start = ContinuousClock.now
        let result =
            gnuTime
            ? try Subprocess.run("/usr/bin/time", ["-f", "peak-kib %M", command] + arguments, in: directory)
            : try Subprocess.run(command, arguments, in: directory)
        let seconds = Self.seconds(start.duration(to: .now))
        let peak = result.combinedText.split(separator: "\n").last { $0.hasPrefix("peak-kib ") }
            .flatMap { Int64($0.dropFirst("peak-kib ".count)) }
            .map { $0 * 1024 }
        return (result, seconds, peak)
    }

    /// `duration` in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    func countRows(_ database: String) throws -> Int {
        let db = try Connection(.file(database), readOnly: true)
        return try db.scalar("SELECT count(*) FROM contacts", as: Int.self) ?? 0
    }
}

/// The benchmark's input: contact-like rows with the columns of `RawContact`, some fields quoted
/// because they hold commas or quotes, some non-ASCII text, generated from a fixed seed.
private enum BenchmarkContactsCSV {
    static let firstNames = [
        "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Linus", "José", "Zoë", "Łukasz",
        "François", "Søren", "Anaïs", "美咲", "Ravi", "Aoife", "Chloé", "Jürgen", "Sven",
    ]
    static let lastNames = [
        "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Torvalds", "García", "O'Brien",
        "Müller", "Nakamura", "Smith, Jr.", "van der Berg", "Dupont \"Max\"", "Ng", "Kowalski", "Øster", "Brontë",
        "Fitzgerald-Smythe",
    ]
    static let mailNames = ["ada", "grace", "alan", "edsger", "barbara", "donald", "margaret", "linus", "jose", "zoe"]
    static let domains = ["example.com", "Example.org", "mail.example.net", "EXAMPLE.co.uk"]
    static let countries = [
        "US", "usa", "United States", "GB", "United Kingdom", "DE", "Germany", "fr", "France", "Korea, Republic of",
        "Brazil", "JP", "Japan", " nl ", "Spain", "España", "IE", "", "Mexico", "Australia",
    ]

    /// Writes the header and `rows` rows to `path`.
    /// - Returns: The file's size in bytes.
    static func write(rows: Int, to path: String) throws -> Int64 {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CLIError("cannot create \(path)") }
        defer { try? handle.close() }
        var random = SeededGenerator(seed: 20_260_102)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20 + 4096)
        var total: Int64 = 0
        func flush() throws {
            try handle.write(contentsOf: buffer)
            total += Int64(buffer.count)
            buffer.removeAll(keepingCapacity: true)
        }
        buffer += RawContact.columns.joined(separator: ",").utf8
        buffer.append(0x0A)
        for index in 0..<rows {
            let system = random.chance(0.6) ? "crm" : "web"
            let month = Int.random(in: 1...12, using: &random)
            let day = Int.random(in: 1...28, using: &random)
            let time = String(
                format: "%02d:%02d:%02d", Int.random(in: 0...23, using: &random),
                Int.random(in: 0...59, using: &random),
                Int.random(in: 0...59, using: &random))
            let date = String(format: "2025-%02d-%02d", month, day)
            let fields = [
                system,
                "\(system == "crm" ? "C" : "W")\(100_000 + index)",
                "\(random.pick(mailNames)).\(index)@\(random.pick(domains))",
                random.pick(firstNames),
                random.pick(lastNames),
                random.chance(0.15)
                    ? "" : "+1 (555) 01\(Int.random(in: 0...9, using: &random))-\(1000 + index % 9000)",
                random.pick(countries),
                random.chance(0.5) ? "\(date) \(time)" : "\(date)T\(time)Z",
            ]
            for (offset, field) in fields.enumerated() {
                if offset > 0 { buffer.append(UInt8(ascii: ",")) }
                append(field, to: &buffer)
            }
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 { try flush() }
        }
        try flush()
        return total
    }

    /// Appends `field`, quoted when it holds a comma, a quote or a line break.
    static func append(_ field: String, to buffer: inout [UInt8]) {
        let utf8 = field.utf8
        guard utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            buffer += utf8
            return
        }
        buffer.append(0x22)
        for byte in utf8 {
            if byte == 0x22 { buffer.append(0x22) }
            buffer.append(byte)
        }
        buffer.append(0x22)
    }
}

/// This process's resident memory, from Linux's `/proc/self`.
enum ProcessMemory {
    /// Resets the peak (`VmHWM`) to the current resident size.
    /// - Returns: Whether the kernel allowed it.
    static func resetPeak() -> Bool {
        (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
    }

    /// `VmHWM` in bytes, or `nil` where `/proc` is not available.
    static func peakResidentBytes() -> Int64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.dropFirst("VmHWM:".count).split(whereSeparator: \.isWhitespace).first.flatMap {
                Int64($0)
            }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}
