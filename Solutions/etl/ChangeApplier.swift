// Exercise etl/5: apply a CDC log exactly once under redelivery and crash-restart.
import ETL
import SQLite

/// Applies change events in log order, skipping everything at or below the consumer's committed
/// position, and commits the new position in the same transaction as the effects: a crash before
/// the commit leaves neither, a redelivery after it is skipped. Together that is exactly-once
/// application on top of an at-least-once log.
public struct ChangeApplier: ChangeApplying {
    public init() {}

    public func apply(_ changes: [ChangeEvent], consumer: String, to warehouse: Connection) throws {
        try warehouse.transaction {
            let committed = try committedPosition(consumer: consumer, in: warehouse) ?? .min
            let pending = changes.filter { $0.position > committed }.sorted { $0.position < $1.position }
            guard let last = pending.last else { return }
            let upsert = try warehouse.prepare(
                """
                INSERT INTO cdc_contacts (id, email, country_code, updated_at, is_deleted, source_position)
                VALUES (?1, ?2, ?3, ?4, 0, ?5)
                ON CONFLICT (id) DO UPDATE SET email = excluded.email, country_code = excluded.country_code,
                    updated_at = excluded.updated_at, is_deleted = 0, source_position = excluded.source_position
                """)
            // A delete keeps the row as a tombstone (soft delete), so downstream models can see it went.
            let delete = try warehouse.prepare(
                """
                INSERT INTO cdc_contacts (id, email, country_code, updated_at, is_deleted, source_position)
                VALUES (?1, ?2, ?3, ?4, 1, ?5)
                ON CONFLICT (id) DO UPDATE SET is_deleted = 1, source_position = excluded.source_position
                """)
            for change in pending {
                switch change.operation {
                case .create, .update:
                    guard let row = change.after else {
                        throw ChangeLogError(
                            "position \(change.position): \(change.operation.rawValue) without an after image")
                    }
                    try upsert.run(values(change.key, row, change.position))
                case .delete:
                    let row = change.before ?? ContactImage(email: "", countryCode: nil, updatedAt: "")
                    try delete.run(values(change.key, row, change.position))
                }
            }
            try warehouse.prepare(
                """
                INSERT INTO cdc_offsets (consumer, position) VALUES (?1, ?2)
                ON CONFLICT (consumer) DO UPDATE SET position = excluded.position
                """
            ).run([.text(consumer), .integer(last.position)])
        }
    }

    public func committedPosition(consumer: String, in warehouse: Connection) throws -> Int64? {
        try warehouse.scalar("SELECT position FROM cdc_offsets WHERE consumer = ?", [.text(consumer)], as: Int64.self)
    }

    private func values(_ key: String, _ row: ContactImage, _ position: Int64) -> [SQLiteValue] {
        [
            .text(key), .text(row.email), row.countryCode.map(SQLiteValue.text) ?? .null, .text(row.updatedAt),
            .integer(position),
        ]
    }
}
