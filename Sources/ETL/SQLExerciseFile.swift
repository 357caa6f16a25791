import Foundation
import LearnerRuntime

/// Reads an exercise's SQL file at run time, so an edit is graded without a rebuild. A file with
/// no statement left once comments are removed is the untouched starter: `Unimplemented`.
public enum SQLExerciseFile {
    /// The text of `name` in `folder`.
    /// - Throws: `Unimplemented` for a file without statements; an error naming the file when it
    ///   cannot be read.
    public static func load(_ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw SQLExerciseError("cannot read \(url.path): \(error.localizedDescription)")
        }
        guard hasStatements(text) else { throw Unimplemented("\(name): no SQL statement yet") }
        return text
    }

    /// Whether `sql` holds anything besides comments and whitespace.
    public static func hasStatements(_ sql: String) -> Bool {
        var rest = sql[...]
        while !rest.isEmpty {
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return false }
                rest = rest[end.upperBound...]
            } else if rest.first!.isWhitespace || rest.first == ";" {
                rest = rest.dropFirst()
            } else {
                return true
            }
        }
        return false
    }
}

/// An SQL exercise file that cannot be read.
public struct SQLExerciseError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
