import Foundation
import Grading

/// One grading of one chapter, as `run`, `watch`, `verify`, `validate` and `grade` all do it:
/// build, start the grader (which starts the sandboxed learner runner), supervise, clean up.
struct GradingSession {
    let workspace: Workspace
    let chapter: ChapterEntry
    /// The learner's files (default: `Exercises/<chapter>/`), and how reports name their folder.
    var files: [String: URL]? = nil
    var label: String? = nil
    /// The learner package's folder (default: the learner's own).
    var packageRoot: URL? = nil

    /// Builds and grades; `progress` is called as each check finishes. `counts`: a "grading… n/total"
    /// line on standard error while it runs, when that is a terminal.
    func run(
        _ arguments: GraderProcess.Arguments, checkTimeout: Duration, counts: Bool = false,
        progress: (Int, PlannedCheck, CheckResult) -> Void = { _, _, _ in }
    ) throws -> RunResult {
        let counting = counts && isatty(STDERR_FILENO) == 1
        let total = (arguments.includeHidden ? chapter.fullPlan : chapter.plan).filtered(to: arguments.exercises)
            .checks.count
        var done = 0
        defer { if counting { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
        let started = ContinuousClock.now
        let built = try GraderBuilder(workspace: workspace).build(
            chapter, files: files, label: label, root: packageRoot)
        let builtAt = ContinuousClock.now
        var arguments = arguments
        let scratch = try makeScratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        arguments.learner = built.learner.executable.path
        arguments.scratch = scratch.path
        arguments.learnerModule = chapter.exerciseModule
        arguments.learnerCompiledFrom = built.learner.compiledFrom.standardizedFileURL.path
        arguments.learnerLabel = label ?? "Exercises/\(chapter.name)/"
        // Each check's own limit, scaled, is enforced by the grader; the supervisor's only catches a
        // grader that stops answering altogether, so it allows for the longest limits checks
        // declare (up to 30 s at the default scale).
        arguments.timeScale = checkTimeout.inSeconds / 3
        var supervisor = GraderSupervisor(
            executable: built.grader, arguments: arguments, checkTimeout: checkTimeout * 10 + .seconds(10))
        supervisor.adoptsOrphans = true
        let result = try supervisor.run { index, check, result in
            done += 1
            if counting { FileHandle.standardError.write(Data("\rgrading… \(done)/\(total)".utf8)) }
            progress(index, check, result)
        }
        if ProcessInfo.processInfo.environment["WORKBOOK_TIMINGS"] != nil {
            Console.error(
                "timings: build \(milliseconds(builtAt - started)) ms, grading \(milliseconds(ContinuousClock.now - builtAt)) ms"
            )
        }
        return result
    }

    /// A fresh scratch folder for the learner runner, under the state folder; folders left by
    /// runs that were killed are removed first.
    private func makeScratch() throws -> URL {
        let base = workspace.stateDirectory.appendingPathComponent("scratch")
        let manager = FileManager.default
        try manager.createDirectory(at: base, withIntermediateDirectories: true)
        for name in (try? manager.contentsOfDirectory(atPath: base.path)) ?? [] {
            if let pid = Int32(name.split(separator: "-").first ?? ""), pid != getpid(), kill(pid, 0) != 0 {
                try? manager.removeItem(at: base.appendingPathComponent(name))
            }
        }
        let folder = base.appendingPathComponent("\(getpid())-\(chapter.name)-\(UInt32.random(in: 0...UInt32.max))")
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
