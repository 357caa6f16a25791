import ArgumentParsing
import Foundation
import Grading

/// `workbook grade <chapter> --from DIR`: grades a candidate's files without touching the
/// checkout's `Exercises/`, and keeps a score card.
///
/// The candidate's files are laid into a shadow package under `.workbook/grading/` whose other
/// folders link back to this checkout; it has its own build folder, so the first grading of a
/// chapter builds it once and later ones are incremental.
struct GradeCommand {
    let command: ParsedCommand
    let workspace: Workspace

    init(_ command: ParsedCommand) throws {
        self.command = command
        workspace = try Workspace.locate()
    }

    func run() throws -> Int32 {
        let chapter = try workspace.chapter(command.arguments["chapter"]!)
        guard let from = command.value("from") else {
            throw CLIError("missing --from DIR (the candidate's files)", isUsage: true)
        }
        let source = URL(fileURLWithPath: from).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw CLIError("--from \(from): not a directory")
        }
        let files = chapter.plan.exercises.flatMap(\.files)
        let provided = files.filter { FileManager.default.fileExists(atPath: source.appendingPathComponent($0).path) }
        guard !provided.isEmpty else {
            throw CLIError(
                "\(from) holds none of the \(chapter.name) exercise files (\(files.joined(separator: ", ")))")
        }
        Console.error(
            "grading \(provided.count)/\(files.count) files from \(from) (missing ones graded as the starter)…")
        var arguments = GraderProcess.Arguments()
        arguments.seed =
            try command.value("seed").map { text in
                guard let seed = UInt64(text) else {
                    throw CLIError("--seed expects a whole number, got \"\(text)\"", isUsage: true)
                }
                return seed
            } ?? UInt64.random(in: 1...999_999)
        let result: RunResult
        if chapter.isolated {
            // The candidate's files (links refused), the starter for each missing one.
            var chosen = try LearnerPackage.learnerFiles(in: source, only: files)
            for file in files where chosen[file] == nil { chosen[file] = workspace.starterFile(chapter.name, file) }
            result = try GradingSession(workspace: workspace, chapter: chapter, files: chosen, label: source.path + "/")
                .run(arguments, checkTimeout: .seconds(3))
        } else {
            let shadow = try makeShadowPackage(chapter: chapter.name, candidate: source, files: files)
            let build = try ProcessRunner.run(
                "swift",
                [
                    "build", "--product", "grade-\(chapter.name)", "--scratch-path",
                    shadow.appendingPathComponent(".build").path,
                ],
                in: shadow)
            guard build.status == 0 else {
                // Name the candidate's files, not the shadow package's copies of them.
                let report = GraderBuilder(workspace: Workspace(root: shadow))
                    .diagnostics(from: build.output, chapter: chapter.name)
                    .replacingOccurrences(of: "Exercises/\(chapter.name)/", with: source.path + "/")
                throw BuildFailure(chapter: chapter.name, report: report)
            }
            let supervisor = GraderSupervisor(
                executable: shadow.appendingPathComponent(".build/debug/grade-\(chapter.name)"), arguments: arguments)
            result = try supervisor.run()
        }
        let candidate = command.value("candidate") ?? source.lastPathComponent
        let card = try writeScoreCard(result, candidate: candidate, chapter: chapter.name)
        if command.flag("json") {
            Console.out(JSONReport.render(result))
        } else {
            Console.out(
                TextReport.render(
                    result, replayCommand: "workbook grade \(chapter.name) --from \(from)", style: .forStandardOutput())
            )
            Console.out("\nscore card: \(workspace.relative(card)) (.json, .xml and .txt)")
        }
        return result.results.allSatisfy { $0.status == .passed } ? 0 : 1
    }

    /// A package whose `Exercises/<chapter>` holds the candidate's files (or the starters) and whose
    /// other folders link to this checkout.
    func makeShadowPackage(chapter: String, candidate: URL, files: [String]) throws -> URL {
        let manager = FileManager.default
        let shadow = workspace.stateDirectory.appendingPathComponent("grading/\(chapter)")
        try manager.createDirectory(at: shadow, withIntermediateDirectories: true)
        for item in ["Package.swift", "Sources", "Solutions", "Chapters", "Tests", "Scripts"] {
            let link = shadow.appendingPathComponent(item)
            try? manager.removeItem(at: link)
            if manager.fileExists(atPath: workspace.path(item).path) {
                try manager.createSymbolicLink(at: link, withDestinationURL: workspace.path(item))
            }
        }
        // Every chapter's exercises must exist for the manifest; other chapters get their starters.
        let exercises = shadow.appendingPathComponent("Exercises")
        try? manager.removeItem(at: exercises)
        for entry in try workspace.chapters() where !entry.isolated {
            let folder = exercises.appendingPathComponent(entry.name)
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in entry.plan.exercises.flatMap(\.files) {
                let candidateFile = candidate.appendingPathComponent(file)
                let origin =
                    entry.name == chapter && manager.fileExists(atPath: candidateFile.path)
                    ? candidateFile : workspace.starterFile(entry.name, file)
                try manager.copyItem(at: origin, to: folder.appendingPathComponent(file))
            }
            // Files beside the exercises that are not exercises themselves (none today) come along.
            for extra in (try? manager.contentsOfDirectory(atPath: workspace.path("Exercises/\(entry.name)").path))
                ?? []
            where !manager.fileExists(atPath: folder.appendingPathComponent(extra).path) {
                try manager.copyItem(
                    at: workspace.path("Exercises/\(entry.name)/\(extra)"), to: folder.appendingPathComponent(extra))
            }
        }
        return shadow
    }

    /// Writes text, JSON and JUnit reports under `.workbook/scorecards/`.
    func writeScoreCard(_ result: RunResult, candidate: String, chapter: String) throws -> URL {
        let folder = workspace.stateDirectory.appendingPathComponent("scorecards")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
        let safeName = String(candidate.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        let base = folder.appendingPathComponent("\(safeName)-\(chapter)-\(stamp)")
        let text =
            "Candidate: \(candidate)\nChapter: \(chapter)\nGraded: \(stamp)\n"
            + TextReport.render(
                result, replayCommand: "workbook grade \(chapter)", style: Style(isEnabled: false), verbose: true)
        try text.write(to: base.appendingPathExtension("txt"), atomically: true, encoding: .utf8)
        try JSONReport.render(result).write(to: base.appendingPathExtension("json"), atomically: true, encoding: .utf8)
        try JUnitReport.render(result).write(to: base.appendingPathExtension("xml"), atomically: true, encoding: .utf8)
        return base
    }
}
