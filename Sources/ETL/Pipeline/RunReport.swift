/// How the records of one source were accounted for in a run. They reconcile exactly:
/// `read == loaded + quarantined + duplicates + alreadyLoaded`.
public struct SourceCounts: Sendable, Equatable, Codable {
    /// Records read from the file (malformed ones included; blank lines are not records).
    public var read = 0
    /// Records that made it into the conformed data.
    public var loaded = 0
    /// Records sent to `_quarantine` (malformed, or rejected by validation).
    public var quarantined = 0
    /// Records superseded in this batch: an older version of the same source record, or a
    /// repeated delivery of the same event.
    public var duplicates = 0
    /// Records loaded by an earlier run: below the watermark, an event already in `fct_event`, or
    /// a file whose batch is already staged.
    public var alreadyLoaded = 0

    public init() {}

    /// Whether every record read is accounted for.
    public var isReconciled: Bool { read == loaded + quarantined + duplicates + alreadyLoaded }
}

/// Wall-clock time per stage, in seconds. Every moment of a run is in exactly one stage (a
/// stage timed inside another is taken out of the outer one), so ``total`` is the run's wall time.
public struct StageTimings: Sendable, Equatable, Codable {
    /// Opening the warehouse, creating its tables, fingerprinting the source files (batch ids).
    public var setup: Double = 0
    /// Reading and parsing the files.
    public var extract: Double = 0
    /// Transforming in Swift (ETL): normalising, validating, deduplicating, hashing, the marts.
    public var transform: Double = 0
    /// Writing to the warehouse: inserts (ELT: staging).
    public var load: Double = 0
    /// Running the SQL models inside the warehouse (ELT).
    public var sql: Double = 0
    /// Committing the run's transactions and recording the run in `_runs`.
    public var commit: Double = 0
    /// The SQL models one by one, in the order they ran (ELT): their sum is ``sql``.
    public var models: [ModelTiming] = []

    public init() {}

    /// The sum: the run's wall time.
    public var total: Double { setup + extract + transform + load + sql + commit }
}

/// How long one SQL model took.
public struct ModelTiming: Sendable, Equatable, Codable {
    public var name: String
    public var seconds: Double

    public init(name: String, seconds: Double) {
        self.name = name
        self.seconds = seconds
    }
}

/// A change in a source's shape.
public struct DriftFinding: Sendable, Equatable, Codable, CustomStringConvertible {
    /// `new_column`, `missing_column`, `changed_type`, `new_key`, `missing_key`.
    public var kind: String
    /// `contacts` or `events`.
    public var source: String
    /// The column or key.
    public var field: String
    /// What was seen.
    public var detail: String
    /// What the run did about it.
    public var action: String

    public init(kind: String, source: String, field: String, detail: String, action: String) {
        self.kind = kind
        self.source = source
        self.field = field
        self.detail = detail
        self.action = action
    }

    public var description: String { "\(source): \(kind) \(field): \(detail) → \(action)" }
}

/// What a run did.
public struct RunReport: Sendable, Equatable, Codable {
    /// The run's id in `_runs`.
    public var runID: String
    public var mode: PipelineMode
    public var incremental: Bool
    public var contacts = SourceCounts()
    public var events = SourceCounts()
    /// Rows per table after the run.
    public var tables: [String: Int] = [:]
    public var timings = StageTimings()
    /// The contacts watermark per source system after the run (ETL; for ELT, the greatest
    /// `updated_at` and id per system in the models).
    public var watermarks: [String: Watermark] = [:]
    public var drift: [DriftFinding] = []
    /// Files not staged again because their batch was already loaded.
    public var skippedFiles: [String] = []

    public init(runID: String, mode: PipelineMode, incremental: Bool) {
        self.runID = runID
        self.mode = mode
        self.incremental = incremental
    }

    /// Whether both sources reconcile.
    public var isReconciled: Bool { contacts.isReconciled && events.isReconciled }
}
