import ArgumentParsing
import Foundation
import Grading

/// `workbook grade <chapter> --from DIR`: grades a candidate's files without touching the
/// checkout's `Exercises/`, and keeps a score card.
///
/// The candidate's files are copied into the chapter's learner package (see `LearnerPackage`) and
/// graded in two processes like a learner's own run; nothing in the checkout is written.
struct GradeCommand {
    let command: ParsedCommand
    let workspace: Workspace

    init(_ command: ParsedCommand) throws {
        self.command = command
        workspace = try Workspace.locate()
    }

    func run() throws -> Int32 {
        let chapter = try workspace.chapter(command.argument("chapter"))
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
        arguments.includeHidden = true  // an interviewer grades every check, hidden ones too
        arguments.seed = try command.seed() ?? UInt64.random(in: 1...999_999)
        // The candidate's files (links refused), the starter for each missing one.
        var chosen = try LearnerPackage.learnerFiles(in: source, only: files)
        for file in files where chosen[file] == nil { chosen[file] = workspace.starterFile(chapter.name, file) }
        // Files beside the exercises that are not exercises (ETL's ContactSQL.swift) come from the
        // pristine starters, never from the candidate.
        let starters = workspace.path("Chapters/\(chapter.name)/starter")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: starters.path)) ?? []
        where name.hasSuffix(".starter") {
            let file = String(name.dropLast(".starter".count))
            if !files.contains(file) { chosen[file] = starters.appendingPathComponent(name) }
        }
        let result = try GradingSession(workspace: workspace, chapter: chapter, files: chosen, label: source.path + "/")
            .run(arguments, checkTimeout: .seconds(3))
        let candidate = command.value("candidate") ?? source.lastPathComponent
        let card = try writeScoreCard(result, candidate: candidate, chapter: chapter.name)
        if command.flag("json") {
            Console.out(JSONReport.render(result))
        } else {
            Console.out(
                TextReport.render(
                    result, replayCommand: "\(Console.workbook) grade \(chapter.name) --from \(from)",
                    style: .forStandardOutput())
            )
            Console.out("\nscore card: \(workspace.relative(card)) (.json, .xml and .txt)")
        }
        return result.results.allSatisfy { $0.status == .passed } ? 0 : 1
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
                result, replayCommand: "\(Console.workbook) grade \(chapter)", style: Style(isEnabled: false),
                verbose: true)
        try text.write(to: base.appendingPathExtension("txt"), atomically: true, encoding: .utf8)
        try JSONReport.render(result).write(to: base.appendingPathExtension("json"), atomically: true, encoding: .utf8)
        try JUnitReport.render(result).write(to: base.appendingPathExtension("xml"), atomically: true, encoding: .utf8)
        return base
    }
}
