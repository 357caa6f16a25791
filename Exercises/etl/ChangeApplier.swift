// Exercise etl/5: apply a CDC log exactly once under redelivery and crash-restart.
//
// Skip every event at or below the consumer's committed position (`cdc_offsets`), apply the rest
// in position order to `cdc_contacts` (creates and updates upsert; deletes set `is_deleted`), and
// commit the new position in the same transaction as the effects. The tables are in
// `ExerciseTables`; `swift run workbook hint etl 5` if stuck.
import ETL
import LearnerRuntime
import SQLite

/// Applies change events exactly once.
public struct ChangeApplier: ChangeApplying {
    public init() {}

    public func apply(_ changes: [ChangeEvent], consumer: String, to warehouse: Connection) throws {
        // TODO: one transaction: read the offset, apply what is newer, write the offset.
        throw Unimplemented()
    }

    public func committedPosition(consumer: String, in warehouse: Connection) throws -> Int64? {
        // TODO: read cdc_offsets.
        throw Unimplemented()
    }
}
