import ETL
import Grading
import SQLite

extension ETLChecks {
    /// A small change log: creates, updates and deletes over a few keys, positions 1…n. With
    /// `unseenDeletes`, some deletes are of keys the log never created (rows that existed before
    /// capture began).
    static func changeLog(_ g: inout SeededGenerator, count: Int, unseenDeletes: Bool = false) -> [ChangeEvent] {
        var rows: [String: ContactImage] = [:]
        var events: [ChangeEvent] = []
        for position in 1...Int64(count) {
            let key = g.pick(["k1", "k2", "k3", "k4"])
            let image = ContactImage(
                email: "\(key).v\(position)@example.com", countryCode: g.pick(["DE", "FR", nil]),
                updatedAt: "2026-01-01T00:\(position < 10 ? "0" : "")\(position % 60):00Z")
            if unseenDeletes && g.chance(0.15) {
                let old = "old\(position)"
                let before = ContactImage(
                    email: "\(old)@example.com", countryCode: "DE", updatedAt: "2025-12-31T00:00:00Z")
                events.append(ChangeEvent(position: position, operation: .delete, key: old, before: before, after: nil))
            } else if let before = rows[key] {
                if g.chance(0.3) {
                    events.append(
                        ChangeEvent(position: position, operation: .delete, key: key, before: before, after: nil))
                    rows[key] = nil
                } else {
                    events.append(
                        ChangeEvent(position: position, operation: .update, key: key, before: before, after: image))
                    rows[key] = image
                }
            } else {
                events.append(ChangeEvent(position: position, operation: .create, key: key, before: nil, after: image))
                rows[key] = image
            }
        }
        return events
    }

    /// The log of a scenario check, from the check's seed: 12 events with at least one update,
    /// one delete of a created key and one delete of a key never seen, wherever they fall.
    static func scenarioLog(_ context: CheckContext) -> [ChangeEvent] {
        var g = context.makeGenerator()
        while true {
            let log = changeLog(&g, count: 12, unseenDeletes: true)
            let created = Set(log.filter { $0.operation == .create }.map(\.key))
            let deletes = log.filter { $0.operation == .delete }
            if log.contains(where: { $0.operation == .update }), deletes.contains(where: { created.contains($0.key) }),
                deletes.contains(where: { !created.contains($0.key) })
            {
                return log
            }
        }
    }

    /// A fresh warehouse after `batches`, each applied by the consumer `warehouse`; returns the
    /// tables (or the error).
    static func applied(
        _ applier: any ChangeApplying, _ batches: [[ChangeEvent]], setUp: (Connection) throws -> Void = { _ in }
    ) throws -> SQLOutcome {
        try applied(applier, steps: batches.map { ("warehouse", $0) }, setUp: setUp)
    }

    /// A fresh warehouse after `steps`, each a batch applied by a consumer.
    static func applied(
        _ applier: any ChangeApplying, steps: [(consumer: String, batch: [ChangeEvent])],
        setUp: (Connection) throws -> Void = { _ in }
    ) throws -> SQLOutcome {
        let folder = try ScratchFolder()
        defer { folder.remove() }  // also keeps the folder alive while the warehouse is used
        let warehouse = try Connection(.file(folder.file("warehouse.sqlite")))
        try ExerciseTables.createWarehouse(in: warehouse)
        try setUp(warehouse)
        do {
            for step in steps { try applier.apply(step.batch, consumer: step.consumer, to: warehouse) }
        } catch let error as Unimplemented {
            throw error
        } catch {
            return .failed("\(error)")
        }
        return .tables([
            "cdc_contacts": try TableSnapshot.of("cdc_contacts", in: warehouse),
            "cdc_offsets": try TableSnapshot.of("cdc_offsets", in: warehouse),
        ])
    }

    static func describe(_ batches: [[ChangeEvent]]) -> String {
        batches.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" }.joined(separator: " then ")
    }

    static func changeChecks(learner: ETLImplementations, reference: ETLImplementations) -> [Check] {
        let applier = learner.changes
        let model = reference.changes

        @Sendable func expect(_ batches: [[ChangeEvent]], equals clean: [[ChangeEvent]], _ what: String) throws {
            let expected = try applied(model, clean)
            let actual = try applied(applier, batches)
            try require(
                expected == actual, what, input: describe(batches), expected: expected.description,
                actual: actual.description)
        }

        return [
            Check(
                "applies creates, updates and deletes (deletes as soft deletes) and commits the offset",
                kind: .scenario, points: 5, why: "the warehouse must mirror the source, and remember what went"
            ) { context in
                let log = scenarioLog(context)
                try expect([log], equals: [log], "the tables differ from the reference after one batch")
            },
            Check(
                "a redelivered batch changes nothing", kind: .scenario, points: 4,
                why: "logs deliver at least once; applying twice corrupts counters and history"
            ) { context in
                let log = scenarioLog(context)
                let first = Array(log.prefix(7))
                let rest = Array(log.dropFirst(7))
                try expect([first, first, rest, rest], equals: [log], "redelivery changed the tables")
                try expect(
                    [first, Array(log.prefix(9)), log], equals: [log], "an overlapping batch changed the tables")
            },
            Check(
                "a crash mid-batch, or while writing the offset, leaves nothing half-applied; the retry matches a clean run",
                kind: .scenario,
                points: 5, why: "apply and offset must commit together, or a restart skips or repeats changes"
            ) { context in
                let log = scenarioLog(context)
                let victim = log[log.count / 2].key
                let folder = try ScratchFolder()
                defer { folder.remove() }  // also keeps the folder alive while the warehouse is used
                let warehouse = try Connection(.file(folder.file("warehouse.sqlite")))
                try ExerciseTables.createWarehouse(in: warehouse)
                let first = Array(log.prefix(4))
                try applier.apply(first, consumer: "warehouse", to: warehouse)
                let before = try TableSnapshot.of("cdc_contacts", in: warehouse)
                let offsetBefore = try TableSnapshot.of("cdc_offsets", in: warehouse)
                try warehouse.execute(
                    """
                    CREATE TRIGGER fail_insert BEFORE INSERT ON cdc_contacts WHEN NEW.id = '\(victim)' BEGIN SELECT RAISE(ABORT, 'injected crash'); END;
                    CREATE TRIGGER fail_update BEFORE UPDATE ON cdc_contacts WHEN NEW.id = '\(victim)' BEGIN SELECT RAISE(ABORT, 'injected crash'); END;
                    """)
                let failed = try throwsSomething { try applier.apply(log, consumer: "warehouse", to: warehouse) }
                try require(
                    failed, "apply reported success although a write failed",
                    input: "the whole log after the first 4 events, with writes to \(victim) failing",
                    expected: "an error", actual: "no error")
                let after = try TableSnapshot.of("cdc_contacts", in: warehouse)
                let offsetAfter = try TableSnapshot.of("cdc_offsets", in: warehouse)
                try require(
                    after == before && offsetAfter == offsetBefore,
                    "the failed batch left changes or a new offset behind", input: "writes to \(victim) fail midway",
                    expected: "\(before); offsets \(offsetBefore)", actual: "\(after); offsets \(offsetAfter)")
                try warehouse.execute("DROP TRIGGER fail_insert; DROP TRIGGER fail_update;")
                try applier.apply(log, consumer: "warehouse", to: warehouse)
                let recovered = SQLOutcome.tables([
                    "cdc_contacts": try TableSnapshot.of("cdc_contacts", in: warehouse),
                    "cdc_offsets": try TableSnapshot.of("cdc_offsets", in: warehouse),
                ])
                let clean = try applied(model, [log])
                try require(
                    recovered == clean, "after the crash and a retry the tables differ from a clean run",
                    input: describe([first, log]), expected: clean.description, actual: recovered.description)

                // The same with the effects written and the offset's write failing: an applier that
                // commits the effects before the offset keeps them, and the retry applies them again.
                let other = try Connection(.file(folder.file("offset-failure.sqlite")))
                try ExerciseTables.createWarehouse(in: other)
                try applier.apply(first, consumer: "warehouse", to: other)
                let effectsBefore = try TableSnapshot.of("cdc_contacts", in: other)
                try other.execute(
                    """
                    CREATE TRIGGER fail_offset_insert BEFORE INSERT ON cdc_offsets WHEN NEW.consumer = 'warehouse' BEGIN SELECT RAISE(ABORT, 'injected offset failure'); END;
                    CREATE TRIGGER fail_offset_update BEFORE UPDATE ON cdc_offsets WHEN NEW.consumer = 'warehouse' BEGIN SELECT RAISE(ABORT, 'injected offset failure'); END;
                    """)
                let offsetFailed = try throwsSomething { try applier.apply(log, consumer: "warehouse", to: other) }
                let effectsAfter = try TableSnapshot.of("cdc_contacts", in: other)
                try require(
                    offsetFailed && effectsAfter == effectsBefore,
                    "a batch whose offset could not be written left its changes behind",
                    input: "the whole log after the first 4 events, with the offset's write failing",
                    expected: "an error, and \(effectsBefore)",
                    actual: (offsetFailed ? "an error, and " : "no error, and ") + "\(effectsAfter)")
            },
            Check(
                "replaying the whole log from the start leaves identical tables", kind: .scenario, points: 4,
                why: "rebuilding a consumer must be safe"
            ) { context in
                let log = scenarioLog(context)
                let chunks = stride(from: 0, to: log.count, by: 3).map { Array(log[$0..<min($0 + 3, log.count)]) }
                try expect(chunks + [log], equals: [log], "a full replay changed the tables")
            },
            Check(
                "an old position delivered after newer ones is not applied again", kind: .scenario, points: 3,
                why: "re-applying an old update resurrects stale data"
            ) { context in
                let log = scenarioLog(context)
                guard let old = log.first(where: { $0.operation == .update }) ?? log.first else { return }
                try expect([log, [old]], equals: [log], "an old event was applied again")
                if let create = log.first(where: { $0.operation == .create }) {
                    try expect([log, [create]], equals: [log], "an old create was applied again")
                }
            },
            Check(
                "consumers sharing a warehouse keep an offset each, interleaved", kind: .scenario, points: 4,
                why: "a second consumer (an audit copy, a backfill) must neither skip nor hide the first one's changes"
            ) { context in
                let log = scenarioLog(context)
                let steps: [(consumer: String, batch: [ChangeEvent])] = [
                    ("warehouse", Array(log.prefix(5))), ("audit", Array(log.prefix(8))), ("warehouse", log),
                    ("audit", Array(log.prefix(3))), ("audit", log),
                ]
                let expected = try applied(model, steps: steps)
                let actual = try applied(applier, steps: steps)
                try require(
                    expected == actual, "with two consumers the tables differ from the reference",
                    input: steps.map { "\($0.consumer): \(describe([$0.batch]))" }.joined(separator: " then "),
                    expected: expected.description, actual: actual.description)
            },
        ]
    }
}

extension ETLChecks {
    /// Exercise 5's hidden check: random logs, split into batches that replay part of the previous
    /// one, must leave the tables the reference leaves.
    static func hiddenChangeCheck(learner: ETLImplementations, reference: ETLImplementations) -> Check {
        Check(
            "random logs in overlapping batches end as the reference's", kind: .property, points: 2,
            why: "real consumers see every split and every replay the broker produces",
            timeLimit: .seconds(20), hidden: true
        ) { context in
            let property = Property<[[ChangeEvent]]>(
                generate: { g in
                    let log = changeLog(&g, count: g.int(in: 1...24), unseenDeletes: true)
                    var batches: [[ChangeEvent]] = []
                    var start = 0
                    while start < log.count {
                        let end = min(log.count, start + g.int(in: 1...6))
                        batches.append(Array(log[max(0, start - g.int(in: 0...2))..<end]))
                        start = end
                    }
                    return batches
                },
                shrink: { Shrink.array($0) }, describe: { describe($0) })
            try context.forAll(
                property, cases: 40, learner: { try applied(learner.changes, $0) },
                reference: { try applied(reference.changes, $0) })
        }
    }
}
