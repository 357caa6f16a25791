import Foundation
import LearnerRuntime
import Similarity
import Testing

/// The checkout's root.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// One exercise file of a landed chapter: the reference and the starter it is compared with.
struct ExerciseFile: CustomTestStringConvertible, Sendable {
    var chapter: String
    var name: String
    var language: Language { Language(fileName: name)! }
    var testDescription: String { "\(chapter)/\(name)" }

    func read(_ folder: String) -> String {
        (try? String(contentsOf: repository.appendingPathComponent(folder), encoding: .utf8)) ?? ""
    }
    var reference: String { read("Solutions/\(chapter)/\(name)") }
    var starter: String { read("Chapters/\(chapter)/starter/\(name).starter") }

    /// `text` compared with the reference as a score card compares it: every starter of the
    /// chapter set aside.
    func againstReference(_ text: String) -> Comparison {
        Submission(texts: [name: text]).compare(name, with: Self.references(chapter), bases: Self.starters(chapter))!
            .comparison
    }

    /// Every reference exercise file of `chapter`, by name.
    static func references(_ chapter: String) -> Submission {
        Submission(
            texts: Dictionary(
                uniqueKeysWithValues: all.filter { $0.chapter == chapter }.map { ($0.name, $0.reference) }))
    }

    /// Every starter of `chapter`, by exercise file name.
    static func starters(_ chapter: String) -> Submission {
        Submission(
            texts: Dictionary(
                uniqueKeysWithValues: all.filter { $0.chapter == chapter }.map { ($0.name, $0.starter) }))
    }

    /// Every exercise file of the landed chapters (the files the workbook supplies left out).
    static let all: [ExerciseFile] = ["webhook", "etl"].flatMap { chapter in
        let folder = repository.appendingPathComponent("Solutions/\(chapter)")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return names.filter { $0 != "ContactSQL.swift" }.map { ExerciseFile(chapter: chapter, name: $0) }
    }
}

/// A disguised copy of `text`, reproducible from `seed`.
func disguise(_ text: String, _ language: Language, seed: UInt64) -> String {
    var generator = SeededGenerator(seed: seed)
    return Disguise.apply(to: text, language: language, using: &generator)
}

/// The independently written solutions in the chapters' test suites (graded to full marks there),
/// with the exercise file each solves.
let independentSolutions: [(file: ExerciseFile, path: String)] = [
    (
        ExerciseFile(chapter: "webhook", name: "TimestampWindow.swift"),
        "Tests/WebhooksTests/Independent/IndependentTimestampWindow.swift"
    ),
    (
        ExerciseFile(chapter: "webhook", name: "MemoryNonceStore.swift"),
        "Tests/WebhooksTests/Independent/IndependentMemoryNonceStore.swift"
    ),
    (ExerciseFile(chapter: "etl", name: "dedupe_contacts.sql"), "Tests/ETLTests/Independent/dedupe_contacts.sql"),
]
