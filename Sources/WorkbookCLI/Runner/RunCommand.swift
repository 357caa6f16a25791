import ArgumentParsing
import Foundation
import Grading

/// `run`, `watch`, `verify` and `validate`: build a chapter's grader and grade under supervision.
struct RunCommand {
    let command: ParsedCommand
    let workspace: Workspace

    init(_ command: ParsedCommand) throws {
        self.command = command
        workspace = try Workspace.locate()
    }

    /// The chapter and optional exercise; `webhook/2` is accepted for `webhook 2`.
    func target() throws -> (chapter: String, exercise: String?) {
        let first = try command.argument("chapter")
        let parts = first.split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            guard command.arguments["exercise"] == nil else {
                throw CLIError("give the exercise once: \(first) or \(parts[0]) \(parts[1])", isUsage: true)
            }
            return (parts[0], parts[1])
        }
        return (first, command.arguments["exercise"])
    }

    /// The run's settings, from the command line.
    func options(exercise: String? = nil, chapter: ChapterEntry) throws -> GraderProcess.Arguments {
        var arguments = GraderProcess.Arguments()
        arguments.seed = try command.seed() ?? UInt64.random(in: 1...999_999)
        if let cases = try command.integer("cases") {
            guard cases > 0 else { throw CLIError("--cases must be at least 1", isUsage: true) }
            arguments.cases = cases
        }
        if let exercise { arguments.exercises = [try workspace.exercise(exercise, in: chapter).number] }
        return arguments
    }

    var checkTimeout: Duration {
        get throws {
            try command.seconds("timeout", in: 0.01...3600) ?? .seconds(3)
        }
    }

    // MARK: run

    func run() throws -> Int32 {
        let (chapterName, exerciseSelector) = try target()
        let chapter = try workspace.chapter(chapterName)
        let arguments = try options(exercise: exerciseSelector, chapter: chapter)
        _ = try checkTimeout  // reject a bad --timeout before building
        let result: RunResult
        do {
            result = try grade(chapter, arguments: arguments, quiet: command.flag("json"))
        } catch let failure as BuildFailure {
            // Machine readers still get a document: Exercism's "error" status with the diagnostics.
            if let junit = command.value("junit") {
                try? JUnitReport.renderError(chapter: chapter.name, message: failure.report)
                    .write(toFile: junit, atomically: true, encoding: .utf8)
            }
            if command.flag("json") {
                Console.out(JSONReport.renderError(chapter: chapter.name, message: failure.report))
            }
            throw failure
        }
        if let junit = command.value("junit") {
            do {
                try JUnitReport.render(result).write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                throw CLIError("cannot write the JUnit report to \(junit): \(error.localizedDescription)")
            }
        }
        if command.flag("json") {
            Console.out(JSONReport.render(result))
        } else {
            let replay = "\(Console.workbook) run \(chapter.name)" + (exerciseSelector.map { " \($0)" } ?? "")
            Console.out(
                TextReport.render(
                    result, replayCommand: replay, style: .forStandardOutput(), verbose: command.flag("verbose")))
            Console.out(nextStep(after: result, chapter: chapter))
            Console.out(hiddenNote(chapter, arguments: arguments))
        }
        return result.results.allSatisfy { $0.status == .passed } ? 0 : 1
    }

    /// Builds and grades one chapter; `run` and `watch` record the learner's progress, `verify` and
    /// `validate` (which grade the reference or the starters) do not.
    func grade(
        _ chapter: ChapterEntry, arguments: GraderProcess.Arguments, quiet: Bool = false, recordsProgress: Bool = true
    ) throws -> RunResult {
        Console.error("building grade-\(chapter.name)…")
        let started = ContinuousClock.now
        let style = Style(
            isEnabled: !quiet && isatty(STDERR_FILENO) == 1
                && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true)
        let total = (arguments.includeHidden ? chapter.fullPlan : chapter.plan).filtered(to: arguments.exercises)
            .checks.count
        var done = 0
        let result = try GradingSession(workspace: workspace, chapter: chapter).run(
            arguments, checkTimeout: try checkTimeout
        ) { _, _, _ in
            done += 1
            if style.isEnabled { FileHandle.standardError.write(Data("\rgrading… \(done)/\(total)".utf8)) }
        }
        if style.isEnabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if ProcessInfo.processInfo.environment["WORKBOOK_TIMINGS"] != nil {
            Console.error("timings: build and grading \(milliseconds(ContinuousClock.now - started)) ms")
        }
        guard recordsProgress else { return result }
        var progress = ProgressStore(workspace: workspace)
        if let warning = progress.warning { Console.error("warning: \(warning)") }
        progress.record(result)
        do { try progress.save() } catch {
            Console.error("warning: cannot save progress: \(error.localizedDescription)")
        }
        return result
    }

    /// How many hidden checks an interviewer's grading would add to this run.
    func hiddenNote(_ chapter: ChapterEntry, arguments: GraderProcess.Arguments) -> String {
        let hidden = chapter.fullPlan.filtered(to: arguments.exercises).hiddenCount
        guard hidden > 0 else { return "" }
        return
            "An interviewer's `\(Console.workbook) grade` also runs \(hidden) hidden check\(hidden == 1 ? "" : "s") (fresh seeds, adversarial cases)."
    }

    func nextStep(after result: RunResult, chapter: ChapterEntry) -> String {
        guard let next = result.plan.exercises.first(where: { result.status(of: $0) != .passed }) else {
            if result.plan.exercises.count < chapter.plan.exercises.count, let only = result.plan.exercises.first {
                return
                    "\n\(only.id) passes. Its trade-offs: `\(Console.workbook) solution \(chapter.name) \(only.number)`; the whole chapter: `\(Console.workbook) run \(chapter.name)`."
            }
            return
                "\nEvery exercise passes. Read the trade-offs: `\(Console.workbook) solution \(chapter.name) <exercise>`."
        }
        return
            "\nNext: \(next.id) \(next.title): edit Exercises/\(chapter.name)/\(next.files.joined(separator: ", ")); stuck? `\(Console.workbook) hint \(chapter.name) \(next.number)`."
    }

    // MARK: watch

    func watch() throws -> Int32 {
        let chapter = try workspace.chapter(command.argument("chapter"))
        let interval = try command.seconds("interval", in: 0.05...60)?.inSeconds ?? 0.3
        let maxRuns = try command.integer("max-runs")
        let folder = workspace.path("Exercises/\(chapter.name)")
        let watcher = FileWatcher(folder: folder, interval: interval)
        let style = Style.forStandardOutput()
        var runs = 0
        while true {
            if style.isEnabled { Console.out("\u{1B}[2J\u{1B}[H", terminator: "") }
            do {
                let arguments = try options(exercise: command.arguments["exercise"], chapter: chapter)
                let result = try grade(chapter, arguments: arguments)
                let replay =
                    "\(Console.workbook) run \(chapter.name)" + (command.arguments["exercise"].map { " \($0)" } ?? "")
                Console.out(TextReport.render(result, replayCommand: replay, style: style))
                Console.out(nextStep(after: result, chapter: chapter))
                Console.out(hiddenNote(chapter, arguments: arguments))
            } catch let failure as BuildFailure {
                Console.out(failure.description)
            }
            runs += 1
            if let maxRuns, runs >= maxRuns { return 0 }
            Console.out(
                style.dim(
                    "\nwatching Exercises/\(chapter.name)/ (\(watcher.mechanism)) — save a file to re-grade, Ctrl-C to stop"
                ))
            watcher.waitForChange()
        }
    }

    // MARK: verify and validate

    func verifyAll() throws -> Int32 {
        var lines: [String] = []
        var allPassed = true
        for chapter in try workspace.chapters() {
            do {
                var arguments = try options(chapter: chapter)
                arguments.includeHidden = true
                let result = try grade(chapter, arguments: arguments, recordsProgress: false)
                allPassed = allPassed && result.points == result.maxPoints
                lines.append("\(chapter.name): \(result.points)/\(result.maxPoints) points")
            } catch let failure as BuildFailure {
                allPassed = false
                lines.append("\(chapter.name): does not compile\n\(failure.report)")
            }
        }
        Console.out(lines.joined(separator: "\n"))
        return allPassed ? 0 : 1
    }
}

func milliseconds(_ duration: Duration) -> Int {
    Int(duration.wholeNanoseconds / 1_000_000)
}
