import Crypto
import Foundation
import LearnerRuntime
import SQLite

/// Runs the marketing pipeline in either mode into a warehouse file.
///
/// ```swift
/// let options = RunOptions(mode: .elt, source: URL(fileURLWithPath: "data"), database: "wh.sqlite")
/// let report = try Pipeline.run(options, implementations: implementations)
/// print(report.contacts, report.timings)
/// ```
public enum Pipeline {
    /// Runs one load.
    /// - Returns: The counts (which reconcile), the time per stage, the watermarks, the drift seen.
    /// - Throws: ``PipelineError`` for a missing or unusable source or drift under `fail`;
    ///   `ExtractError`, `SQLiteError` or an error of an injected implementation otherwise. The
    ///   marts are then as before the run (a failed run is recorded in `_runs`).
    public static func run(_ options: RunOptions, implementations: ETLImplementations) throws -> RunReport {
        let started = ContinuousClock.now
        try checkSource(options)
        let db = try Warehouse.open(path: options.database)
        let salt = try Warehouse.salt(in: db, provided: options.salt)
        let context = try RunContext(options: options, db: db, salt: salt, started: started)
        do {
            switch options.mode {
            case .etl: try ETLPipeline(context: context, implementations: implementations).run()
            case .elt: try ELTPipeline(context: context, implementations: implementations).run()
            }
            try context.finish()
            return context.report
        } catch {
            context.fail(error)
            throw error
        }
    }

    /// Re-runs the ELT models from the raw staging tables, without reading any file.
    /// - Throws: ``PipelineError`` if the warehouse has no staging tables (it was built by ETL).
    public static func rebuild(database: String, implementations: ETLImplementations, now: Date = Date()) throws
        -> RunReport
    {
        guard FileManager.default.fileExists(atPath: database) else {
            throw PipelineError("no warehouse at \(database)")
        }
        let db = try Warehouse.open(path: database)
        guard try Warehouse.tables(in: db).contains("stg_contacts_raw") else {
            throw PipelineError("\(database) has no raw staging tables: only an ELT warehouse can be rebuilt from raw")
        }
        let salt = try Warehouse.salt(in: db, provided: nil)
        let options = RunOptions(mode: .elt, source: URL(fileURLWithPath: database), database: database, now: { now })
        let context = try RunContext(options: options, db: db, salt: salt)
        do {
            let batches = try db.rows("SELECT batch_id FROM _batches").compactMap { String(sqliteValue: $0[0]) }
            try ELTPipeline(context: context, implementations: implementations).runModels(batches: batches)
            try context.finish()
            return context.report
        } catch {
            context.fail(error)
            throw error
        }
    }

    /// Fails early, with what and where, for a source folder the run cannot use.
    static func checkSource(_ options: RunOptions) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.source.path, isDirectory: &isDirectory) else {
            throw PipelineError("source folder \(options.source.path) does not exist")
        }
        guard isDirectory.boolValue else {
            throw PipelineError(
                "source \(options.source.path) is a file, not a folder with contacts.csv and events.jsonl")
        }
        for file in [options.contactsFile, options.eventsFile] {
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw PipelineError("\(file.path) is missing (generate sources with `workbook etl generate`)")
            }
            guard FileManager.default.isReadableFile(atPath: file.path) else {
                throw PipelineError("\(file.path) cannot be read")
            }
        }
    }
}

/// What both pipelines share during a run: the warehouse, the run's identity, the counts and
/// the stage timers.
final class RunContext {
    let options: RunOptions
    let db: Connection
    let salt: String
    let runID: String
    /// The run's start, as stored in `_loaded_at` and `loaded_at`.
    let loadedAt: String
    var report: RunReport
    private let clock = ContinuousClock()
    /// When the run started: the setup stage is measured from here.
    private let wallStart: ContinuousClock.Instant
    /// The time of the stages timed inside the one running now.
    private var innerTime = Duration.zero
    /// Time per stage, by ``Stage`` raw value.
    private var spent = [Duration](repeating: .zero, count: Stage.allCases.count)

    init(options: RunOptions, db: Connection, salt: String, started: ContinuousClock.Instant = .now) throws {
        self.options = options
        self.wallStart = started
        self.db = db
        self.salt = salt
        let started = options.now()
        loadedAt = UTCTimestamp.format(Int(started.timeIntervalSince1970.rounded(.down)))
        runID = "run-" + loadedAt.filter(\.isNumber) + "-" + Hex.encode(try SecureRandom.bytes(count: 4))
        report = RunReport(runID: runID, mode: options.mode, incremental: options.incremental)
        try Self.markInterruptedRuns(in: db, at: loadedAt)
        // While it runs, a run's report names its process, so that a later run can tell a run that
        // is still going from one that was killed.
        try db.prepare(
            "INSERT INTO _runs (run_id, mode, incremental, source, started_at, status, report) VALUES (?, ?, ?, ?, ?, 'running', ?)"
        ).run([
            .text(runID), .text(options.mode.rawValue), .integer(options.incremental ? 1 : 0),
            .text(options.source.path), .text(loadedAt), .text("pid \(getpid())"),
        ])
    }

    /// Marks `interrupted` every run still `running` whose process is gone (killed, or the machine
    /// stopped): its changes were rolled back with its transaction, and only its row remained.
    static func markInterruptedRuns(in db: Connection, at now: String) throws {
        let running = try db.rows("SELECT run_id, report FROM _runs WHERE status = 'running'")
        for row in running {
            guard case .text(let id) = row[0] else { continue }
            let pid = String(sqliteValue: row[1]).flatMap { $0.hasPrefix("pid ") ? Int32($0.dropFirst(4)) : nil }
            if let pid, pid != getpid(), kill(pid, 0) == 0 || errno == EPERM { continue }
            try db.prepare(
                "UPDATE _runs SET status = 'interrupted', finished_at = ?, report = 'the process ended before the run did' WHERE run_id = ?"
            ).run([.text(now), .text(id)])
        }
    }

    /// The stages of ``StageTimings``.
    enum Stage: Int, CaseIterable {
        case setup, extract, transform, load, sql, commit

        /// The report's field (written once, at the end: key paths cost too much per row).
        var field: WritableKeyPath<StageTimings, Double> {
            switch self {
            case .setup: \.setup
            case .extract: \.extract
            case .transform: \.transform
            case .load: \.load
            case .sql: \.sql
            case .commit: \.commit
            }
        }
    }

    /// Runs `body`, adding its duration to a stage, less the time of the stages timed inside it.
    /// Cheap enough to call several times per row (no key paths, no allocation).
    func timed<T>(_ stage: Stage, _ body: () throws -> T) rethrows -> T {
        let start = clock.now
        let outerInner = innerTime
        innerTime = .zero
        defer {
            let elapsed = start.duration(to: clock.now)
            spent[stage.rawValue] += elapsed - innerTime
            innerTime = outerInner + elapsed
        }
        return try body()
    }

    /// Runs one SQL model inside the `sql` stage and records its time under `name`.
    func model(_ name: String, _ body: () throws -> Void) throws {
        let start = clock.now
        try timed(.sql, body)
        report.timings.models.append(ModelTiming(name: name, seconds: start.duration(to: clock.now).inSeconds))
    }

    /// Records the table sizes and marks the run succeeded; from here on the time is `commit`.
    func finish() throws {
        try timed(.commit) {
            for table in try Warehouse.tables(in: db) where !table.hasPrefix("_") {
                report.tables[table] = try Warehouse.count(table, in: db)
            }
        }
        // Whatever the stages did not time (opening the warehouse, checking the source) is setup.
        spent[Stage.setup.rawValue] += wallStart.duration(to: clock.now) - spent.reduce(.zero, +)
        for stage in Stage.allCases { report.timings[keyPath: stage.field] = spent[stage.rawValue].inSeconds }
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        try db.prepare("UPDATE _runs SET status = 'succeeded', finished_at = ?, report = ? WHERE run_id = ?").run([
            .text(UTCTimestamp.format(Int(options.now().timeIntervalSince1970))), .text(json), .text(runID),
        ])
    }

    /// Marks the run failed (best effort: the failure may be the database's).
    func fail(_ error: Error) {
        if db.isInTransaction { try? db.execute("ROLLBACK") }
        try? db.prepare("UPDATE _runs SET status = 'failed', finished_at = ?, report = ? WHERE run_id = ?").run([
            .text(UTCTimestamp.format(Int(options.now().timeIntervalSince1970))), .text("\(error)"), .text(runID),
        ])
    }

    /// The batch id of a file: its source and the first 16 hex digits of the SHA-256 of its bytes.
    static func batchID(source: String, file: URL) throws -> (id: String, bytes: Int) {
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            throw PipelineError("cannot read \(file.path)")
        }
        defer { try? handle.close() }
        var hasher = SHA256Hasher()
        var bytes = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(chunk)
            bytes += chunk.count
        }
        return (source + "-" + String(Hex.encode(hasher.finalize()).prefix(16)), bytes)
    }

    /// Records a batch (once).
    func registerBatch(_ id: String, source: String, file: URL, bytes: Int, records: Int) throws {
        try db.prepare(
            """
            INSERT INTO _batches (batch_id, source, source_file, bytes, records, run_id, loaded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (batch_id) DO UPDATE SET records = excluded.records
            """
        ).run([
            .text(id), .text(source), .text(file.path), .integer(Int64(bytes)), .integer(Int64(records)), .text(runID),
            .text(loadedAt),
        ])
    }

    /// A prepared insert into `_quarantine` that ignores a record already quarantined for its
    /// batch (a re-run after a crash).
    func quarantineStatement() throws -> Statement {
        try db.prepare(
            """
            INSERT OR IGNORE INTO _quarantine
                (table_name, source_file, line, raw_text, reason, detail, loaded_at, run_id, source, batch_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }
}
