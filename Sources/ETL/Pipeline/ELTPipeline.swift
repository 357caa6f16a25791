import Foundation
import SQLite

/// The ELT path: load the files into raw staging tables as they came (every field as text, with
/// batch id, source file, line and load time), then transform inside the warehouse with SQL only:
/// the injected exercise scripts for the contacts and ``ELTModels`` for the rest, in one
/// transaction. Raw stays, so ``Pipeline/rebuild(database:implementations:now:)`` recreates the
/// marts without reading a file.
///
/// A full run replaces the staged rows of each source with this file's; an incremental run
/// appends a file whose batch is new and skips one already staged. Either way the models are
/// rebuilt from all raw rows: the latest version of each source record wins, which is what a
/// watermark achieves for the ETL path, without its blind spot for late rows.
struct ELTPipeline {
    let context: RunContext
    let implementations: ETLImplementations

    func run() throws {
        try context.timed(.setup) { try WarehouseSchema.createELTTables(in: context.db) }
        var batches: [String] = []
        if let batch = try stageContacts() { batches.append(batch) }
        if let batch = try stageEvents() { batches.append(batch) }
        try reportEventDrift(batches: batches)
        try runModels(batches: batches)
    }

    /// Whether a file's batch is already staged and the run is incremental.
    private func isAlreadyStaged(_ batch: String, source: String, file: URL) throws -> Bool {
        guard context.options.incremental,
            let records = try context.db.scalar(
                "SELECT records FROM _batches WHERE batch_id = ?", [.text(batch)], as: Int.self)
        else { return false }
        var counts = SourceCounts()
        counts.read = records
        counts.alreadyLoaded = records
        if source == "contacts" { context.report.contacts = counts } else { context.report.events = counts }
        context.report.skippedFiles.append(file.path)
        return true
    }

    /// Stages `contacts.csv` with the CSV loader, after adding any new header column to the
    /// staging table (the ELT answer to drift: keep everything in raw).
    /// - Returns: The batch id, or `nil` when the file was already staged.
    private func stageContacts() throws -> String? {
        let file = context.options.contactsFile
        let (batch, bytes) = try context.timed(.setup) { try RunContext.batchID(source: "contacts", file: file) }
        if try isAlreadyStaged(batch, source: "contacts", file: file) { return nil }
        let db = context.db
        try context.timed(.commit) {
            try db.transaction {
                try context.timed(.load) {
                    if !context.options.incremental {
                        try db.execute(
                            "DELETE FROM stg_contacts_raw; DELETE FROM _quarantine WHERE source = 'contacts';")
                    }
                    try db.prepare("DELETE FROM stg_contacts_raw WHERE _batch_id = ?").run([.text(batch)])
                    try db.prepare("DELETE FROM _quarantine WHERE batch_id = ? AND source = 'contacts'").run([
                        .text(batch)
                    ])
                    try addNewColumns(file: file)
                    let loaded = try CSVLoader.load(
                        csv: file.path, table: "stg_contacts_raw", into: db,
                        options: CSVLoadOptions(batchTransaction: false, loadedAt: context.options.now()))
                    try db.prepare("UPDATE stg_contacts_raw SET _batch_id = ? WHERE _batch_id IS NULL").run([
                        .text(batch)
                    ])
                    try db.prepare(
                        """
                        UPDATE _quarantine SET run_id = ?, source = 'contacts', batch_id = ?
                        WHERE batch_id IS NULL AND table_name = 'stg_contacts_raw'
                        """
                    ).run([.text(context.runID), .text(batch)])
                    try context.registerBatch(batch, source: "contacts", file: file, bytes: bytes, records: loaded.read)
                }
            }
        }
        return batch
    }

    /// Adds the header's new columns to `stg_contacts_raw` and reports the drift.
    private func addNewColumns(file: URL) throws {
        let reader = try CSVReader(path: file.path)
        guard case .record(let header) = try reader.next() else { return }  // the loader reports it
        let names = CSVLoader.columnNames(forHeader: header.fields)
        let lowered = Set(names.map(asciiLowercased))
        for column in ["source_system", "source_id"] where !lowered.contains(column) {
            throw PipelineError(
                "\(file.path): the required column \(column) is missing; the header has \(header.fields.joined(separator: ","))"
            )
        }
        let present = Set(try Warehouse.columns(of: "stg_contacts_raw", in: context.db).map(asciiLowercased))
        for name in names where !present.contains(asciiLowercased(name)) {
            try context.db.execute("ALTER TABLE stg_contacts_raw ADD COLUMN \(Warehouse.quoted(name)) TEXT")
            context.report.drift.append(
                DriftFinding(
                    kind: "new_column", source: "contacts", field: name, detail: "not in the staging table",
                    action: "kept in raw: added to stg_contacts_raw"))
        }
        for column in RawContact.columns where !lowered.contains(column) {
            context.report.drift.append(
                DriftFinding(
                    kind: "missing_column", source: "contacts", field: column, detail: "absent from the header",
                    action: "NULL in raw for this batch"))
        }
    }

    /// Stages `events.jsonl`: one row per non-blank line, the line as it came.
    private func stageEvents() throws -> String? {
        let file = context.options.eventsFile
        let (batch, bytes) = try context.timed(.setup) { try RunContext.batchID(source: "events", file: file) }
        if try isAlreadyStaged(batch, source: "events", file: file) { return nil }
        let db = context.db
        let reader = try EventLineReader(path: file.path)
        var read = 0
        try context.timed(.commit) {
            try db.transaction {
                try context.timed(.load) {
                    if !context.options.incremental {
                        try db.execute("DELETE FROM stg_events_raw; DELETE FROM _quarantine WHERE source = 'events';")
                    }
                    try db.prepare("DELETE FROM stg_events_raw WHERE _batch_id = ?").run([.text(batch)])
                    try db.prepare("DELETE FROM _quarantine WHERE batch_id = ? AND source = 'events'").run([
                        .text(batch)
                    ])
                }
                let insert = try db.prepare(
                    "INSERT INTO stg_events_raw (raw, _source_file, _line, _loaded_at, _batch_id) VALUES (?, ?, ?, ?, ?)"
                )
                let quarantine = try context.quarantineStatement()
                let path = SQLiteValue.text(file.path)
                let loadedAt = SQLiteValue.text(context.loadedAt)
                while let item = try context.timed(.extract, { try reader.next() }) {
                    read += 1
                    try context.timed(.load) {
                        switch item {
                        case .line(let text, let line):
                            try insert.run([.text(text), path, .integer(Int64(line)), loadedAt, .text(batch)])
                        case .malformed(let bad):
                            try quarantine.run([
                                .text("stg_events_raw"), path, .integer(Int64(bad.line)), .text(bad.rawText),
                                .text(bad.reason.rawValue), .text(bad.detail), loadedAt, .text(context.runID),
                                .text("events"),
                                .text(batch),
                            ])
                        }
                    }
                }
                try context.timed(.load) {
                    try context.registerBatch(batch, source: "events", file: file, bytes: bytes, records: read)
                }
            }
        }
        return batch
    }

    /// Reports keys of the event schema missing from this batch, and new ones: the lines stay in
    /// raw whatever their shape.
    private func reportEventDrift(batches: [String]) throws {
        guard let batch = batches.first(where: { $0.hasPrefix("events-") }) else { return }
        var rows: [[SQLiteValue]] = []
        try context.model("event drift") {
            rows = try context.db.rows(
                """
                SELECT j.key, count(*) FROM stg_events_raw AS s, json_each(s.raw) AS j
                WHERE s._batch_id = ? AND json_valid(s.raw) AND json_type(s.raw) = 'object'
                GROUP BY j.key
                """, [.text(batch)])
        }
        let counts = Dictionary(
            rows.compactMap { row in String(sqliteValue: row[0]).map { ($0, Int(sqliteValue: row[1]) ?? 0) } },
            uniquingKeysWith: +)
        guard !counts.isEmpty else { return }
        for (key, _) in EventRecord.schema where counts[key] == nil {
            context.report.drift.append(
                DriftFinding(
                    kind: "missing_key", source: "events", field: key, detail: "in none of the staged objects",
                    action: "kept in raw; the models read it as missing"))
        }
        for key in counts.keys.sorted() where !EventRecord.schema.contains(where: { $0.key == key }) {
            context.report.drift.append(
                DriftFinding(
                    kind: "new_key", source: "events", field: key, detail: "in \(counts[key]!) staged objects",
                    action: "kept in raw"))
        }
    }

    /// Runs the models over all staged rows in one transaction, and counts the outcome of the
    /// rows of `batches`.
    func runModels(batches: [String]) throws {
        let db = context.db
        let run = SQLiteValue.text(context.runID).description
        let now = SQLiteValue.text(context.loadedAt).description
        let sql = implementations.sql
        let normalize = try sql.normalizeContactsSQL()
        let dedupe = try sql.dedupeContactsSQL()
        let trace = ProcessInfo.processInfo.environment["WORKBOOK_ETL_TRACE"] != nil
        func model(_ name: String, _ body: () throws -> Void) throws {
            try context.model(name, body)
            if trace, let last = context.report.timings.models.last {
                FileHandle.standardError.write(Data("model \(name): \(last.seconds) s\n".utf8))
            }
        }
        try context.timed(.commit) {
            try db.transaction {
                try model("prepare contacts") { try db.execute(ELTModels.prepareContacts(run: run, now: now)) }
                try model("normalize contacts") {
                    try runScript(normalize, name: "normalisation", input: "staged contacts")
                }
                try model("conform contacts") { try db.execute(ELTModels.conformContacts(run: run, now: now)) }
                try model("dedupe contacts") { try db.execute(dedupe) }
                try model("dim_contact") { try db.execute(ELTModels.buildDimContact) }
                try model("parse events") { try db.execute(ELTModels.parseEvents(run: run, now: now)) }
                try model("quarantine events") { try db.execute(ELTModels.quarantineEvents(run: run, now: now)) }
                try model("deliver events") { try db.execute(ELTModels.deliverEvents) }
                try model("normalize event emails") {
                    try runScript(normalize, name: "normalisation", input: "event emails")
                }
                try model("fct_event") { try db.execute(ELTModels.buildFactEvent) }
                try model("attribution") { try db.execute(ELTModels.buildAttribution) }
                try model("count outcomes") { try countOutcomes(batches: batches) }
                try model("clean up") { try db.execute(ELTModels.cleanUp) }
            }
        }
    }

    /// Runs an exercise script and checks it accounted for every input row.
    private func runScript(_ script: String, name: String, input: String) throws {
        let db = context.db
        try db.execute(script)
        let given = try db.scalar("SELECT count(*) FROM temp.raw_contacts", as: Int.self) ?? 0
        let normalized = try db.scalar("SELECT count(*) FROM normalized_contacts", as: Int.self) ?? 0
        let rejected = try db.scalar("SELECT count(*) FROM rejected_contacts", as: Int.self) ?? 0
        guard given == normalized + rejected else {
            throw PipelineError(
                "the \(name) script turned \(given) \(input) into \(normalized) normalised and \(rejected) rejected rows; "
                    + "every row must come out exactly once")
        }
    }

    /// The counts for the rows of this run's batches, and the per-system high-water marks.
    private func countOutcomes(batches: [String]) throws {
        let db = context.db
        try db.execute(
            "DROP TABLE IF EXISTS temp.run_batches; CREATE TEMP TABLE run_batches (batch_id TEXT PRIMARY KEY)")
        let insert = try db.prepare("INSERT OR IGNORE INTO temp.run_batches VALUES (?)")
        for batch in batches { try insert.run([.text(batch)]) }
        func count(_ sql: String) throws -> Int { try db.scalar(sql, as: Int.self) ?? 0 }
        let inRun = "IN (SELECT batch_id FROM temp.run_batches)"
        /// read = staged + quarantined at staging; the models' rank columns tell duplicates from loaded.
        func counts(source: String, staging: String, versions: String, rank: String) throws -> SourceCounts {
            var counts = SourceCounts()
            counts.read =
                try count("SELECT count(*) FROM \(staging) WHERE _batch_id \(inRun)")
                + count(
                    "SELECT count(*) FROM _quarantine WHERE source = '\(source)' AND table_name = '\(staging)' AND batch_id \(inRun)"
                )
            counts.quarantined = try count(
                "SELECT count(*) FROM _quarantine WHERE source = '\(source)' AND batch_id \(inRun)")
            counts.duplicates = try count("SELECT count(*) FROM \(versions) WHERE \(rank) > 1 AND batch_id \(inRun)")
            counts.loaded = try count("SELECT count(*) FROM \(versions) WHERE \(rank) = 1 AND batch_id \(inRun)")
            return counts
        }
        if batches.contains(where: { $0.hasPrefix("contacts-") }) {
            context.report.contacts = try counts(
                source: "contacts", staging: "stg_contacts_raw", versions: "temp.contact_versions", rank: "version_rank"
            )
        }
        if batches.contains(where: { $0.hasPrefix("events-") }) {
            context.report.events = try counts(
                source: "events", staging: "stg_events_raw", versions: "temp.event_deliveries", rank: "delivery")
        }
        let marks = try db.rows(
            """
            SELECT source_system, updated_at, source_id FROM (
                SELECT *, row_number() OVER (PARTITION BY source_system ORDER BY updated_at DESC, source_id DESC) AS r
                FROM temp.contact_versions WHERE version_rank = 1
            ) WHERE r = 1
            """)
        for row in marks {
            if let system = String(sqliteValue: row[0]), let at = String(sqliteValue: row[1]),
                let id = String(sqliteValue: row[2])
            {
                context.report.watermarks[system] = Watermark(updatedAt: at, id: id)
            }
        }
        try db.execute("DROP TABLE temp.run_batches")
    }
}
