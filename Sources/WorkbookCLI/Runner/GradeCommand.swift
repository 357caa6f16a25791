import ArgumentParsing
import Foundation
import Grading
import Similarity

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
        let report = try command.value("report").map { path in
            let url = URL(fileURLWithPath: path)
            guard ["html", "json", "xml", "txt"].contains(url.pathExtension) else {
                throw CLIError(
                    "--report \(path): the extension says the format: .html, .json, .xml or .txt", isUsage: true)
            }
            // Said before anything is read or built.
            var isFolder: ObjCBool = false
            let parent = url.deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
                throw CLIError("--report \(path): there is no folder \(parent) to write it in")
            }
            return url
        }
        let timeout = try command.seconds("timeout", in: 0.01...3600) ?? .seconds(3)
        let files = chapter.plan.exercises.flatMap(\.files)
        // Files beside the exercises that are not exercises (ETL's ContactSQL.swift) come from the
        // pristine starters, never from the candidate.
        let supplied = Set(workspace.suppliedFiles(chapter))
        var (chosen, listing) = try LearnerPackage.submission(
            in: source, label: from, exercises: files, supplied: supplied)
        let provided = files.filter { chosen[$0] != nil }
        guard !provided.isEmpty else {
            throw CLIError(
                "\(from) holds none of the \(chapter.name) exercise files (\(files.joined(separator: ", ")))")
        }
        let helpers = listing.taken.count - provided.count
        Console.error(
            "grading \(provided.count)/\(files.count) exercise files from \(from)"
                + (helpers > 0 ? " and \(helpers) helper file\(helpers == 1 ? "" : "s") of the candidate's" : "")
                + (listing.starters.isEmpty ? "" : " (missing ones graded as the starter)") + "…")
        for file in listing.ignored { Console.error("  ignored \(file.name): \(file.reason)") }
        for file in listing.starters { chosen[file] = workspace.starterFile(chapter.name, file) }
        for file in supplied { chosen[file] = workspace.starterFile(chapter.name, file) }
        var arguments = GraderProcess.Arguments()
        arguments.includeHidden = true  // an interviewer grades every check, hidden ones too
        arguments.seed = try command.seed() ?? UInt64.random(in: 1...999_999)
        var result = try GradingSession(
            workspace: workspace, chapter: chapter, files: chosen, label: source.path + "/",
            packageRoot: try packageRoot(for: chosen, chapter: chapter.name)
        ).run(arguments, checkTimeout: timeout, counts: true)
        result.submission = listing
        result.candidate = command.value("candidate") ?? source.lastPathComponent
        result.graded = ISO8601DateFormatter().string(from: Date())
        // Who wrote it: each taken file against the reference and every other candidate's kept card.
        var taken: [String: String] = [:]
        for name in listing.taken {
            taken[name] = try? String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
        }
        let cards = ScoreCards(workspace: workspace)
        let others = cards.kept().cards.filter {
            $0.document.chapter == chapter.name
                && !($0.candidate == result.candidate && $0.document.files?.folder == listing.folder)
        }.map { ($0.candidate, $0.name, Submission(texts: cards.files(of: $0.name))) }
        result.similarity = ReferenceTexts(workspace: workspace, chapter: chapter).findings(taken, others: others)
        let card = try cards.write(
            result, candidate: result.candidate!, chapter: chapter.name, files: taken, also: report)
        if command.flag("json") {
            Console.out(JSONReport.render(result))
        } else {
            Console.out(
                TextReport.render(
                    result, replayCommand: "\(Console.workbook) grade \(chapter.name) --from \(from)",
                    style: .forStandardOutput())
            )
            Console.out("\nscore card: \(workspace.relative(card)) (.html, .json, .xml and .txt)")
        }
        return result.results.allSatisfy { $0.status == .passed } ? 0 : 1
    }

    /// The learner package of this grading: its own folder, named by the content of the files it
    /// compiles, so that two gradings at once never see each other's files, and grading the same
    /// files again reuses the build. The least recently used beyond the newest eight go.
    func packageRoot(for files: [String: URL], chapter: String) throws -> URL {
        let base = workspace.stateDirectory.appendingPathComponent("grading/\(chapter)")
        let root = base.appendingPathComponent(try ContentDigest.of(files).hex)
        let manager = FileManager.default
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
        try manager.setAttributes([.modificationDate: Date()], ofItemAtPath: root.path)
        let kept = ((try? manager.contentsOfDirectory(atPath: base.path)) ?? []).map { base.appendingPathComponent($0) }
        func used(_ url: URL) -> Date {
            (try? manager.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date ?? .distantPast
        }
        // Only folders idle for an hour: another grading may be building in a recent one.
        for old in kept.sorted(by: { used($0) > used($1) }).dropFirst(8) where used(old) < Date() - 3600 {
            try? manager.removeItem(at: old)
        }
        return root
    }
}
