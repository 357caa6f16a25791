import Foundation
import LearnerRuntime

/// Writes the chapter's messy sources, seeded and reproducible: a contacts export from two systems
/// (`contacts.csv`), an event log (`events.jsonl`) and the CRM's own database (`crm.sqlite`), with
/// triggers that capture every change for CDC.
///
/// ```swift
/// let report = try DataGenerator.generate(rows: 10_000, seed: 1, into: URL(fileURLWithPath: "data"))
/// print(report.contactRecords, report.eventLines)
/// ```
public enum DataGenerator {
    /// What to generate beyond the defaults.
    public struct Options: Sendable, Equatable {
        /// Events per contact record (on average, before duplicate deliveries).
        public var eventsPerContact: Int
        /// Whether to end `contacts.csv` with a record whose quote never closes (the rest of the
        /// file would be one field, so it is only ever the last record).
        public var unterminatedQuoteAtEnd: Bool
        /// Whether to write `crm.sqlite`.
        public var writesCRMDatabase: Bool

        /// Creates options.
        public init(eventsPerContact: Int = 10, unterminatedQuoteAtEnd: Bool = false, writesCRMDatabase: Bool = true) {
            self.eventsPerContact = eventsPerContact
            self.unterminatedQuoteAtEnd = unterminatedQuoteAtEnd
            self.writesCRMDatabase = writesCRMDatabase
        }
    }

    /// The file names in the source folder.
    public static let contactsFile = "contacts.csv"
    public static let eventsFile = "events.jsonl"
    public static let crmDatabaseFile = "crm.sqlite"

    /// Generates the sources into `directory` (created if needed; existing files replaced).
    /// - Parameters:
    ///   - rows: Contact records to write (the event log gets `rows × eventsPerContact` events).
    ///   - seed: Equal seeds give byte-identical CSV and JSON Lines files and equal CRM rows.
    ///   - directory: The source folder.
    ///   - options: Variations.
    /// - Returns: What was written, with the deliberate defects counted.
    /// - Throws: `GenerationError` or `SQLiteError` when a file cannot be written.
    /// - Complexity: O(`rows × eventsPerContact`) time; memory O(`rows`).
    public static func generate(
        rows: Int, seed: UInt64, into directory: URL, options: Options = Options()
    ) throws -> GenerationReport {
        guard rows >= 1 else { throw GenerationError("rows must be at least 1, not \(rows)") }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var random = SeededGenerator(seed: seed)
        var peopleRandom = random.split()
        var contactRandom = random.split()
        var eventRandom = random.split()
        let peopleCount = max(1, rows * 6 / 10)
        let people = (0..<peopleCount).map { Person.make(index: $0 + 1, using: &peopleRandom) }

        var report = GenerationReport(people: peopleCount)
        var contacts = ContactWriter(people: people, random: contactRandom)
        let crmRows = try contacts.write(
            rows: rows, to: directory.appendingPathComponent(contactsFile), options: options, report: &report)
        contactRandom = contacts.random

        var events = EventWriter(people: people, random: eventRandom)
        try events.write(
            count: rows * options.eventsPerContact, to: directory.appendingPathComponent(eventsFile),
            report: &report)
        eventRandom = events.random

        let crmURL = directory.appendingPathComponent(crmDatabaseFile)
        if options.writesCRMDatabase {
            report.crmRows = crmRows.count
            report.changeLogPosition = try CRMSource.create(at: crmURL, rows: crmRows)
            report.bytes[crmDatabaseFile] = fileSize(crmURL)
        }
        return report
    }

    static func fileSize(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}

/// What ``DataGenerator/generate(rows:seed:into:options:)`` wrote.
public struct GenerationReport: Sendable, Equatable, Codable {
    /// Distinct people behind the records.
    public var people: Int
    /// Records in `contacts.csv` (not counting the header).
    public var contactRecords = 0
    /// Records per system (`crm`, `web`), malformed ones included.
    public var contactsBySystem: [String: Int] = [:]
    /// Records with the wrong number of fields (and the unterminated one, if asked for).
    public var malformedContactRecords = 0
    /// Records written with a value no normaliser accepts (email, phone, country or timestamp).
    public var invalidContactRecords = 0
    /// Records without an email.
    public var contactsWithoutEmail = 0
    /// Records repeated verbatim.
    public var repeatedContactRecords = 0
    /// Records that re-export an earlier record of the same system and id with a later timestamp.
    public var reexportedContactRecords = 0
    /// People that appear in both systems.
    public var peopleInBothSystems = 0
    /// Lines in `events.jsonl`.
    public var eventLines = 0
    /// Lines that repeat an earlier event (same `event_id`, same text).
    public var duplicateEventDeliveries = 0
    /// Lines that are not a usable event, by kind (`invalid_json`, `not_an_object`,
    /// `missing_event_id`, `unknown_event_type`, `invalid_occurred_at`).
    public var badEventLines: [String: Int] = [:]
    /// Rows of the CRM database's `contacts` table.
    public var crmRows = 0
    /// The last position in its change log.
    public var changeLogPosition: Int64 = 0
    /// Bytes per file.
    public var bytes: [String: Int] = [:]

    init(people: Int) { self.people = people }

    /// A few lines for people.
    public var summary: String {
        let bad = badEventLines.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let systems = contactsBySystem.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", ")
        return """
            contacts.csv  \(contactRecords) records (\(systems)) for \(people) people, \(peopleInBothSystems) in both systems; \
            \(malformedContactRecords) malformed, \(invalidContactRecords) with an invalid value, \
            \(contactsWithoutEmail) without email, \(repeatedContactRecords) repeated, \
            \(reexportedContactRecords) re-exported; \(bytes[DataGenerator.contactsFile] ?? 0) bytes
            events.jsonl  \(eventLines) lines: \(duplicateEventDeliveries) duplicate deliveries; bad lines: \
            \(bad.isEmpty ? "none" : bad); \(bytes[DataGenerator.eventsFile] ?? 0) bytes
            crm.sqlite    \(crmRows) contacts, change log at position \(changeLogPosition); \
            \(bytes[DataGenerator.crmDatabaseFile] ?? 0) bytes
            """
    }
}
