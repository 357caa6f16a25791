// Exercise etl/4: an incremental load with a watermark and an idempotent upsert.
import ETL
import SQLite

/// Extracts what changed since the watermark and loads it so that replays, overlaps and
/// out-of-order batches change nothing they should not.
///
/// The extract compares with `>=`: rows that share the watermark's second but committed after the
/// last extract are not lost (a `>` would skip them for good). The price is re-reading the rows of
/// that second, which the upsert absorbs: a change is applied only when it is newer than what the
/// warehouse holds. The watermark moves in the same transaction as the rows it covers, and never
/// backwards, so a crash between the two cannot skip data.
public struct IncrementalLoader: IncrementalLoading {
    public init() {}

    public func extract(from source: Connection, after watermark: Watermark?) throws -> [SourceRow] {
        let query = try source.prepare(
            """
            SELECT id, email, country_code, updated_at FROM source_rows
            WHERE ?1 IS NULL OR updated_at >= ?1
            ORDER BY updated_at, id
            """)
        try query.bind(watermark.map { .text($0.updatedAt) } ?? .null, at: 1)
        var rows: [SourceRow] = []
        while try query.step() {
            rows.append(
                SourceRow(
                    id: query.string(at: 0) ?? "", email: query.string(at: 1) ?? "", countryCode: query.string(at: 2),
                    updatedAt: query.string(at: 3) ?? ""))
        }
        return rows
    }

    public func load(_ rows: [SourceRow], source: String, into warehouse: Connection) throws {
        guard let last = rows.max(by: { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }) else { return }
        try warehouse.transaction {
            let upsert = try warehouse.prepare(
                """
                INSERT INTO wh_contacts (id, email, country_code, updated_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (id) DO UPDATE SET
                    email = excluded.email, country_code = excluded.country_code, updated_at = excluded.updated_at
                WHERE excluded.updated_at > wh_contacts.updated_at
                """)
            for row in rows {
                try upsert.run([
                    .text(row.id), .text(row.email), row.countryCode.map(SQLiteValue.text) ?? .null,
                    .text(row.updatedAt),
                ])
            }
            try warehouse.prepare(
                """
                INSERT INTO etl_watermarks (source, updated_at, last_id) VALUES (?1, ?2, ?3)
                ON CONFLICT (source) DO UPDATE SET updated_at = excluded.updated_at, last_id = excluded.last_id
                WHERE (excluded.updated_at, excluded.last_id) > (etl_watermarks.updated_at, etl_watermarks.last_id)
                """
            ).run([.text(source), .text(last.updatedAt), .text(last.id)])
        }
    }

    public func watermark(for source: String, in warehouse: Connection) throws -> Watermark? {
        let rows = try warehouse.rows(
            "SELECT updated_at, last_id FROM etl_watermarks WHERE source = ?", [.text(source)])
        guard let row = rows.first, case .text(let updatedAt) = row[0], case .text(let id) = row[1] else { return nil }
        return Watermark(updatedAt: updatedAt, id: id)
    }
}
