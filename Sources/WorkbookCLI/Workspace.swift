import ArgumentParsing
import Foundation
import Grading

/// A chapter as the CLI knows it without building anything: its declaration and its plan, read
/// from the committed `Chapters/<name>/plan.json` (the CLI links no check catalogue).
struct ChapterEntry: Sendable {
    var declaration: ChapterDeclaration
    /// What a learner's practice runs grade: the visible checks.
    var plan: Plan
    /// Every check, hidden ones included: what an interviewer's `grade` runs.
    var fullPlan: Plan

    var name: String { declaration.name }
    var title: String { declaration.title }
    var exerciseModule: String { declaration.exerciseModule }
    var module: String { declaration.module }
    var learnerDependencies: [String] { declaration.learnerDependencies }
    var exerciseFiles: [String] { declaration.exerciseFiles }
}

/// The package checkout the CLI works in: where chapters, exercises, solutions and `.workbook/` are.
package struct Workspace: Sendable {
    /// The package root (the folder with Package.swift).
    package var root: URL

    /// Finds the package root from `directory` upwards.
    package static func locate(from directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        throws
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

    package func path(_ relative: String) -> URL { root.appendingPathComponent(relative) }
    func exerciseFile(_ chapter: String, _ file: String) -> URL { path("Exercises/\(chapter)/\(file)") }
    func solutionFile(_ chapter: String, _ file: String) -> URL { path("Solutions/\(chapter)/\(file)") }
    func starterFile(_ chapter: String, _ file: String) -> URL { path("Chapters/\(chapter)/starter/\(file).starter") }
    /// Files of `Exercises/<chapter>/` that the workbook supplies and no exercise asks the learner
    /// to write (ETL's `ContactSQL.swift`): they have a pristine starter but belong to no exercise.
    func suppliedFiles(_ chapter: ChapterEntry) -> [String] {
        let exerciseFiles = Set(chapter.fullPlan.exercises.flatMap(\.files))
        let starters = path("Chapters/\(chapter.name)/starter")
        return ((try? FileManager.default.contentsOfDirectory(atPath: starters.path)) ?? []).sorted()
            .filter { $0.hasSuffix(".starter") }.map { String($0.dropLast(".starter".count)) }
            .filter { !exerciseFiles.contains($0) }
    }
    /// Where progress, backups, score cards and shadow builds live: `.workbook/`, or
    /// `WORKBOOK_STATE_DIR` when set (tests point it at a temporary folder).
    package var stateDirectory: URL {
        if let custom = ProcessInfo.processInfo.environment["WORKBOOK_STATE_DIR"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        return path(".workbook")
    }

    /// A path relative to the package root, for messages.
    package func relative(_ url: URL) -> String {
        let full = url.standardizedFileURL.path
        let base = root.standardizedFileURL.path + "/"
        return full.hasPrefix(base) ? String(full.dropFirst(base.count)) : full
    }

    /// The chapter named `name` with its plan, or an error listing the chapters.
    func chapter(_ name: String) throws -> ChapterEntry {
        try entry(declaration(name))
    }

    /// Every chapter's declaration, from Package.swift (see `ChapterManifest`).
    func declarations() throws -> [ChapterDeclaration] { try ChapterManifest.declarations(root: root) }

    /// The declaration of chapter `name`, or a usage error listing the chapters (with the closest).
    func declaration(_ name: String) throws -> ChapterDeclaration {
        let all = try declarations()
        guard let declaration = all.first(where: { $0.name == name }) else {
            let names = all.map(\.name)
            throw CLIError(
                "unknown chapter \"\(name)\" (chapters: \(names.joined(separator: ", ")))\(didYouMean(name, in: names))",
                isUsage: true)
        }
        return declaration
    }

    /// Every chapter with its plan, in order.
    func chapters() throws -> [ChapterEntry] { try declarations().map(entry) }

    private func entry(_ declaration: ChapterDeclaration) throws -> ChapterEntry {
        do {
            let full = try Plan.load(from: path(Plan.fileName(chapter: declaration.name)))
            return ChapterEntry(
                declaration: declaration, plan: full.filtered(to: [], includingHidden: false), fullPlan: full)
        } catch let error as GradingError {
            throw CLIError(error.description)
        }
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
package struct CLIError: Error, CustomStringConvertible {
    package var description: String
    package var isUsage = false
    package init(_ description: String, isUsage: Bool = false) {
        self.description = description
        self.isUsage = isUsage
    }
}
