import Foundation

/// Where the transform runs.
public enum PipelineMode: String, Sendable, Codable, CaseIterable {
    /// Extract, transform in Swift (normalise, deduplicate, hash PII), load only conformed tables
    /// and marts.
    case etl
    /// Extract, load raw rows into staging as they came, transform inside the warehouse with SQL.
    case elt
}

/// What the ETL path does when a source's shape changes. (The ELT path always keeps the change in
/// raw and continues: that is its point.)
public enum DriftPolicy: String, Sendable, Codable, CaseIterable {
    /// Stop the run before anything is loaded.
    case fail
    /// Report it and go on: new columns are dropped, missing ones read as empty, values of a
    /// changed type are quarantined by the normal rules.
    case ignore
    /// Like `ignore`, but a new CSV column is added to the conformed table `wh_contacts` and
    /// loaded as text (unreviewed: it may hold PII).
    case addColumn = "add-column"
}

/// What to run.
public struct RunOptions: Sendable {
    /// ETL or ELT.
    public var mode: PipelineMode
    /// The folder with `contacts.csv` and `events.jsonl`.
    public var source: URL
    /// The warehouse file (created if absent).
    public var database: String
    /// `false`: a full refresh, after which the warehouse reflects exactly this source. `true`:
    /// merge this source into what is loaded (watermarks for contacts, insert-or-ignore for
    /// events; ELT appends the new files to staging).
    public var incremental: Bool
    /// The ETL path's reaction to schema drift.
    public var onDrift: DriftPolicy
    /// The salt for hashing PII; `nil` uses the warehouse's own (generated on first use).
    public var salt: String?
    /// The time stamped on loads and runs (injected so tests can fix it).
    public var now: @Sendable () -> Date
    /// How many contacts the ETL path hands the incremental loader at a time, in watermark
    /// order: what bounds its memory, whatever the size of the file.
    public var contactBatch = 20_000

    /// Creates options.
    public init(
        mode: PipelineMode, source: URL, database: String, incremental: Bool = false, onDrift: DriftPolicy = .fail,
        salt: String? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.mode = mode
        self.source = source
        self.database = database
        self.incremental = incremental
        self.onDrift = onDrift
        self.salt = salt
        self.now = now
    }

    /// The contacts export.
    public var contactsFile: URL { source.appendingPathComponent(DataGenerator.contactsFile) }
    /// The event log.
    public var eventsFile: URL { source.appendingPathComponent(DataGenerator.eventsFile) }
}

/// A run that cannot go on: a missing or unreadable source, schema drift under `fail`, a database
/// error. Nothing of the run is committed to the marts when it is thrown.
public struct PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
