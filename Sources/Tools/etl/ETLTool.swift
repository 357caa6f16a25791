import ArgumentParsing
import ETL
import ETLSolution
import Foundation
import SQLite
import WorkbookCLI

/// `workbook etl …`: the reference implementations in the chapter's pipelines.
enum ETLTool {
    /// The pipelines' parts: the reference answers to the chapter's exercises.
    static var implementations: ETLImplementations {
        ETLImplementations(
            normalizer: ContactNormalizer(), sql: ContactSQL(), incremental: IncrementalLoader(),
            changes: ChangeApplier())
    }

    static func run(_ command: ParsedCommand) throws -> Int32 {
        let words = Array(command.path.dropFirst())
        switch words.first {
        case "generate": return try generate(command)
        case "run": return try runPipeline(command)
        case "compare": return try compare(command)
        case "load": return try load(command)
        case "rebuild": return try rebuild(command)
        case "cdc" where words.dropFirst().first == "mutate": return try mutate(command)
        case "cdc" where words.dropFirst().first == "apply": return try apply(command)
        case "cdc": throw CLIError("cdc needs a subcommand: mutate or apply", isUsage: true)
        default: throw CLIError("etl needs a subcommand: generate, run, compare, load, rebuild or cdc", isUsage: true)
        }
    }

    // MARK: Options

    static func required(_ command: ParsedCommand, _ name: String, _ what: String) throws -> String {
        guard let value = command.value(name), !value.isEmpty else {
            throw CLIError("missing --\(name) (\(what))", isUsage: true)
        }
        return value
    }

    static func count(_ command: ParsedCommand, _ name: String, default value: Int, range: ClosedRange<Int>) throws
        -> Int
    {
        guard let text = command.value(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw CLIError(
                "--\(name) expects a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"",
                isUsage: true)
        }
        return number
    }

    static func seed(_ command: ParsedCommand) throws -> UInt64 {
        try command.seed() ?? 1
    }

    static func folder(_ path: String) -> URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// A source folder that exists, with what is missing named.
    static func sourceFolder(_ command: ParsedCommand, needs files: [String]) throws -> URL {
        let path = try required(command, "source", "the folder written by `workbook etl generate`")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("the source folder \(path) does not exist")
        }
        guard isDirectory.boolValue else { throw CLIError("the source \(path) is a file, not a folder") }
        for file in files where !FileManager.default.fileExists(atPath: folder(path).appendingPathComponent(file).path)
        {
            throw CLIError(
                "\(folder(path).appendingPathComponent(file).path) is missing (write one with `workbook etl generate --out \(path)`)"
            )
        }
        return folder(path)
    }

    // MARK: Commands

    static func generate(_ command: ParsedCommand) throws -> Int32 {
        let rows = try count(command, "rows", default: 10_000, range: 1...100_000_000)
        let perContact = try count(command, "events-per-contact", default: 10, range: 0...1000)
        let out = try required(command, "out", "the folder to write to")
        let options = DataGenerator.Options(
            eventsPerContact: perContact, unterminatedQuoteAtEnd: command.flag("unterminated-quote"))
        let report = try DataGenerator.generate(
            rows: rows, seed: try seed(command), into: folder(out), options: options)
        Console.out("Wrote \(out) (seed \(try seed(command))):")
        Console.out(report.summary)
        return 0
    }

    static func runPipeline(_ command: ParsedCommand) throws -> Int32 {
        let modeText = try required(command, "mode", "etl or elt")
        guard let mode = PipelineMode(rawValue: modeText.lowercased()) else {
            throw CLIError("unknown mode \"\(modeText)\"; modes: etl, elt", isUsage: true)
        }
        let policyText = command.value("on-drift") ?? "fail"
        guard let policy = DriftPolicy(rawValue: policyText) else {
            throw CLIError("unknown drift policy \"\(policyText)\"; policies: fail, ignore, add-column", isUsage: true)
        }
        let source = try sourceFolder(command, needs: [DataGenerator.contactsFile, DataGenerator.eventsFile])
        let database = try required(command, "db", "the warehouse file")
        let options = RunOptions(
            mode: mode, source: source, database: database, incremental: command.flag("incremental"), onDrift: policy,
            salt: command.value("salt"))
        let report: RunReport
        do {
            report = try Pipeline.run(options, implementations: implementations)
        } catch let error as PipelineError {
            throw CLIError("the \(mode.rawValue.uppercased()) run failed: \(error.description)")
        } catch let error as ExtractError {
            throw CLIError("the \(mode.rawValue.uppercased()) run failed: \(error.description)")
        }
        if command.flag("json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(VersionedReport(report: report))
            Console.out(String(decoding: data, as: UTF8.self))
        } else {
            Console.out(describe(report, database: database))
            Console.out(try quarantineSummary(database))
        }
        return report.isReconciled ? 0 : 1
    }

    struct VersionedReport: Encodable {
        var schemaVersion = 1
        var report: RunReport
    }

    static func describe(_ report: RunReport, database: String) -> String {
        func counts(_ name: String, _ c: SourceCounts) -> String {
            let mark = c.isReconciled ? "reconciled" : "DOES NOT RECONCILE"
            return pad(name, 10)
                + "read \(c.read) = loaded \(c.loaded) + quarantined \(c.quarantined) + duplicates \(c.duplicates) + already loaded \(c.alreadyLoaded)  (\(mark))"
        }
        func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }
        let t = report.timings
        var lines = [
            "\(report.mode.rawValue.uppercased()) run \(report.runID) (\(report.incremental ? "incremental" : "full refresh")) into \(database)",
            counts("contacts", report.contacts),
            counts("events", report.events),
            pad("time", 10)
                + "setup \(seconds(t.setup)) · extract \(seconds(t.extract)) · transform \(seconds(t.transform)) · "
                + "load \(seconds(t.load)) · SQL \(seconds(t.sql)) · commit \(seconds(t.commit)) · total \(seconds(t.total))",
        ]
        let marks = report.watermarks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        lines.append(pad("watermark", 10) + (marks.isEmpty ? "none" : marks.joined(separator: " · ")))
        if !report.skippedFiles.isEmpty {
            lines.append(pad("skipped", 10) + report.skippedFiles.joined(separator: ", ") + " (batch already staged)")
        }
        if report.drift.isEmpty {
            lines.append(pad("drift", 10) + "none")
        } else {
            lines += report.drift.map { pad("drift", 10) + $0.description }
        }
        let tables = report.tables.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        lines.append(pad("tables", 10) + tables.joined(separator: " · "))
        return lines.joined(separator: "\n")
    }

    static func quarantineSummary(_ database: String) throws -> String {
        let db = try Connection(.file(database), readOnly: true)
        let rows = try db.rows(
            "SELECT source, reason, count(*) FROM _quarantine GROUP BY source, reason ORDER BY source, count(*) DESC, reason"
        )
        guard !rows.isEmpty else { return pad("quarantine", 10) + "empty" }
        let parts = rows.map { row in "\(row[0].text ?? "?")/\(row[1].text ?? "?") \(row[2])" }
        return pad("quarantine", 10) + parts.joined(separator: " · ") + "  (SELECT * FROM _quarantine)"
    }

    static func compare(_ command: ParsedCommand) throws -> Int32 {
        let source = try sourceFolder(command, needs: [DataGenerator.contactsFile, DataGenerator.eventsFile])
        let keep = command.value("keep").map(folder)
        let report: ETLCompare.Report
        do {
            report = try ETLCompare.run(source: source, implementations: implementations, workDirectory: keep)
        } catch let error as PipelineError {
            throw CLIError("the comparison failed: \(error.description)")
        }
        if command.flag("json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.out(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            Console.out("ETL vs ELT on \(source.path)\n")
            Console.out(report.table)
            if let keep { Console.out("\nWarehouses kept in \(keep.path) (etl.sqlite, elt.sqlite).") }
        }
        return report.martsIdentical ? 0 : 1
    }

    /// Whether `path` (symbolic links followed) is a regular file, not a pipe or a device.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    static func load(_ command: ParsedCommand) throws -> Int32 {
        let path = try required(command, "csv", "the CSV file to load")
        let table = try required(command, "table", "the table to load into")
        let database = try required(command, "db", "the SQLite database")
        var options = CSVLoadOptions(hasHeader: !command.flag("no-header"))
        if let text = command.value("delimiter") {
            let delimiter = text == "tab" || text == "\\t" ? "\t" : text
            guard delimiter.utf8.count == 1, let byte = delimiter.utf8.first, byte < 0x80 else {
                throw CLIError("--delimiter expects one ASCII character or 'tab', got \"\(text)\"", isUsage: true)
            }
            options.delimiter = byte
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("the CSV file \(path) does not exist")
        }
        guard !isDirectory.boolValue else { throw CLIError("\(path) is a folder, not a CSV file") }
        // A binary file (an image, an archive, a database) is refused, not loaded as thousands of
        // quarantined records: more than 1 byte in 64 of its first 8 KiB are NUL (and at least 17).
        // A CSV file with the odd NUL byte is text, and only that record is quarantined. Pipes, FIFOs and
        // `/dev/stdin` are read once, as streams: a look ahead would consume what the load needs.
        if Self.isRegularFile(path), let handle = FileHandle(forReadingAtPath: path) {
            let head = (try? handle.read(upToCount: 8192)) ?? Data()
            try? handle.close()
            let nuls = head.count { $0 == 0 }
            if nuls * 64 > max(head.count, 1024) {
                throw CLIError(
                    "\(path) looks like a binary file, not a CSV file (\(nuls) NUL bytes in its first \(head.count))")
            }
        }
        let db = try Connection(.file(database))
        let report: CSVLoadReport
        do {
            report = try CSVLoader.load(csv: path, table: table, into: db, options: options)
        } catch {
            throw CLIError("cannot load \(error)")
        }
        Console.out("\(path) → \(database) table \(table): \(report)")
        if report.quarantined > 0 {
            // This run's rows are the last `quarantined` ones; show the first five of them.
            let lines = try db.rows(
                """
                SELECT line, reason FROM (
                    SELECT rowid AS r, line, reason FROM _quarantine WHERE table_name = ? AND source_file = ?
                    ORDER BY rowid DESC LIMIT ?
                ) ORDER BY r LIMIT 5
                """,
                [.text(table), .text(path), .integer(Int64(report.quarantined))]
            ).map { "line \($0[0]): \($0[1].text ?? "")" }
            Console.out(
                "quarantined (in _quarantine): " + lines.joined(separator: ", ") + (report.quarantined > 5 ? ", …" : "")
            )
        }
        if report.loaded == 0 && report.quarantined > 0 {
            Console.error(
                "Error: no record of \(path) could be loaded: is it a CSV file (UTF-8, delimiter \"\(Character(Unicode.Scalar(options.delimiter)))\")?"
            )
            return 1
        }
        return 0
    }

    static func rebuild(_ command: ParsedCommand) throws -> Int32 {
        let database = try required(command, "db", "a warehouse built with --mode elt")
        do {
            let report = try Pipeline.rebuild(database: database, implementations: implementations)
            Console.out(
                "Rebuilt the marts of \(database) from raw in \(String(format: "%.2f s", report.timings.sql)), no file read."
            )
            let tables = report.tables.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            Console.out(pad("tables", 10) + tables.joined(separator: " · "))
            return 0
        } catch let error as PipelineError {
            throw CLIError(error.description)
        }
    }

    static func mutate(_ command: ParsedCommand) throws -> Int32 {
        let source = try sourceFolder(command, needs: [DataGenerator.crmDatabaseFile])
        let changes = try count(command, "changes", default: 100, range: 1...10_000_000)
        let crm = try CRMSource.open(at: source.appendingPathComponent(DataGenerator.crmDatabaseFile))
        let mutation = try ChangeLog.mutate(source: crm, changes: changes, seed: try seed(command))
        Console.out(
            "\(mutation.inserted) inserts, \(mutation.updated) updates, \(mutation.deleted) deletes in crm.sqlite; "
                + "change log positions \(mutation.firstPosition + 1)…\(mutation.lastPosition)")
        return 0
    }

    static func apply(_ command: ParsedCommand) throws -> Int32 {
        let source = try sourceFolder(command, needs: [DataGenerator.crmDatabaseFile])
        let database = try required(command, "db", "the warehouse file")
        let page = try count(command, "page", default: 1000, range: 1...1_000_000)
        let crm = try Connection(
            .file(source.appendingPathComponent(DataGenerator.crmDatabaseFile).path), readOnly: true)
        let warehouse = try Warehouse.open(path: database)
        let report = try ChangeCapture.apply(from: crm, to: warehouse, applier: implementations.changes, pageSize: page)
        let from = report.from.map(String.init) ?? "none"
        let to = report.to.map(String.init) ?? "none"
        if report.applied == 0 {
            Console.out("Nothing to apply: committed position \(from), log ends at \(report.logEnd).")
        } else {
            let ops = ["c": "creates", "u": "updates", "d": "deletes"].sorted { $0.key < $1.key }.map {
                "\(report.operations[$0.key] ?? 0) \($0.value)"
            }
            Console.out(
                "Applied \(report.applied) changes (\(ops.joined(separator: ", "))) in \(report.pages) transactions: "
                    + "committed position \(from) → \(to) (log ends at \(report.logEnd)).")
        }
        let rows = try warehouse.rows("SELECT count(*), sum(is_deleted) FROM cdc_contacts")
        Console.out("cdc_contacts: \(rows[0][0]) rows, \(rows[0][1]) deleted (soft)")
        return 0
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

extension SQLiteValue {
    fileprivate var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}
