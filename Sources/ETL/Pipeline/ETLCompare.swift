import Crypto
import Foundation
import SQLite

/// Runs both modes on the same source into fresh warehouses and puts them side by side: the
/// engine of `workbook etl compare`.
public enum ETLCompare {
    /// One mode's figures.
    public struct Side: Sendable, Codable {
        public var mode: PipelineMode
        public var run: RunReport
        /// The database file's size after a checkpoint.
        public var bytes: Int64
        /// Of which pages in use (the rest is free pages left by dropped intermediate tables).
        public var bytesInUse: Int64
        /// Columns where the scan found the source's PII.
        public var pii: [PIIScanner.Finding]
        /// How long that scan took (it reads every text value; not part of the pipeline).
        public var scanSeconds: Double = 0
    }

    /// The difference between the two paths' versions of one mart.
    public struct MartDiff: Sendable, Codable, Equatable {
        public var mart: String
        public var rows: Int
        /// Rows of the ETL mart missing from the ELT mart (`EXCEPT`), and the other way.
        public var onlyInETL: Int
        public var onlyInELT: Int
        public var isEmpty: Bool { onlyInETL == 0 && onlyInELT == 0 }
    }

    /// What the comparison found.
    public struct Report: Sendable, Codable {
        public var schemaVersion = 1
        public var source: String
        public var etl: Side
        public var elt: Side
        public var marts: [MartDiff]
        /// Whether every mart diff is empty.
        public var martsIdentical: Bool { marts.allSatisfy(\.isEmpty) }
    }

    /// Runs the comparison.
    /// - Parameters:
    ///   - source: The folder with `contacts.csv` and `events.jsonl`.
    ///   - implementations: The pipelines' parts.
    ///   - workDirectory: Where the two warehouses go (`etl.sqlite`, `elt.sqlite`, replaced);
    ///     default: a temporary folder, removed afterwards.
    /// - Throws: What either run throws.
    public static func run(
        source: URL, implementations: ETLImplementations, workDirectory: URL? = nil
    ) throws -> Report {
        let folder =
            workDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("etl-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if workDirectory == nil { try? FileManager.default.removeItem(at: folder) } }
        try Pipeline.checkSource(RunOptions(mode: .etl, source: source, database: ""))
        // One salt for both, so the two marts can be compared row by row. It is never shown.
        let salt = Hex.encode(try SecureRandom.bytes(count: 32))
        let scanner = try PIIScanner(contactsFile: source.appendingPathComponent(DataGenerator.contactsFile).path)
        var sides: [Side] = []
        for mode in PipelineMode.allCases {
            let path = folder.appendingPathComponent("\(mode.rawValue).sqlite").path
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            let run = try Pipeline.run(
                RunOptions(mode: mode, source: source, database: path, salt: salt), implementations: implementations)
            let db = try Warehouse.open(path: path)
            let bytes = try trace("checkpoint \(mode.rawValue)") { try Warehouse.storedBytes(of: db, path: path) }
            let pageSize = try db.scalar("PRAGMA page_size", as: Int64.self) ?? 4096
            let free = try db.scalar("PRAGMA freelist_count", as: Int64.self) ?? 0
            let scanStart = ContinuousClock.now
            let pii = try trace("PII scan \(mode.rawValue)") { try scanner.scan(db) }
            let scan = scanStart.duration(to: .now)
            sides.append(
                Side(
                    mode: mode, run: run, bytes: bytes, bytesInUse: bytes - free * pageSize, pii: pii,
                    scanSeconds: Double(scan.components.seconds) + Double(scan.components.attoseconds) / 1e18))
        }
        let etlPath = folder.appendingPathComponent("etl.sqlite").path
        let eltPath = folder.appendingPathComponent("elt.sqlite").path
        let db = try Connection(.file(etlPath))
        try db.execute("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144;")
        try db.prepare("ATTACH DATABASE ? AS other").run([.text(eltPath)])
        var diffs: [MartDiff] = []
        for mart in WarehouseSchema.marts {
            let (onlyETL, onlyELT) = try trace("diff \(mart)") {
                (
                    try db.scalar(
                        "SELECT count(*) FROM (SELECT * FROM main.\(mart) EXCEPT SELECT * FROM other.\(mart))",
                        as: Int.self) ?? 0,
                    try db.scalar(
                        "SELECT count(*) FROM (SELECT * FROM other.\(mart) EXCEPT SELECT * FROM main.\(mart))",
                        as: Int.self) ?? 0
                )
            }
            let rows = try db.scalar("SELECT count(*) FROM main.\(mart)", as: Int.self) ?? 0
            diffs.append(MartDiff(mart: mart, rows: rows, onlyInETL: onlyETL, onlyInELT: onlyELT))
        }
        return Report(source: source.path, etl: sides[0], elt: sides[1], marts: diffs)
    }

    /// Runs `body`, printing its duration to standard error when `WORKBOOK_ETL_TRACE` is set.
    static func trace<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        guard ProcessInfo.processInfo.environment["WORKBOOK_ETL_TRACE"] != nil else { return try body() }
        let clock = ContinuousClock()
        let start = clock.now
        defer { FileHandle.standardError.write(Data("\(name): \(start.duration(to: clock.now))\n".utf8)) }
        return try body()
    }
}

extension ETLCompare.Report {
    /// The side-by-side table.
    public var table: String {
        func seconds(_ value: Double) -> String { value == 0 ? "—" : String(format: "%.2f s", value) }
        func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
        func rows(_ side: ETLCompare.Side, _ table: String) -> String {
            side.run.tables[table].map { String($0) } ?? "—"
        }
        var lines: [(String, String, String)] = [
            ("time: setup (open, fingerprint files)", seconds(etl.run.timings.setup), seconds(elt.run.timings.setup)),
            ("time: extract", seconds(etl.run.timings.extract), seconds(elt.run.timings.extract)),
            ("time: transform (Swift)", seconds(etl.run.timings.transform), seconds(elt.run.timings.transform)),
            ("time: load", seconds(etl.run.timings.load), seconds(elt.run.timings.load)),
            ("time: SQL models", seconds(etl.run.timings.sql), seconds(elt.run.timings.sql)),
            ("time: commit", seconds(etl.run.timings.commit), seconds(elt.run.timings.commit)),
            ("time: total", seconds(etl.run.timings.total), seconds(elt.run.timings.total)),
            ("time: PII scan (compare only)", seconds(etl.scanSeconds), seconds(elt.scanSeconds)),
        ]
        for table in ["stg_contacts_raw", "stg_events_raw", "wh_contacts"] + WarehouseSchema.marts {
            lines.append(("rows: \(table)", rows(etl, table), rows(elt, table)))
        }
        for (name, keyPath) in [("contacts", \RunReport.contacts), ("events", \RunReport.events)] {
            let a = etl.run[keyPath: keyPath]
            let b = elt.run[keyPath: keyPath]
            lines.append(("\(name): read", String(a.read), String(b.read)))
            lines.append(
                (
                    "\(name): loaded / quarantined / duplicates", "\(a.loaded) / \(a.quarantined) / \(a.duplicates)",
                    "\(b.loaded) / \(b.quarantined) / \(b.duplicates)"
                ))
        }
        lines.append(("bytes stored (after checkpoint)", megabytes(etl.bytes), megabytes(elt.bytes)))
        lines.append(("  of which in use", megabytes(etl.bytesInUse), megabytes(elt.bytesInUse)))
        let etlPII = etl.pii.isEmpty ? ["none"] : etl.pii.map { "\($0.table).\($0.column)" }
        let eltPII = elt.pii.isEmpty ? ["none"] : elt.pii.map { "\($0.table).\($0.column)" }
        for index in 0..<max(etlPII.count, eltPII.count) {
            lines.append(
                (
                    index == 0 ? "PII columns in the warehouse" : "", index < etlPII.count ? etlPII[index] : "",
                    index < eltPII.count ? eltPII[index] : ""
                ))
        }
        let width = max(34, (lines.map(\.0.count).max() ?? 0) + 2)
        let column = max(16, (lines.map(\.1.count).max() ?? 0) + 2)
        func pad(_ text: String, _ count: Int) -> String {
            text + String(repeating: " ", count: max(1, count - text.count))
        }
        var out = [pad("", width) + pad("ETL", column) + "ELT"]
        out += lines.map { pad($0.0, width) + pad($0.1, column) + $0.2 }
        out.append("")
        for diff in marts {
            let verdict =
                diff.isEmpty
                ? "identical (EXCEPT both ways is empty)"
                : "DIFFERENT: \(diff.onlyInETL) rows only in ETL, \(diff.onlyInELT) only in ELT"
            out.append("marts diff \(diff.mart) (\(diff.rows) rows): \(verdict)")
        }
        if !elt.run.timings.models.isEmpty {
            out.append("")
            out.append("ELT's SQL, model by model:")
            let nameWidth = (elt.run.timings.models.map(\.name.count).max() ?? 0) + 2
            for model in elt.run.timings.models {
                out.append("  " + pad(model.name, nameWidth) + String(format: "%6.2f s", model.seconds))
            }
        }
        return out.joined(separator: "\n")
    }
}
