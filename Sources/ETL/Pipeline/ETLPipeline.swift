import Foundation
import SQLite

/// The ETL path: extract with the readers, transform in Swift with the injected normaliser
/// (validate, deduplicate, hash every PII field with the warehouse's salt), and load only the
/// conformed table `wh_contacts`, `fct_event` and the marts — in one transaction, so a failed or
/// killed run leaves the warehouse as it was. Contacts go through the injected incremental
/// loader (exercise 4): a watermark per source system, compared with `>=`, a newer-wins upsert,
/// the watermark advanced with the rows.
///
/// No unhashed PII reaches the warehouse: not in the tables, not in the quarantine, which keeps
/// a rejected record with its PII fields redacted, or only its size when it could not be parsed.
struct ETLPipeline {
    let context: RunContext
    let implementations: ETLImplementations

    /// A contact version that passed validation.
    private struct Version {
        var contact: Contact
        /// Values of new columns kept under `add-column`, in the order of the extra columns.
        var extras: [String?]
    }

    /// The versions that passed validation, kept on disk until the load in a private temporary
    /// database (SQLite deletes it on close), so that memory does not grow with the file.
    private final class Versions {
        let db: Connection
        let extraColumns: [String]
        private let insert: Statement
        private(set) var count = 0
        /// How many the load read back: one per source record.
        var winners = 0

        init(extraColumns: [String]) throws {
            self.extraColumns = extraColumns
            db = try Connection(.file(""))
            try db.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8192;")
            let extras = extraColumns.indices.map { ", x\($0) TEXT" }.joined()
            try db.execute(
                """
                CREATE TABLE versions (position INTEGER PRIMARY KEY, source_system TEXT NOT NULL,
                    source_id TEXT NOT NULL, email TEXT NOT NULL, phone TEXT, country_code TEXT,
                    updated_at TEXT NOT NULL\(extras))
                """)
            let slots = Array(repeating: "?", count: 6 + extraColumns.count).joined(separator: ", ")
            insert = try db.prepare("INSERT INTO versions VALUES (NULL, \(slots))")
        }

        func append(_ contact: Contact, extras: [String?]) throws {
            try insert.run(
                [
                    .text(contact.sourceSystem), .text(contact.sourceID), .text(contact.email), sqlText(contact.phone),
                    sqlText(contact.countryCode), .text(contact.updatedAt),
                ] + extras.map(sqlText))
            count += 1
        }

        /// The latest version of each source record (on equal timestamps the first in the file),
        /// by source system, then in watermark order: `updated_at`, then id.
        func latest() throws -> Statement {
            let extras = extraColumns.indices.map { ", x\($0)" }.joined()
            return try db.prepare(
                """
                SELECT source_system, source_id, email, phone, country_code, updated_at\(extras) FROM (
                    SELECT *, row_number() OVER (
                        PARTITION BY source_system, source_id ORDER BY updated_at DESC, position) AS rank
                    FROM versions)
                WHERE rank = 1 ORDER BY source_system, updated_at, source_id
                """)
        }
    }

    private struct QuarantineEntry {
        var source: String
        var table: String
        var file: String
        var line: Int
        var text: String
        var reason: String
        var detail: String
        var batch: String
    }

    func run() throws {
        let db = context.db
        let (contactsBatch, eventsBatch) = try context.timed(.setup) {
            try WarehouseSchema.createETLTables(in: db)
            return (
                try RunContext.batchID(source: "contacts", file: context.options.contactsFile),
                try RunContext.batchID(source: "events", file: context.options.eventsFile)
            )
        }
        var quarantine: [QuarantineEntry] = []
        let versions = try extractContacts(batch: contactsBatch.id, quarantine: &quarantine)
        var systems: [String] = []

        // The commit stage holds what the stages inside do not time: mostly the commit itself.
        try context.timed(.commit) {
            try db.transaction {
                try context.timed(.load) {
                    if !context.options.incremental {
                        try db.execute(
                            """
                            DELETE FROM wh_contacts; DELETE FROM etl_watermarks;
                            DROP INDEX IF EXISTS fct_event_by_contact; DELETE FROM fct_event;
                            DELETE FROM dim_contact; DELETE FROM mart_campaign_attribution_daily;
                            DELETE FROM _quarantine WHERE source IN ('contacts', 'events');
                            """)
                    }
                    try context.registerBatch(
                        contactsBatch.id, source: "contacts", file: context.options.contactsFile,
                        bytes: contactsBatch.bytes, records: context.report.contacts.read)
                    try insert(quarantine)
                }
                systems = try loadContacts(versions)
                try loadEvents(batch: eventsBatch)
                try context.timed(.load) { try db.execute(WarehouseSchema.eventIndex) }
                try rebuildMarts()
            }
        }
        for system in systems {
            if let watermark = try implementations.incremental.watermark(for: system, in: db) {
                // The loader's ids are `system:source_id`; report the source id.
                let id =
                    watermark.id.hasPrefix(system + ":")
                    ? String(watermark.id.dropFirst(system.count + 1)) : watermark.id
                context.report.watermarks[system] = Watermark(updatedAt: watermark.updatedAt, id: id)
            }
        }
    }

    // MARK: Contacts

    /// Reads and transforms the contacts: every record is quarantined or becomes a version.
    private func extractContacts(batch: String, quarantine: inout [QuarantineEntry]) throws -> Versions {
        let path = context.options.contactsFile.path
        let reader = try CSVReader(path: path)
        let header: [String]
        switch try context.timed(.extract, { try reader.next() }) {
        case nil: throw PipelineError("\(path): empty file: no header")
        case .malformed(let bad): throw PipelineError("\(path):\(bad.line): the header is malformed (\(bad.reason))")
        case .record(let record): header = record.fields.map { asciiLowercased(asciiTrimmed($0)) }
        }
        reader.expectedFieldCount = header.count
        let extraColumns = try checkHeader(header, path: path)
        let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let piiColumns: Set<String> = ["email", "first_name", "last_name", "phone"]

        let versions = try context.timed(.setup) { try Versions(extraColumns: extraColumns) }
        try versions.db.execute("BEGIN")
        var nonEmpty: [String: Int] = [:]
        var invalid: [String: Int] = [:]
        func entry(_ line: Int, _ text: String, _ reason: String, _ detail: String) -> QuarantineEntry {
            QuarantineEntry(
                source: "contacts", table: "wh_contacts", file: path, line: line, text: text, reason: reason,
                detail: detail, batch: batch)
        }
        while let item = try context.timed(.extract, { try reader.next() }) {
            context.report.contacts.read += 1
            let record: CSVRecord
            switch item {
            case .malformed(let bad):
                quarantine.append(
                    entry(
                        bad.line, "[withheld: \(bad.rawText.utf8.count) bytes not parsed]", bad.reason.rawValue,
                        bad.detail))
                continue
            case .record(let good): record = good
            }
            try context.timed(.transform) {
                func field(_ name: String) -> String? {
                    guard let position = index[name] else { return nil }
                    let value = record.fields[position]
                    return value.isEmpty ? nil : value
                }
                let redacted = ContactCSV.encode(
                    zip(header, record.fields).map { name, value in
                        (piiColumns.contains(name) || !RawContact.columns.contains(name)) && !value.isEmpty
                            ? "[redacted]" : value
                    })
                guard let system = field("source_system"), let sourceID = field("source_id") else {
                    quarantine.append(
                        entry(record.line, redacted, "missing_source_key", "source_system or source_id is empty"))
                    return
                }
                let raw = RawContact(
                    sourceSystem: system, sourceID: sourceID, email: field("email"), firstName: field("first_name"),
                    lastName: field("last_name"), phone: field("phone"), country: field("country"),
                    updatedAt: field("updated_at"))
                for column in ContactCSV.checkedColumns where field(column) != nil {
                    nonEmpty[column, default: 0] += 1
                }
                do {
                    let contact = try implementations.normalizer.normalize(raw)
                    try versions.append(contact, extras: extraColumns.map { record.fields[index[$0]!] })
                } catch let rejection as ContactRejection {
                    for reason in rejection.reasons {
                        if let column = ContactCSV.columnOfReason[reason] { invalid[column, default: 0] += 1 }
                    }
                    quarantine.append(
                        entry(record.line, redacted, rejection.codes, "rejected by the normaliser: \(rejection.codes)"))
                }
            }
        }
        try context.timed(.transform) { try versions.db.execute("COMMIT") }
        try checkValueTypes(nonEmpty: nonEmpty, invalid: invalid, path: path)
        context.report.contacts.quarantined = quarantine.count
        return versions
    }

    /// Compares the header with the expected columns and applies the drift policy.
    /// - Returns: The new columns to load (under `add-column`).
    private func checkHeader(_ header: [String], path: String) throws -> [String] {
        let expected = RawContact.columns
        let new = header.filter { !expected.contains($0) }
        let missing = expected.filter { !header.contains($0) }
        let policy = context.options.onDrift
        for column in ["source_system", "source_id"] where missing.contains(column) {
            throw PipelineError(
                "\(path): the required column \(column) is missing; the header has \(header.joined(separator: ","))")
        }
        for column in new {
            let action =
                switch policy {
                case .fail: "run stopped"
                case .ignore: "column dropped"
                case .addColumn: "added to wh_contacts as TEXT (unreviewed: may hold PII)"
                }
            context.report.drift.append(
                DriftFinding(
                    kind: "new_column", source: "contacts", field: column, detail: "not in the expected header",
                    action: action))
        }
        for column in missing {
            context.report.drift.append(
                DriftFinding(
                    kind: "missing_column", source: "contacts", field: column, detail: "absent from the header",
                    action: policy == .fail ? "run stopped" : "read as empty"))
        }
        if policy == .fail, let first = context.report.drift.first {
            throw PipelineError(
                "\(path): schema drift (\(first.kind) \(first.field)); --on-drift fail stops the run before loading "
                    + "(use ignore or add-column to go on)")
        }
        guard policy == .addColumn else { return [] }
        let present = Set(try Warehouse.columns(of: "wh_contacts", in: context.db).map(asciiLowercased))
        for column in new where !present.contains(column) {
            try context.db.execute("ALTER TABLE wh_contacts ADD COLUMN \(Warehouse.quoted(column)) TEXT")
        }
        return new
    }

    /// A column whose values mostly fail their rule has probably changed type (`updated_at` as
    /// epoch seconds): drift.
    private func checkValueTypes(nonEmpty: [String: Int], invalid: [String: Int], path: String) throws {
        for column in ContactCSV.checkedColumns {
            let total = nonEmpty[column] ?? 0
            let bad = invalid[column] ?? 0
            guard total >= 3, bad * 2 >= total else { continue }
            let policy = context.options.onDrift
            context.report.drift.append(
                DriftFinding(
                    kind: "changed_type", source: "contacts", field: column,
                    detail: "\(bad) of \(total) values fail the column's rule",
                    action: policy == .fail ? "run stopped" : "rows quarantined"))
            if policy == .fail {
                throw PipelineError(
                    "\(path): schema drift (changed_type \(column): \(bad) of \(total) values fail the column's rule); "
                        + "--on-drift fail stops the run before loading")
            }
        }
    }

    /// Loads the latest version of each source record through the injected incremental loader,
    /// one source system at a time and in batches of `contactBatch` in watermark order (so that
    /// one batch at a time is in memory, and the watermark advances batch by batch), then
    /// writes the hashed attributes of the rows it kept.
    /// - Returns: The source systems, in order.
    private func loadContacts(_ versions: Versions) throws -> [String] {
        let salt = context.salt
        let extraColumns = versions.extraColumns
        let extras = extraColumns.enumerated().map { ", \(Warehouse.quoted($0.element)) = ?\($0.offset + 9)" }.joined()
        // Only where the loader kept this version: an equal or older one changes nothing.
        let attributes = try context.db.prepare(
            """
            UPDATE wh_contacts SET source_system = ?2, source_id = ?3, email_domain = ?4, phone_hash = ?5\(extras)
            WHERE id = ?1 AND updated_at = ?6 AND email = ?7 AND country_code IS ?8
            """)
        let held = try context.db.prepare("SELECT updated_at FROM wh_contacts WHERE id = ?")
        let source = try Connection(.inMemory)
        try ExerciseTables.createSource(in: source)
        let insert = try source.prepare(
            "INSERT INTO source_rows (id, email, country_code, updated_at) VALUES (?, ?, ?, ?)")
        let incremental = implementations.incremental
        var systems: [String] = []
        var batch: [Version] = []

        func load() throws {
            guard let system = batch.first?.contact.sourceSystem else { return }
            var conformed: [String: (ConformedContact, Version)] = [:]
            try context.timed(.transform) {
                try source.transaction {
                    try source.execute("DELETE FROM source_rows")
                    for version in batch {
                        let c = version.contact
                        let record = ConformedContact(
                            sourceSystem: c.sourceSystem, sourceID: c.sourceID,
                            contactKey: Warehouse.hashHex(c.email, salt: salt),
                            emailDomain: String(c.email[c.email.index(after: c.email.firstIndex(of: "@")!)...]),
                            phoneHash: c.phone.map { Warehouse.hashHex($0, salt: salt) }, countryCode: c.countryCode,
                            updatedAt: c.updatedAt)
                        let id = c.sourceSystem + ":" + c.sourceID
                        conformed[id] = (record, version)
                        try insert.run([
                            .text(id), .text(record.contactKey), sqlText(record.countryCode), .text(record.updatedAt),
                        ])
                    }
                }
            }
            let watermark = try incremental.watermark(for: system, in: context.db)
            let rows = try context.timed(.transform) { try incremental.extract(from: source, after: watermark) }
            // Rows re-read at the watermark's second (the `>=`) that the warehouse already holds at
            // the same or a newer version change nothing: they count as already loaded.
            var unchanged = 0
            for row in rows {
                try held.reset()
                try held.bind(.text(row.id), at: 1)
                if try held.step(), let stored = held.string(at: 0), stored >= row.updatedAt { unchanged += 1 }
            }
            try held.reset()
            context.report.contacts.loaded += rows.count - unchanged
            context.report.contacts.alreadyLoaded += batch.count - rows.count + unchanged
            try context.timed(.load) {
                try incremental.load(rows, source: system, into: context.db)
                for row in rows {
                    guard let (record, version) = conformed[row.id] else { continue }
                    var values: [SQLiteValue] = [
                        .text(row.id), .text(record.sourceSystem), .text(record.sourceID), .text(record.emailDomain),
                        sqlText(record.phoneHash), .text(record.updatedAt), .text(record.contactKey),
                        sqlText(record.countryCode),
                    ]
                    values += version.extras.map(sqlText)
                    try attributes.run(values)
                }
            }
            batch.removeAll(keepingCapacity: true)
        }

        let latest = try context.timed(.transform) { try versions.latest() }
        while try context.timed(.transform, { try latest.step() }) {
            let contact = Contact(
                sourceSystem: latest.string(at: 0) ?? "", sourceID: latest.string(at: 1) ?? "",
                email: latest.string(at: 2) ?? "", phone: latest.string(at: 3), countryCode: latest.string(at: 4),
                updatedAt: latest.string(at: 5) ?? "")
            if let last = batch.last?.contact.sourceSystem,
                last != contact.sourceSystem || batch.count == context.options.contactBatch
            {
                try load()
            }
            if systems.last != contact.sourceSystem { systems.append(contact.sourceSystem) }
            batch.append(Version(contact: contact, extras: extraColumns.indices.map { latest.string(at: 6 + $0) }))
            versions.winners += 1
        }
        try load()
        context.report.contacts.duplicates = versions.count - versions.winners
        return systems
    }

    // MARK: Events

    /// Streams the event log: parse, validate, normalise the email with the injected normaliser,
    /// hash it, insert (or ignore: the first delivery of an event id wins).
    private func loadEvents(batch: (id: String, bytes: Int)) throws {
        let path = context.options.eventsFile.path
        let reader = try EventLineReader(path: path)
        let db = context.db
        let insertEvent = try db.prepare(
            """
            INSERT OR IGNORE INTO fct_event (event_id, contact_key, event_type, occurred_at, event_date, utm_source,
                utm_medium, utm_campaign, url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let quarantine = try context.quarantineStatement()
        // An event id the insert ignored is a repeat within this file, or (incremental runs only)
        // an event an earlier run loaded. A full refresh starts from an empty table, so every
        // ignored id is a repeat; an incremental run records this file's ids in a temporary
        // table (on disk, like the rest: no set of ids in memory).
        var seenInRun: Statement? = nil
        if context.options.incremental {
            try db.execute(
                "DROP TABLE IF EXISTS temp.run_event_ids; CREATE TEMP TABLE run_event_ids (event_id TEXT PRIMARY KEY)")
            seenInRun = try db.prepare("INSERT OR IGNORE INTO temp.run_event_ids VALUES (?)")
        }
        var keys = EventKeyTally()
        // Events repeat their people's emails: normalise and hash each distinct one once.
        // Keyed by bytes: equal strings for Swift may be different emails for SQLite.
        var contactKeys: [[UInt8]: String?] = [:]
        var counts = SourceCounts()
        func quarantineLine(_ line: Int, _ text: String, _ reason: String, _ detail: String) throws {
            try quarantine.run([
                .text("fct_event"), .text(path), .integer(Int64(line)), .text(text), .text(reason), .text(detail),
                .text(context.loadedAt), .text(context.runID), .text("events"), .text(batch.id),
            ])
            counts.quarantined += 1
        }
        while let item = try context.timed(.extract, { try reader.next() }) {
            counts.read += 1
            switch item {
            case .malformed(let bad):
                try context.timed(.load) {
                    try quarantineLine(
                        bad.line, "[withheld: \(bad.rawText.utf8.count) bytes not parsed]", bad.reason.rawValue,
                        bad.detail)
                }
            case .line(let text, let line):
                let parsed = context.timed(.extract) { EventRecord.parse(text) }
                switch parsed {
                case .rejected(let reason, let detail, let object):
                    if let object { keys.add(object) }
                    let redacted = context.timed(.transform) { EventRecord.redactedText(text, object: object) }
                    try context.timed(.load) { try quarantineLine(line, redacted, reason, detail) }
                case .event(let event, let eventKeys):
                    keys.add(eventKeys)
                    let contactKey = try context.timed(.transform) { () throws -> String? in
                        guard let email = event.email else { return nil }
                        let bytes = Array(email.utf8)
                        if let known = contactKeys[bytes] { return known }
                        if contactKeys.count >= 65_536 { contactKeys.removeAll(keepingCapacity: true) }
                        let key = try self.contactKey(email: email, id: event.eventID)
                        contactKeys[bytes] = .some(key)
                        return key
                    }
                    try context.timed(.load) {
                        try insertEvent.run([
                            .text(event.eventID), sqlText(contactKey), .text(event.type), .text(event.occurredAt),
                            .text(String(event.occurredAt.prefix(10))), sqlText(event.utmSource),
                            sqlText(event.utmMedium),
                            sqlText(event.utmCampaign), sqlText(event.url),
                        ])
                        let inserted = db.changes == 1
                        var isRepeat = !inserted
                        if let seenInRun {
                            try seenInRun.run([.text(event.eventID)])
                            isRepeat = db.changes == 0
                        }
                        if inserted {
                            counts.loaded += 1
                        } else if isRepeat {
                            counts.duplicates += 1
                        } else {
                            counts.alreadyLoaded += 1
                        }
                    }
                }
            }
        }
        if seenInRun != nil { try db.execute("DROP TABLE temp.run_event_ids") }
        context.report.events = counts
        try context.registerBatch(
            batch.id, source: "events", file: context.options.eventsFile, bytes: batch.bytes, records: counts.read)
        try checkEventDrift(keys, path: path)
    }

    /// The contact key for an event's email: normalised by the same rules as contacts, hashed;
    /// `nil` when the email is missing or invalid.
    private func contactKey(email: String?, id: String) throws -> String? {
        guard let email else { return nil }
        do {
            let probe = RawContact(sourceSystem: "events", sourceID: id, email: email, updatedAt: "2000-01-01 00:00:00")
            return Warehouse.hashHex(try implementations.normalizer.normalize(probe).email, salt: context.salt)
        } catch is ContactRejection {
            return nil
        }
    }

    /// Keys of the event schema that never appear, unexpected keys, and keys whose values are
    /// mostly of another JSON kind.
    private func checkEventDrift(_ keys: EventKeyTally, path: String) throws {
        let policy = context.options.onDrift
        var findings: [DriftFinding] = []
        for (key, kind) in EventRecord.schema {
            let present = keys.present[key] ?? 0
            if keys.objects > 0 && present == 0 {
                findings.append(
                    DriftFinding(
                        kind: "missing_key", source: "events", field: key, detail: "in none of \(keys.objects) objects",
                        action: policy == .fail ? "run stopped" : "read as missing"))
            } else if let wrong = keys.wrongKind[key], wrong * 2 >= present, present >= 3 {
                findings.append(
                    DriftFinding(
                        kind: "changed_type", source: "events", field: key,
                        detail: "\(wrong) of \(present) values are not \(kind == "object" ? "an object" : "a string")",
                        action: policy == .fail ? "run stopped" : "lines quarantined"))
            }
        }
        for key in keys.present.keys.sorted() where !EventRecord.schema.contains(where: { $0.key == key }) {
            findings.append(
                DriftFinding(
                    kind: "new_key", source: "events", field: key, detail: "in \(keys.present[key]!) objects",
                    action: policy == .fail ? "run stopped" : "ignored"))
        }
        context.report.drift += findings
        if policy == .fail, let first = findings.first {
            throw PipelineError(
                "\(path): schema drift (\(first.kind) \(first.field): \(first.detail)); --on-drift fail stops the run, "
                    + "nothing was loaded")
        }
    }

    // MARK: Marts

    /// Rebuilds `dim_contact` from `wh_contacts` and the attribution mart from `fct_event`, in
    /// Swift.
    private func rebuildMarts() throws {
        let db = context.db
        try context.timed(.load) {
            try db.execute("DELETE FROM dim_contact; DELETE FROM mart_campaign_attribution_daily;")
        }
        // One contact key's rows at a time, in key order: only one contact is in memory.
        let insertDim = try db.prepare("INSERT INTO dim_contact VALUES (?, ?, ?, ?, ?, ?, ?)")
        func insertDimension(_ records: [ConformedContact]) throws {
            let row = context.timed(.transform) { Marts.dimContact(records) }
            try context.timed(.load) {
                try insertDim.run([
                    .text(row.contactKey), .text(row.emailDomain), sqlText(row.phoneHash), sqlText(row.countryCode),
                    .text(row.sourceSystem), .text(row.updatedAt), .text(row.sources),
                ])
            }
        }
        let contacts = try db.prepare(
            """
            SELECT source_system, source_id, email, email_domain, phone_hash, country_code, updated_at
            FROM wh_contacts WHERE source_system IS NOT NULL ORDER BY email
            """)
        var records: [ConformedContact] = []
        while try context.timed(.load, { try contacts.step() }) {
            let record = ConformedContact(
                sourceSystem: contacts.string(at: 0)!, sourceID: contacts.string(at: 1)!,
                contactKey: contacts.string(at: 2)!, emailDomain: contacts.string(at: 3) ?? "",
                phoneHash: contacts.string(at: 4), countryCode: contacts.string(at: 5),
                updatedAt: contacts.string(at: 6)!)
            if let last = records.last, last.contactKey != record.contactKey {
                try insertDimension(records)
                records.removeAll(keepingCapacity: true)
            }
            records.append(record)
        }
        if !records.isEmpty { try insertDimension(records) }

        // One contact's events at a time, in contact order (the index on contact_key).
        var counter = AttributionCounter()
        let query = try db.prepare(
            """
            SELECT event_id, contact_key, event_type, occurred_at, event_date, utm_campaign FROM fct_event
            WHERE contact_key IS NOT NULL AND (event_type = 'form_submit' OR utm_campaign IS NOT NULL)
            ORDER BY contact_key
            """)
        var group: [AttributionEvent] = []
        while let event = try context.timed(
            .load,
            { () throws -> AttributionEvent? in
                guard try query.step() else { return nil }
                return AttributionEvent(
                    eventID: query.string(at: 0)!, contactKey: query.string(at: 1)!, type: query.string(at: 2)!,
                    occurredAt: query.string(at: 3)!, eventDate: query.string(at: 4)!, utmCampaign: query.string(at: 5))
            })
        {
            if let last = group.last, last.contactKey != event.contactKey {
                context.timed(.transform) { counter.add(contact: group) }
                group.removeAll(keepingCapacity: true)
            }
            group.append(event)
        }
        context.timed(.transform) { counter.add(contact: group) }
        try context.timed(.load) {
            let insertMart = try db.prepare("INSERT INTO mart_campaign_attribution_daily VALUES (?, ?, ?, ?)")
            for row in counter.rows {
                try insertMart.run([
                    .text(row.conversionDate), .text(row.utmCampaign), .text(row.model),
                    .integer(Int64(row.conversions)),
                ])
            }
        }
    }

    private func insert(_ entries: [QuarantineEntry]) throws {
        let statement = try context.quarantineStatement()
        for e in entries {
            try statement.run([
                .text(e.table), .text(e.file), .integer(Int64(e.line)), .text(e.text), .text(e.reason), .text(e.detail),
                .text(context.loadedAt), .text(context.runID), .text(e.source), .text(e.batch),
            ])
        }
    }
}

/// Which top-level keys the event objects had, for drift detection.
struct EventKeyTally {
    var objects = 0
    var present: [String: Int] = [:]
    var wrongKind: [String: Int] = [:]

    mutating func add(_ keys: [(key: String, kind: StrictJSON.Kind)]) {
        objects += 1
        for (key, kind) in keys {
            present[key, default: 0] += 1
            guard let expected = EventRecord.schema.first(where: { $0.key == key })?.kind, kind != .null else {
                continue
            }
            if kind != (expected == "object" ? .object : .string) { wrongKind[key, default: 0] += 1 }
        }
    }

    mutating func add(_ object: [String: Any]) {
        add(object.map { ($0.key, EventRecord.jsonKind(of: $0.value)) })
    }
}

/// An optional text as an SQLite value.
func sqlText(_ value: String?) -> SQLiteValue { value.map(SQLiteValue.text) ?? .null }
