// Exercise etl/4: an incremental load with a watermark and an idempotent upsert.
//
// `extract` reads `source_rows` changed at or after the watermark (think about why `>=` and not
// `>`), ordered by `updated_at`, `id`. `load` upserts into `wh_contacts` so that only newer
// changes win, and advances `etl_watermarks` in the same transaction, never backwards. The tables
// are in `ExerciseTables`; `swift run workbook hint etl 4` if stuck.
import ETL
import LearnerRuntime
import SQLite

/// Extracts what changed since the watermark and loads it idempotently.
public struct IncrementalLoader: IncrementalLoading {
    public init() {}

    public func extract(from source: Connection, after watermark: Watermark?) throws -> [SourceRow] {
        // TODO: SELECT … WHERE updated_at >= the watermark … ORDER BY updated_at, id
        throw Unimplemented()
    }

    public func load(_ rows: [SourceRow], source: String, into warehouse: Connection) throws {
        // TODO: one transaction: newer-wins upserts, then the watermark.
        throw Unimplemented()
    }

    public func watermark(for source: String, in warehouse: Connection) throws -> Watermark? {
        // TODO: read etl_watermarks.
        throw Unimplemented()
    }
}
