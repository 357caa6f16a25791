import ETL
import Foundation
import SQLite

/// A folder for one test's sources and warehouses, removed by `remove()`.
struct ScratchFolder {
    let url: URL

    init(_ name: String = "etl") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func folder(_ name: String) -> URL { url.appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Fixed inputs for reproducible runs.
enum Fixture {
    static let salt = "test-salt"
    static let now = Date(timeIntervalSince1970: 1_775_000_000)

    static func options(
        _ mode: PipelineMode, source: URL, database: String, incremental: Bool = false, onDrift: DriftPolicy = .fail
    ) -> RunOptions {
        RunOptions(
            mode: mode, source: source, database: database, incremental: incremental, onDrift: onDrift, salt: salt,
            now: { now })
    }

    /// Generates sources of `rows` contacts (3 events each, to keep tests fast).
    static func sources(in folder: ScratchFolder, rows: Int, seed: UInt64, name: String = "source") throws -> URL {
        let url = folder.folder(name)
        _ = try DataGenerator.generate(
            rows: rows, seed: seed, into: url, options: DataGenerator.Options(eventsPerContact: 3))
        return url
    }

    /// Runs a pipeline with the reference implementations.
    @discardableResult
    static func run(
        _ mode: PipelineMode, source: URL, database: String, incremental: Bool = false, onDrift: DriftPolicy = .fail
    ) throws -> RunReport {
        try Pipeline.run(
            options(mode, source: source, database: database, incremental: incremental, onDrift: onDrift),
            implementations: reference)
    }
}

/// Every row of a table, sorted, as text, for comparisons.
func snapshot(_ table: String, in path: String, excluding columns: Set<String> = []) throws -> [String] {
    let db = try Connection(.file(path), readOnly: true)
    let names = try Warehouse.columns(of: table, in: db).filter { !columns.contains($0) }
    let list = names.map { "\"\($0)\"" }.joined(separator: ", ")
    return try db.rows("SELECT \(list) FROM \"\(table)\"").map { row in
        row.map(\.description).joined(separator: "|")
    }.sorted()
}

/// Small hand-written sources, for drift and incremental cases.
struct HandwrittenSource {
    var header = RawContact.columns
    var contacts: [[String]] = []
    var events: [String] = []

    /// Writes `contacts.csv` and `events.jsonl` into `url`.
    @discardableResult
    func write(to url: URL) throws -> URL {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let csv =
            ([header] + contacts).map { fields in
                fields.map {
                    $0.contains(",") || $0.contains("\"")
                        ? "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" : $0
                }
                .joined(separator: ",")
            }.joined(separator: "\r\n") + "\r\n"
        try csv.write(to: url.appendingPathComponent("contacts.csv"), atomically: true, encoding: .utf8)
        try (events.joined(separator: "\n") + "\n").write(
            to: url.appendingPathComponent("events.jsonl"), atomically: true, encoding: .utf8)
        return url
    }

    static func event(
        _ id: String, _ type: String, _ at: String, email: String?, campaign: String? = nil, extra: String = ""
    ) -> String {
        let emailMember = email.map { ",\"email\":\"\($0)\"" } ?? ""
        let properties =
            campaign.map {
                ",\"properties\":{\"url\":\"https://www.example.com/\",\"utm_source\":\"google\",\"utm_medium\":\"cpc\",\"utm_campaign\":\"\($0)\"}"
            } ?? ",\"properties\":{\"url\":\"https://www.example.com/\"}"
        return
            "{\"event_id\":\"\(id)\",\"type\":\"\(type)\",\"occurred_at\":\"\(at)\"\(emailMember)\(properties)\(extra)}"
    }

    /// Batch A: two people, three events.
    static var batchA: HandwrittenSource {
        HandwrittenSource(
            contacts: [
                ["crm", "C1", "Ann.Lee@Example.com", "Ann", "Lee", "+49 30 1234567", "DE", "2025-01-01 10:00:00"],
                ["web", "W1", "bo.chan@example.org", "Bo", "Chan", "", "France", "2025-01-02T10:00:00Z"],
                ["web", "W2", " ann.lee@example.com", "Ann", "Lee", "", "deu", "2025-01-03T10:00:00Z"],
            ],
            events: [
                event("e1", "page_view", "2026-01-01T10:00:00Z", email: "ann.lee@example.com", campaign: "spring"),
                event("e2", "form_submit", "2026-01-02T10:00:00Z", email: "ANN.LEE@example.com"),
                event("e3", "form_submit", "2026-01-02T11:00:00Z", email: "bo.chan@example.org"),
            ])
    }

    /// Batch B: newer versions of the same records, a new event, and a redelivery of e1.
    static var batchB: HandwrittenSource {
        HandwrittenSource(
            contacts: [
                ["crm", "C1", "ann.lee@example.com", "Ann", "Lee", "+44 20 7946 0958", "UK", "2025-02-01 10:00:00"],
                ["web", "W1", "bo.chan@example.org", "Bo", "Chan", "", "es", "2025-02-02T10:00:00Z"],
                ["web", "W2", "ann.lee@example.com", "Ann", "Lee", "", "deu", "2025-02-03T10:00:00Z"],
            ],
            events: [
                event("e4", "email_click", "2026-01-03T10:00:00Z", email: "bo.chan@example.org", campaign: "news"),
                event("e5", "form_submit", "2026-01-04T10:00:00Z", email: "bo.chan@example.org"),
                event("e1", "page_view", "2026-01-01T10:00:00Z", email: "ann.lee@example.com", campaign: "spring"),
            ])
    }
}

/// Every table of a warehouse except run metadata, as sorted rows.
func warehouseSnapshot(_ path: String) throws -> [String: [String]] {
    let db = try Connection(.file(path), readOnly: true)
    var tables: [String: [String]] = [:]
    for table in try Warehouse.tables(in: db) where !WarehouseSchema.metadataTables.contains(table) {
        tables[table] = try snapshot(table, in: path, excluding: WarehouseSchema.metadataColumns)
    }
    return tables
}
