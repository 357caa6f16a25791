import ETL
import ETLSolution
import Grading
import SQLite
import Testing

@Suite struct ETLMutantTests {
    static let mutants: [Mutant<ETLImplementations>] = [
        mutant("lowercase-only email normalisation that keeps spaces", "etl/1") {
            $0.normalizer = LowercaseOnlyNormalizer()
        },
        mutant("phone numbers kept as typed", "etl/1") { $0.normalizer = RawPhoneNormalizer() },
        mutant("only the first reason reported", "etl/1") { $0.normalizer = FirstReasonNormalizer() },
        mutant("SQL normalisation that does not trim emails", "etl/2") {
            $0.sql = EditedSQL(normalize: {
                $0.replacingOccurrences(
                    of: "lower(trim(coalesce(email, ''), ' ' || char(9, 10, 13)))", with: "lower(coalesce(email, ''))")
            })
        },
        mutant("SQL normalisation that ignores the trunk prefix", "etl/2") {
            $0.sql = EditedSQL(normalize: { $0.replacingOccurrences(of: "WHEN trunk_prefix <> ''", with: "WHEN 0") })
        },
        mutant("dedupe keeping the first instead of the latest", "etl/3") {
            $0.sql = EditedSQL(dedupe: {
                $0.replacingOccurrences(of: "ORDER BY updated_at DESC", with: "ORDER BY updated_at ASC")
            })
        },
        mutant("dedupe that cannot run twice (no DROP TABLE IF EXISTS)", "etl/3") {
            $0.sql = EditedSQL(dedupe: {
                $0.replacingOccurrences(of: "DROP TABLE IF EXISTS latest_contacts;", with: "")
            })
        },
        mutant("dedupe without the crm tie-breaker", "etl/3") {
            $0.sql = EditedSQL(dedupe: {
                $0.replacingOccurrences(of: "CASE source_system WHEN 'crm' THEN 0 ELSE 1 END, ", with: "")
            })
        },
        mutant("watermark compared with >", "etl/4") { $0.incremental = StrictWatermarkLoader() },
        mutant("extract ordered by id only", "etl/4") { $0.incremental = IDOrderedExtractLoader() },
        mutant("one watermark for every source", "etl/4") { $0.incremental = SharedWatermarkLoader() },
        mutant("watermark saved before the load commits", "etl/4") { $0.incremental = EarlyWatermarkLoader() },
        mutant("upsert without newer-wins", "etl/4") { $0.incremental = LastWriteWinsLoader() },
        mutant("CDC applier that re-applies old positions", "etl/5") { $0.changes = ForgetfulApplier() },
        mutant("CDC applier that commits the offset in its own transaction first", "etl/5") {
            $0.changes = OffsetFirstApplier()
        },
        mutant("CDC applier that commits the effects, then the offset in a transaction of its own", "etl/5") {
            $0.changes = EffectsFirstApplier()
        },
        mutant("CDC applier with hard deletes", "etl/5") { $0.changes = HardDeleteApplier() },
    ]

    static func mutant(_ name: String, _ exercise: String, _ change: (inout ETLImplementations) -> Void) -> Mutant<
        ETLImplementations
    > {
        Mutant(name, exercise, from: reference, change)
    }

    @Test(arguments: mutants)
    func mutantLosesPointsInItsExerciseOnly(_ mutant: Mutant<ETLImplementations>) {
        #expect(grade(mutant.implementations).mutantProblems(exercise: mutant.exercise) == [], "\(mutant.name)")
    }
}

// MARK: exercise 1

struct LowercaseOnlyNormalizer: ContactNormalizing {
    func normalize(_ raw: RawContact) throws -> Contact {
        var contact = try ContactNormalizer().normalize(
            RawContact(
                sourceSystem: raw.sourceSystem, sourceID: raw.sourceID, email: asciiTrimmed(raw.email ?? ""),
                firstName: raw.firstName, lastName: raw.lastName, phone: raw.phone, country: raw.country,
                updatedAt: raw.updatedAt))
        contact.email = (raw.email ?? "").lowercased()
        return contact
    }
}

struct RawPhoneNormalizer: ContactNormalizing {
    func normalize(_ raw: RawContact) throws -> Contact {
        var contact = try ContactNormalizer().normalize(raw)
        contact.phone = raw.phone.map(asciiTrimmed).flatMap { $0.isEmpty ? nil : $0 }
        return contact
    }
}

struct FirstReasonNormalizer: ContactNormalizing {
    func normalize(_ raw: RawContact) throws -> Contact {
        do {
            return try ContactNormalizer().normalize(raw)
        } catch let rejection as ContactRejection {
            throw ContactRejection(Array(rejection.reasons.prefix(1)))
        }
    }
}

// MARK: exercises 2 and 3

struct EditedSQL: SQLExercises {
    var normalize: @Sendable (String) -> String = { $0 }
    var dedupe: @Sendable (String) -> String = { $0 }
    func normalizeContactsSQL() throws -> String { normalize(try ContactSQL().normalizeContactsSQL()) }
    func dedupeContactsSQL() throws -> String { dedupe(try ContactSQL().dedupeContactsSQL()) }
}

// MARK: exercise 4

struct StrictWatermarkLoader: IncrementalLoading {
    func extract(from source: Connection, after watermark: Watermark?) throws -> [SourceRow] {
        try IncrementalLoader().extract(from: source, after: watermark).filter { row in
            watermark.map { row.updatedAt > $0.updatedAt } ?? true
        }
    }
    func load(_ rows: [SourceRow], source: String, into warehouse: Connection) throws {
        try IncrementalLoader().load(rows, source: source, into: warehouse)
    }
    func watermark(for source: String, in warehouse: Connection) throws -> Watermark? {
        try IncrementalLoader().watermark(for: source, in: warehouse)
    }
}

struct IDOrderedExtractLoader: IncrementalLoading {
    func extract(from source: Connection, after watermark: Watermark?) throws -> [SourceRow] {
        try IncrementalLoader().extract(from: source, after: watermark).sorted { $0.id < $1.id }
    }
    func load(_ rows: [SourceRow], source: String, into warehouse: Connection) throws {
        try IncrementalLoader().load(rows, source: source, into: warehouse)
    }
    func watermark(for source: String, in warehouse: Connection) throws -> Watermark? {
        try IncrementalLoader().watermark(for: source, in: warehouse)
    }
}

/// Stores every source's watermark under one name, so the last source loaded moves it for all.
struct SharedWatermarkLoader: IncrementalLoading {
    func extract(from source: Connection, after watermark: Watermark?) throws -> [SourceRow] {
        try IncrementalLoader().extract(from: source, after: watermark)
    }
    func load(_ rows: [SourceRow], source: String, into warehouse: Connection) throws {
        try IncrementalLoader().load(rows, source: "all", into: warehouse)
    }
    func watermark(for source: String, in warehouse: Connection) throws -> Watermark? {
        try IncrementalLoader().watermark(for: "all", in: warehouse)
    }
}

struct EarlyWatermarkLoader: IncrementalLoading {
    func extract(from source: Connection, after watermark: Watermark?) throws -> [SourceRow] {
        try IncrementalLoader().extract(from: source, after: watermark)
    }
    func load(_ rows: [SourceRow], source: String, into warehouse: Connection) throws {
        guard let last = rows.max(by: { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }) else { return }
        // Saves the watermark first, in its own transaction: a failure after it loses rows.
        try warehouse.prepare("INSERT OR REPLACE INTO etl_watermarks VALUES (?, ?, ?)").run([
            .text(source), .text(last.updatedAt), .text(last.id),
        ])
        try IncrementalLoader().load(rows, source: source + "-rows", into: warehouse)
    }
    func watermark(for source: String, in warehouse: Connection) throws -> Watermark? {
        try IncrementalLoader().watermark(for: source, in: warehouse)
    }
}

struct LastWriteWinsLoader: IncrementalLoading {
    func extract(from source: Connection, after watermark: Watermark?) throws -> [SourceRow] {
        try IncrementalLoader().extract(from: source, after: watermark)
    }
    func load(_ rows: [SourceRow], source: String, into warehouse: Connection) throws {
        try warehouse.transaction {
            for row in rows {
                try warehouse.prepare("INSERT OR REPLACE INTO wh_contacts VALUES (?, ?, ?, ?)").run([
                    .text(row.id), .text(row.email), row.countryCode.map(SQLiteValue.text) ?? .null,
                    .text(row.updatedAt),
                ])
            }
        }
        try IncrementalLoader().load([], source: source, into: warehouse)
        if let last = rows.max(by: { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }) {
            try warehouse.prepare("INSERT OR REPLACE INTO etl_watermarks VALUES (?, ?, ?)").run([
                .text(source), .text(last.updatedAt), .text(last.id),
            ])
        }
    }
    func watermark(for source: String, in warehouse: Connection) throws -> Watermark? {
        try IncrementalLoader().watermark(for: source, in: warehouse)
    }
}

// MARK: exercise 5

struct ForgetfulApplier: ChangeApplying {
    func apply(_ changes: [ChangeEvent], consumer: String, to warehouse: Connection) throws {
        // Ignores the committed offset: every delivered event is applied.
        try warehouse.execute("DELETE FROM cdc_offsets")
        try ChangeApplier().apply(changes, consumer: consumer, to: warehouse)
    }
    func committedPosition(consumer: String, in warehouse: Connection) throws -> Int64? {
        try ChangeApplier().committedPosition(consumer: consumer, in: warehouse)
    }
}

struct OffsetFirstApplier: ChangeApplying {
    func apply(_ changes: [ChangeEvent], consumer: String, to warehouse: Connection) throws {
        let committed = try ChangeApplier().committedPosition(consumer: consumer, in: warehouse) ?? .min
        let pending = changes.filter { $0.position > committed }
        guard let last = pending.last else { return }
        try warehouse.prepare("INSERT OR REPLACE INTO cdc_offsets VALUES (?, ?)").run([
            .text(consumer), .integer(last.position),
        ])
        try warehouse.execute("DELETE FROM cdc_offsets WHERE consumer = 'shadow'")
        try ChangeApplier().apply(pending, consumer: "shadow", to: warehouse)
        try warehouse.execute("DELETE FROM cdc_offsets WHERE consumer = 'shadow'")
    }
    func committedPosition(consumer: String, in warehouse: Connection) throws -> Int64? {
        try ChangeApplier().committedPosition(consumer: consumer, in: warehouse)
    }
}

struct EffectsFirstApplier: ChangeApplying {
    func apply(_ changes: [ChangeEvent], consumer: String, to warehouse: Connection) throws {
        let committed = try ChangeApplier().committedPosition(consumer: consumer, in: warehouse) ?? .min
        let pending = changes.filter { $0.position > committed }
        guard let last = pending.last else { return }
        try warehouse.execute("DELETE FROM cdc_offsets WHERE consumer = 'shadow'")
        try ChangeApplier().apply(pending, consumer: "shadow", to: warehouse)
        try warehouse.execute("DELETE FROM cdc_offsets WHERE consumer = 'shadow'")
        try warehouse.prepare("INSERT OR REPLACE INTO cdc_offsets VALUES (?, ?)").run([
            .text(consumer), .integer(last.position),
        ])
    }
    func committedPosition(consumer: String, in warehouse: Connection) throws -> Int64? {
        try ChangeApplier().committedPosition(consumer: consumer, in: warehouse)
    }
}

struct HardDeleteApplier: ChangeApplying {
    func apply(_ changes: [ChangeEvent], consumer: String, to warehouse: Connection) throws {
        try ChangeApplier().apply(changes, consumer: consumer, to: warehouse)
        try warehouse.execute("DELETE FROM cdc_contacts WHERE is_deleted = 1")
    }
    func committedPosition(consumer: String, in warehouse: Connection) throws -> Int64? {
        try ChangeApplier().committedPosition(consumer: consumer, in: warehouse)
    }
}
