// Loads the independently written etl/3 beside this file (see dedupe_contacts.sql here).
import ETL
import ETLSolution
import Foundation

/// The reference's exercise 2 and an independent exercise 3.
struct IndependentSQL: SQLExercises {
    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    func normalizeContactsSQL() throws -> String { try ContactSQL().normalizeContactsSQL() }

    func dedupeContactsSQL() throws -> String { try SQLExerciseFile.load("dedupe_contacts.sql", in: Self.folder) }
}
