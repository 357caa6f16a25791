import Foundation
import SQLite

// What the learner writes, one contract per exercise. `Exercises/etl` and `Solutions/etl` conform
// with the same type names (and, for the SQL exercises, the same file names); the check catalogue
// sees only these contracts.

/// Exercise 1: normalises one contact record, or says every reason it cannot.
public protocol ContactNormalizing: Sendable {
    /// The contact with email, phone and country normalised (see `Chapters/etl/README.md`).
    /// - Throws: `ContactRejection` listing every reason, sorted; never a crash.
    func normalize(_ raw: RawContact) throws -> Contact
}

/// Exercises 2 and 3: SQL the grader runs in SQLite. Each returns the script's text.
public protocol SQLExercises: Sendable {
    /// Exercise 2: creates `normalized_contacts` and `rejected_contacts` from `raw_contacts` and
    /// `ref_country` (see `ContactTables`).
    func normalizeContactsSQL() throws -> String
    /// Exercise 3: creates `latest_contacts` from `normalized_contacts`: one row per email, the
    /// latest `updated_at` winning (ties: `crm` before `web`, then the greater `source_id`).
    func dedupeContactsSQL() throws -> String
}

/// Exercise 4: an incremental load driven by a watermark, idempotent under replay.
public protocol IncrementalLoading: Sendable {
    /// Rows of `source_rows` changed at or after `watermark` (all when `nil`), ordered by
    /// `updated_at` then `id`.
    func extract(from source: Connection, after watermark: Watermark?) throws -> [SourceRow]

    /// Upserts `rows` into `wh_contacts` (newer `updated_at` wins; equal or older changes
    /// nothing) and advances the watermark of `source` in `etl_watermarks` to the greatest
    /// (`updated_at`, `id`) of the batch, all in one transaction.
    func load(_ rows: [SourceRow], source: String, into warehouse: Connection) throws

    /// The watermark stored for `source`, if any.
    func watermark(for source: String, in warehouse: Connection) throws -> Watermark?
}

/// Exercise 5: applies a change log to the warehouse exactly once.
public protocol ChangeApplying: Sendable {
    /// Applies `changes` (ascending positions, possibly including ones already applied) to
    /// `cdc_contacts`, committing the consumer's offset in `cdc_offsets` in the same transaction
    /// as the effects it covers. Deletes set `is_deleted`; nothing at or below the committed
    /// position is applied again.
    func apply(_ changes: [ChangeEvent], consumer: String, to warehouse: Connection) throws

    /// The last position committed for `consumer`, if any.
    func committedPosition(consumer: String, in warehouse: Connection) throws -> Int64?
}
