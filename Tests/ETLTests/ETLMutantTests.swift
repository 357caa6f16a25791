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
        mutant("trims Unicode whitespace (no-break and em spaces) too", "etl/1") {
            $0.normalizer = UnicodeTrimmingNormalizer()
        },
        mutant("email lengths counted in characters, not bytes", "etl/1") {
            $0.normalizer = ProbedNormalizer(email: { String($0.map { $0.isASCII ? $0 : "a" }) })
        },
        mutant("a semicolon allowed in emails", "etl/1") {
            $0.normalizer = ProbedNormalizer(email: { $0.replacingOccurrences(of: ";", with: "x") })
        },
        mutant("'..' refused in the local part only", "etl/1") {
            $0.normalizer = ProbedNormalizer(email: { email in
                guard let at = email.firstIndex(of: "@") else { return email }
                return email[...at] + email[email.index(after: at)...].replacingOccurrences(of: "..", with: ".x.")
            })
        },
        mutant("a domain may end with '-'", "etl/1") {
            $0.normalizer = ProbedNormalizer(email: { $0.hasSuffix("-") ? String($0.dropLast()) + "x" : $0 })
        },
        mutant("a tab taken as a phone separator", "etl/1") {
            $0.normalizer = ProbedNormalizer(phone: { asciiTrimmed($0).replacingOccurrences(of: "\t", with: "") })
        },
        mutant("00 not taken as an international prefix", "etl/1") {
            $0.normalizer = ProbedNormalizer(phone: { phone in
                let digits = phone.filter { !" -.()/".contains($0) }
                return digits.hasPrefix("00") ? "1" + digits.dropFirst(2) : phone
            })
        },
        mutant("phones of 7 digits accepted", "etl/1") { $0.normalizer = SevenDigitPhoneNormalizer() },
        mutant("non-ASCII digits taken as digits", "etl/1") {
            @Sendable func ascii(_ text: String) -> String {
                String(
                    text.map { $0.isNumber && !$0.isASCII ? $0.wholeNumberValue.map { Character("\($0)") } ?? $0 : $0 }
                )
                .replacingOccurrences(of: "＋", with: "+")
            }
            $0.normalizer = ProbedNormalizer(phone: ascii, updatedAt: ascii)
        },
        mutant("a lower-case t or z accepted in timestamps", "etl/1") {
            $0.normalizer = ProbedNormalizer(updatedAt: {
                $0.replacingOccurrences(of: "t", with: "T").replacingOccurrences(of: "z", with: "Z")
            })
        },
        mutant("timestamps checked against the calendar", "etl/1") { $0.normalizer = CalendarCheckingNormalizer() },
        mutant("SQL trims spaces but not tab, LF and CR", "etl/2") {
            $0.sql = EditedSQL(normalize: { $0.replacingOccurrences(of: "' ' || char(9, 10, 13)", with: "' '") })
        },
        mutant("SQL email lengths in characters (length() of text)", "etl/2") {
            $0.sql = EditedSQL(normalize: {
                $0.replacingOccurrences(of: "length(CAST(email AS BLOB))", with: "length(email)")
                    .replacingOccurrences(
                        of: "length(CAST(substr(email, 1, instr(email, '@') - 1) AS BLOB))",
                        with: "length(substr(email, 1, instr(email, '@') - 1))")
            })
        },
        mutant("SQL phones of 7 digits accepted", "etl/2") {
            $0.sql = EditedSQL(normalize: { $0.replacingOccurrences(of: "BETWEEN 8 AND 15", with: "BETWEEN 7 AND 15") })
        },
        mutant("SQL timestamps with a lower-case t accepted", "etl/2") {
            $0.sql = EditedSQL(normalize: { $0.replacingOccurrences(of: "[ T]", with: "[ Tt]") })
        },
        mutant("SQL emails may hold a tab", "etl/2") {
            $0.sql = EditedSQL(normalize: { $0.replacingOccurrences(of: "AND instr(email, char(9)) = 0", with: "") })
        },
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
        mutant("CDC applier that drops the delete of a row it never saw", "etl/5") {
            $0.changes = UnseenDeleteDroppingApplier()
        },
        mutant("CDC applier with one offset for every consumer", "etl/5") { $0.changes = SharedOffsetApplier() },
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

/// Trims every field of Unicode whitespace before the reference: a no-break space is data to the
/// rules (and to SQLite's `trim`).
struct UnicodeTrimmingNormalizer: ContactNormalizing {
    func normalize(_ raw: RawContact) throws -> Contact {
        func trim(_ text: String?) -> String? { text?.trimmingCharacters(in: .whitespacesAndNewlines) }
        return try ContactNormalizer().normalize(
            RawContact(
                sourceSystem: raw.sourceSystem, sourceID: raw.sourceID, email: trim(raw.email),
                firstName: trim(raw.firstName), lastName: trim(raw.lastName), phone: trim(raw.phone),
                country: trim(raw.country), updatedAt: trim(raw.updatedAt)))
    }
}

/// Validates a field as the reference would validate `probe(field)`, then keeps the field's own
/// normalised value: a wrong rule for that field, and nothing else.
struct ProbedNormalizer: ContactNormalizing {
    var email: @Sendable (String) -> String = { $0 }
    var phone: @Sendable (String) -> String = { $0 }
    var updatedAt: @Sendable (String) -> String = { $0 }

    func normalize(_ raw: RawContact) throws -> Contact {
        var probe = raw
        probe.email = raw.email.map(email)
        probe.phone = raw.phone.map(phone)
        probe.updatedAt = raw.updatedAt.map(updatedAt)
        var contact = try ContactNormalizer().normalize(probe)
        if probe.email != raw.email { contact.email = asciiLowercased(asciiTrimmed(raw.email ?? "")) }
        return contact
    }
}

/// Accepts a phone of 7 digits: validates it with one more digit, then drops that digit.
struct SevenDigitPhoneNormalizer: ContactNormalizing {
    func normalize(_ raw: RawContact) throws -> Contact {
        do {
            return try ContactNormalizer().normalize(raw)
        } catch let rejection as ContactRejection where rejection.reasons.contains(.invalidPhone) {
            var probe = raw
            probe.phone = raw.phone.map { asciiTrimmed($0) + "0" }
            guard var contact = try? ContactNormalizer().normalize(probe), let phone = contact.phone,
                phone.utf8.count == 9
            else { throw rejection }
            contact.phone = String(phone.dropLast())
            return contact
        }
    }
}

/// Refuses a date the calendar does not have (the rules check ranges only).
struct CalendarCheckingNormalizer: ContactNormalizing {
    func normalize(_ raw: RawContact) throws -> Contact {
        let contact = try ContactNormalizer().normalize(raw)
        let parts = contact.updatedAt.prefix(10).split(separator: "-").compactMap { Int($0) }
        let leap = parts[0] % 4 == 0 && (parts[0] % 100 != 0 || parts[0] % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][parts[1] - 1]
        guard parts[2] <= days else { throw ContactRejection([.invalidTimestamp]) }
        return contact
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

/// Deletes only rows it has: a delete for a key never created (the row predates capture) is lost.
struct UnseenDeleteDroppingApplier: ChangeApplying {
    func apply(_ changes: [ChangeEvent], consumer: String, to warehouse: Connection) throws {
        var known = Set(
            try warehouse.rows("SELECT id FROM cdc_contacts").compactMap { String(sqliteValue: $0[0]) })
        let kept = changes.filter { change in
            if change.operation != .delete { known.insert(change.key) }
            return change.operation != .delete || known.contains(change.key)
        }
        try ChangeApplier().apply(kept, consumer: consumer, to: warehouse)
    }
    func committedPosition(consumer: String, in warehouse: Connection) throws -> Int64? {
        try ChangeApplier().committedPosition(consumer: consumer, in: warehouse)
    }
}

/// Keys the offset by nothing: every consumer reads and moves the same position.
struct SharedOffsetApplier: ChangeApplying {
    func apply(_ changes: [ChangeEvent], consumer: String, to warehouse: Connection) throws {
        try ChangeApplier().apply(changes, consumer: "all", to: warehouse)
    }
    func committedPosition(consumer: String, in warehouse: Connection) throws -> Int64? {
        try ChangeApplier().committedPosition(consumer: "all", in: warehouse)
    }
}
