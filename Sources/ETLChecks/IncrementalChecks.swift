import ETL
import Grading
import SQLite

/// A source database and a warehouse for the incremental exercise, driven step by step.
struct IncrementalRig {
    let loader: any IncrementalLoading
    /// Where both databases live: files, so that the learner runner can open them.
    let folder: ScratchFolder
    let source: Connection
    let warehouse: Connection
    var log: [String] = []

    init(_ loader: any IncrementalLoading) throws {
        self.loader = loader
        folder = try ScratchFolder()
        source = try Connection(.file(folder.file("source.sqlite")))
        warehouse = try Connection(.file(folder.file("warehouse.sqlite")))
        try ExerciseTables.createSource(in: source)
        try ExerciseTables.createWarehouse(in: warehouse)
    }

    /// Inserts or replaces rows in the source, as the application would.
    mutating func write(_ rows: [SourceRow]) throws {
        let upsert = try source.prepare("INSERT OR REPLACE INTO source_rows VALUES (?, ?, ?, ?)")
        for row in rows {
            try upsert.run([
                .text(row.id), .text(row.email), row.countryCode.map(SQLiteValue.text) ?? .null, .text(row.updatedAt),
            ])
        }
        log.append("source ← " + rows.map(\.description).joined(separator: " "))
    }

    /// One incremental run: extract after the stored watermark, load.
    mutating func run() throws {
        let mark = try loader.watermark(for: "crm", in: warehouse)
        let batch = try loader.extract(from: source, after: mark)
        try loader.load(batch, source: "crm", into: warehouse)
        log.append("run (watermark \(mark.map(\.description) ?? "none")): extracted \(batch.count)")
    }

    var loaded: [SourceRow] {
        get throws {
            try warehouse.rows("SELECT id, email, country_code, updated_at FROM wh_contacts ORDER BY id").map { row in
                SourceRow(id: row[0].text, email: row[1].text, countryCode: row[2].optionalText, updatedAt: row[3].text)
            }
        }
    }

    var storedWatermark: Watermark? {
        get throws {
            try warehouse.rows("SELECT updated_at, last_id FROM etl_watermarks WHERE source = 'crm'").first.map {
                Watermark(updatedAt: $0[0].text, id: $0[1].text)
            }
        }
    }

    var steps: String { log.joined(separator: "; ") }
}

extension SQLiteValue {
    var text: String { optionalText ?? "" }
    var optionalText: String? {
        switch self {
        case .text(let s): s
        case .integer(let i): String(i)
        case .real(let d): String(d)
        case .null: nil
        case .blob(let b): String(decoding: b, as: UTF8.self)
        }
    }
}

extension ETLChecks {
    static func row(_ id: String, _ t: Int, email: String? = nil) -> SourceRow {
        SourceRow(
            id: id, email: email ?? "\(id)@example.com", countryCode: "DE",
            updatedAt: "2026-01-01T00:00:\(t < 10 ? "0" : "")\(t)Z")
    }

    static func incrementalChecks(learner: ETLImplementations, reference: ETLImplementations) -> [Check] {
        let loader = learner.incremental

        @Sendable func expectLoaded(_ rig: IncrementalRig, _ rows: [SourceRow], _ what: String) throws {
            let got = try rig.loaded
            try require(
                got == rows.sorted { $0.id < $1.id }, what, input: rig.steps,
                expected: rows.sorted { $0.id < $1.id }.description, actual: got.description)
        }

        @Sendable func expectWatermark(_ rig: IncrementalRig, at last: SourceRow, _ what: String) throws {
            let mark = try rig.storedWatermark
            let want = Watermark(updatedAt: last.updatedAt, id: last.id)
            try require(
                mark == want, what, input: rig.steps, expected: want.description,
                actual: mark.map(\.description) ?? "none")
        }

        return [
            Check(
                "the first run loads everything and stores the greatest (updated_at, id)", kind: .scenario, points: 2,
                why: "the watermark is where the next run starts"
            ) { _ in
                var rig = try IncrementalRig(loader)
                try rig.write([row("b", 5), row("a", 5), row("c", 3)])
                try rig.run()
                try expectLoaded(rig, [row("a", 5), row("b", 5), row("c", 3)], "the first run did not load every row")
                try expectWatermark(rig, at: row("b", 5), "wrong watermark")
            },
            Check(
                "extracts in (updated_at, id) order, and keeps one watermark per source", kind: .scenario, points: 2,
                why: "a consumer that stops part way resumes from the order; two sources must not share a watermark"
            ) { _ in
                var rig = try IncrementalRig(loader)
                let rows = [row("d", 4), row("b", 9), row("a", 4), row("c", 1), row("e", 9)]
                try rig.write(rows)
                let extracted = try loader.extract(from: rig.source, after: nil)
                let ordered = rows.sorted { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }
                try require(
                    extracted == ordered, "the extract is not ordered by updated_at, then id", input: rig.steps,
                    expected: ordered.map(\.id).joined(separator: ", "),
                    actual: extracted.map(\.id).joined(separator: ", "))
                try loader.load([row("c", 1)], source: "crm", into: rig.warehouse)
                try loader.load([row("b", 9)], source: "web", into: rig.warehouse)
                let marks = try ["crm", "web"].map { try loader.watermark(for: $0, in: rig.warehouse) }
                let want = [
                    Watermark(updatedAt: row("c", 1).updatedAt, id: "c"),
                    Watermark(updatedAt: row("b", 9).updatedAt, id: "b"),
                ]
                try require(
                    marks == want, "the sources' watermarks are not kept apart",
                    input: "load c (t=1) from crm, then b (t=9) from web",
                    expected: "crm \(want[0]), web \(want[1])",
                    actual: "crm \(marks[0].map(\.description) ?? "none"), web \(marks[1].map(\.description) ?? "none")"
                )
            },
            Check(
                "a row committed later with the watermark's timestamp is not lost (>=, not >)", kind: .scenario,
                points: 4, why: "with >, a row written in the same second as the last extract is skipped forever"
            ) { _ in
                var rig = try IncrementalRig(loader)
                try rig.write([row("a", 1), row("m", 7)])
                try rig.run()
                try rig.write([row("b", 7)])
                try rig.run()
                try expectLoaded(
                    rig, [row("a", 1), row("b", 7), row("m", 7)], "a row sharing the watermark's second was lost")
            },
            Check(
                "replaying runs and batches changes nothing", kind: .scenario, points: 2,
                why: "retries and overlaps are normal; they must be harmless"
            ) { _ in
                var rig = try IncrementalRig(loader)
                try rig.write([row("a", 1), row("b", 2)])
                try rig.run()
                try rig.run()
                let batch = [row("a", 1), row("b", 2)]
                try loader.load(batch, source: "crm", into: rig.warehouse)
                try loader.load(batch, source: "crm", into: rig.warehouse)
                rig.log.append("the same batch loaded twice more")
                try expectLoaded(rig, batch, "a replay changed the table")
                try expectWatermark(rig, at: row("b", 2), "a replay moved the watermark")
            },
            Check(
                "an older version never overwrites a newer one, and the watermark never goes back", kind: .scenario,
                points: 4, why: "batches arrive out of order; newer-wins keeps the truth"
            ) { _ in
                var rig = try IncrementalRig(loader)
                try loader.load([row("a", 9, email: "new@example.com")], source: "crm", into: rig.warehouse)
                try loader.load(
                    [row("a", 2, email: "old@example.com"), row("b", 3)], source: "crm", into: rig.warehouse)
                rig.log.append("load a@9 (new@example.com), then a@2 (old@example.com) and b@3")
                try expectLoaded(
                    rig, [row("a", 9, email: "new@example.com"), row("b", 3)], "an older change overwrote a newer one")
                try expectWatermark(rig, at: row("a", 9), "the watermark moved backwards")
            },
            Check(
                "a load that fails leaves neither rows nor a watermark; the retry loads everything", kind: .scenario,
                points: 4, why: "a watermark saved before its rows commit skips them after a crash"
            ) { _ in
                var rig = try IncrementalRig(loader)
                try rig.write([row("a", 1), row("b", 2), row("c", 3)])
                try rig.warehouse.execute(
                    """
                    CREATE TRIGGER injected_failure BEFORE INSERT ON wh_contacts WHEN NEW.id = 'c'
                    BEGIN SELECT RAISE(ABORT, 'injected failure'); END;
                    """)
                let failed = try throwsSomething { try rig.run() }
                rig.log.append("the load of c fails")
                try require(
                    failed, "the load reported success although inserting c failed", input: rig.steps,
                    expected: "an error", actual: "no error")
                let partial = try rig.loaded
                let mark = try rig.storedWatermark
                try require(
                    partial.isEmpty && mark == nil, "a failed load left rows or a watermark behind", input: rig.steps,
                    expected: "no rows, no watermark",
                    actual: "\(partial.count) row(s), watermark \(mark.map(\.description) ?? "none")")
                try rig.warehouse.execute("DROP TRIGGER injected_failure")
                try rig.run()
                try expectLoaded(
                    rig, [row("a", 1), row("b", 2), row("c", 3)], "after the failure, the retry did not load every row")
            },
            Check(
                "agrees with the reference over random sequences of writes and runs", kind: .property, points: 2,
                why: "the invariant: after a run, the warehouse equals the source",
                timeLimit: .seconds(20)  // hundreds of runs, each three calls into the learner runner
            ) { context in
                try context.forAll(
                    Property(
                        generate: { g in
                            (0..<Int.random(in: 1...12, using: &g)).map { _ in
                                g.chance(0.3)
                                    ? "run" : "\(g.pick(["a", "b", "c", "d"]))@\(Int.random(in: 1...6, using: &g))"
                            } + ["run"]
                        },
                        shrink: { steps in Shrink.array(Array(steps.dropLast())).map { $0 + ["run"] } },
                        describe: { $0.joined(separator: ", ") }),
                    cases: 80, message: "the warehouse differs from the reference's",
                    learner: { try replay($0, loader) }, reference: { try replay($0, reference.incremental) })
            },
        ]
    }

    /// Runs a script of writes (`id@second`) and runs; returns the warehouse rows and watermark.
    static func replay(_ steps: [String], _ loader: any IncrementalLoading) throws -> String {
        var rig = try IncrementalRig(loader)
        for step in steps {
            if step == "run" {
                try rig.run()
            } else {
                let parts = step.split(separator: "@")
                try rig.write([row(String(parts[0]), Int(parts[1])!)])
            }
        }
        return try "\(rig.loaded) watermark \(rig.storedWatermark.map(\.description) ?? "none")"
    }
}

/// Whether `body` threw; the starter's `Unimplemented` propagates instead of counting as an error.
func throwsSomething(_ body: () throws -> Void) throws -> Bool {
    do {
        try body()
        return false
    } catch let error as Unimplemented {
        throw error
    } catch {
        return true
    }
}
