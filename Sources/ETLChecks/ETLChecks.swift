import ETL
import Foundation
import Grading
import SQLite

/// The ETL chapter's graded checks, generic over the contracts: the grader hands the learner's and
/// the reference's implementations in.
public enum ETLChecks {
    /// The chapter's name.
    public static let chapter = "etl"

    /// The five exercises with their checks.
    public static func catalogue(learner: ETLImplementations, reference: ETLImplementations) -> Catalogue {
        Catalogue(
            chapter: chapter,
            exercises: [
                Exercise(
                    number: 1, title: "Normalising a contact in Swift", files: ["ContactNormalizer.swift"],
                    checks: Check.withFreshSeeds(normalizerChecks(learner: learner, reference: reference))),
                Exercise(
                    number: 2, title: "The same normalisation in SQL", files: ["normalize_contacts.sql"],
                    checks: Check.withFreshSeeds(normalizeSQLChecks(learner: learner, reference: reference))),
                Exercise(
                    number: 3, title: "Deduplication with a window function", files: ["dedupe_contacts.sql"],
                    checks: Check.withFreshSeeds(dedupeChecks(learner: learner, reference: reference))),
                Exercise(
                    number: 4, title: "An incremental load with a watermark", files: ["IncrementalLoader.swift"],
                    checks: Check.withFreshSeeds(incrementalChecks(learner: learner, reference: reference))),
                Exercise(
                    number: 5, title: "Applying a CDC log exactly once", files: ["ChangeApplier.swift"],
                    checks: changeChecks(learner: learner, reference: reference)
                        + [hiddenChangeCheck(learner: learner, reference: reference)]),
            ])
    }

    /// The exercises and checks without implementations: for the CLI's lists and progress.
    public static var plan: Plan {
        let unavailable = ETLImplementations(
            normalizer: Unavailable(), sql: Unavailable(), incremental: Unavailable(), changes: Unavailable())
        return catalogue(learner: unavailable, reference: unavailable).plan
    }
}

private struct Unavailable: ContactNormalizing, SQLExercises, IncrementalLoading, ChangeApplying {
    func normalize(_ raw: RawContact) throws -> Contact { throw Unimplemented() }
    func normalizeContactsSQL() throws -> String { throw Unimplemented() }
    func dedupeContactsSQL() throws -> String { throw Unimplemented() }
    func extract(from source: Connection, after watermark: Watermark?) throws -> [SourceRow] { throw Unimplemented() }
    func load(_ rows: [SourceRow], source: String, into warehouse: Connection) throws { throw Unimplemented() }
    func watermark(for source: String, in warehouse: Connection) throws -> Watermark? { throw Unimplemented() }
    func apply(_ changes: [ChangeEvent], consumer: String, to warehouse: Connection) throws { throw Unimplemented() }
    func committedPosition(consumer: String, in warehouse: Connection) throws -> Int64? { throw Unimplemented() }
}
