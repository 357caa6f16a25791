import SQLite

/// Applies the CRM's change log to a warehouse with the injected applier (exercise 5), page by
/// page, from the consumer's committed position: the engine of `workbook etl cdc apply`.
public enum ChangeCapture {
    /// What an apply did.
    public struct Report: Sendable, Equatable {
        /// The committed position before and after (`nil`: nothing committed yet).
        public var from: Int64?
        public var to: Int64?
        /// Events read from the log, by operation code (`c`, `u`, `d`).
        public var operations: [String: Int] = [:]
        /// Pages applied (each in one transaction with its offset).
        public var pages = 0
        /// The log's last position.
        public var logEnd: Int64 = 0

        /// Events applied.
        public var applied: Int { operations.values.reduce(0, +) }
    }

    /// The consumer name the CLI uses.
    public static let consumer = "warehouse"

    /// Reads the log after the committed position and applies it, `pageSize` events at a time.
    /// - Throws: `SQLiteError`, ``ChangeLogError`` for an invalid log row, the applier's error,
    ///   or ``PipelineError`` if the applier does not advance its committed position (it would
    ///   otherwise be fed the same page forever).
    public static func apply(
        from source: Connection, to warehouse: Connection, applier: any ChangeApplying, consumer: String = consumer,
        pageSize: Int = 1000
    ) throws -> Report {
        try ExerciseTables.createWarehouse(in: warehouse)
        var report = Report()
        report.from = try applier.committedPosition(consumer: consumer, in: warehouse)
        report.logEnd = try ChangeLog.lastPosition(in: source)
        var position = report.from
        while true {
            let page = try ChangeLog.read(from: source, after: position, limit: pageSize)
            guard let last = page.last else { break }
            try applier.apply(page, consumer: consumer, to: warehouse)
            let committed = try applier.committedPosition(consumer: consumer, in: warehouse)
            guard let committed, committed >= last.position else {
                throw PipelineError(
                    "the change applier did not commit position \(last.position) for \(consumer) "
                        + "(committed: \(committed.map(String.init) ?? "none"))")
            }
            for event in page { report.operations[event.operation.rawValue, default: 0] += 1 }
            report.pages += 1
            position = committed
        }
        report.to = position
        return report
    }
}
