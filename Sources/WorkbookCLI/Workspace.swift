import ETLChecks
import Foundation
import Grading
import WebhooksChecks

/// A chapter as the CLI knows it without building anything: its name, title and plan.
struct ChapterEntry: Sendable {
    var name: String
    var title: String
    var plan: Plan
    /// The SwiftPM module built from `Exercises/<name>` (see Package.swift).
    var exerciseModule: String
    /// The chapter's contracts module.
    var module: String
    /// Graded in two processes (see Package.swift's `isolated`).
    var isolated = false
    /// The wrapper modules the contracts module needs in the learner runner's package.
    var learnerDependencies: [String] = []
}

/// Every chapter, in the order the README lists them. Adding a chapter: one entry here and one in
/// Package.swift.
let chapterEntries: [ChapterEntry] = [
    ChapterEntry(
        name: "webhook", title: "Webhook signatures: HMAC, rotation, timestamps, replays", plan: WebhookChecks.plan,
        exerciseModule: "WebhookExercise", module: "Webhooks", isolated: true,
        learnerDependencies: ["Crypto", "SQLite"]),
    ChapterEntry(
        name: "etl", title: "ETL vs ELT: one marketing pipeline, both ways, into SQLite", plan: ETLChecks.plan,
        exerciseModule: "ETLExercise", module: "ETL"),
]

/// The package checkout the CLI works in: where chapters, exercises, solutions and `.workbook/` are.
struct Workspace: Sendable {
    /// The package root (the folder with Package.swift).
    var root: URL

    /// Finds the package root from `directory` upwards.
    static func locate(from directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws
        -> Workspace
    {
        var candidate = directory.standardizedFileURL
        while true {
            let manifest = candidate.appendingPathComponent("Package.swift").path
            let chapters = candidate.appendingPathComponent("Chapters").path
            if FileManager.default.fileExists(atPath: manifest) && FileManager.default.fileExists(atPath: chapters) {
                return Workspace(root: candidate)
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path {
                throw CLIError(
                    "not inside the workbook: no Package.swift with a Chapters/ folder in \(directory.path) or above; cd into your clone of the workbook"
                )
            }
            candidate = parent
        }
    }

    func path(_ relative: String) -> URL { root.appendingPathComponent(relative) }
    func exerciseFile(_ chapter: String, _ file: String) -> URL { path("Exercises/\(chapter)/\(file)") }
    func solutionFile(_ chapter: String, _ file: String) -> URL { path("Solutions/\(chapter)/\(file)") }
    func starterFile(_ chapter: String, _ file: String) -> URL { path("Chapters/\(chapter)/starter/\(file).starter") }
    /// Where progress, backups, score cards and shadow builds live: `.workbook/`, or
    /// `WORKBOOK_STATE_DIR` when set (tests point it at a temporary folder).
    var stateDirectory: URL {
        if let custom = ProcessInfo.processInfo.environment["WORKBOOK_STATE_DIR"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        return path(".workbook")
    }

    /// A path relative to the package root, for messages.
    func relative(_ url: URL) -> String {
        let full = url.standardizedFileURL.path
        let base = root.standardizedFileURL.path + "/"
        return full.hasPrefix(base) ? String(full.dropFirst(base.count)) : full
    }

    /// The chapter named `name`, or an error listing the chapters.
    func chapter(_ name: String) throws -> ChapterEntry {
        guard let entry = chapterEntries.first(where: { $0.name == name }) else {
            throw CLIError(
                "unknown chapter \"\(name)\"; chapters: \(chapterEntries.map(\.name).joined(separator: ", "))",
                isUsage: true)
        }
        return entry
    }

    /// The exercise `selector` (a number, or `chapter/number`) of `chapter`.
    func exercise(_ selector: String, in chapter: ChapterEntry) throws -> Plan.ExerciseInfo {
        let number = selector.split(separator: "/").last.flatMap { Int($0) }
        guard let number, let exercise = chapter.plan.exercises.first(where: { $0.number == number }) else {
            throw CLIError(
                "\(chapter.name) has no exercise \"\(selector)\"; exercises: \(chapter.plan.exercises.map { String($0.number) }.joined(separator: ", "))",
                isUsage: true)
        }
        return exercise
    }
}

/// A failure the CLI reports as `Error: …`; usage errors exit 2, others 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var isUsage = false
    init(_ description: String, isUsage: Bool = false) {
        self.description = description
        self.isUsage = isUsage
    }
}
