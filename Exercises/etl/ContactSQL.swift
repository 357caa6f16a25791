// Exercises etl/2 and etl/3 are SQL: write normalize_contacts.sql and dedupe_contacts.sql beside
// this file. Nothing to change here: this type only hands their text to the grader.
import ETL
import Foundation

/// The SQL exercises' files, read at run time.
public struct ContactSQL: SQLExercises {
    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    public init() {}

    public func normalizeContactsSQL() throws -> String {
        try SQLExerciseFile.load("normalize_contacts.sql", in: Self.folder)
    }

    public func dedupeContactsSQL() throws -> String {
        try SQLExerciseFile.load("dedupe_contacts.sql", in: Self.folder)
    }
}
