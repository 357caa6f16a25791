import ArgumentParsing
import Foundation
import Grading

/// What `run`, `watch`, `verify` and `validate` were asked, parsed and checked before anything is
/// built or read: the one typed value those commands act on.
struct GradingRequest {
    /// The chapter (`nil` for `verify`, and for `validate` without one) and the exercise selector;
    /// `webhook/2` is accepted for `webhook 2`.
    var chapter: String?
    var exercise: String?
    /// `--seed`; a random one when absent.
    var seed: UInt64?
    /// `--cases` per property.
    var cases: Int?
    /// `--timeout`: the limit of a check that declares 3 s (the others scale with it).
    var timeout = Duration.seconds(3)
    var json = false
    var verbose = false
    /// `--junit FILE`.
    var junit: String?
    /// `watch`: how often to look for changes, and after how many gradings to stop.
    var interval = 0.3
    var maxRuns: Int?

    init(_ command: ParsedCommand) throws {
        if let first = command.arguments["chapter"] {
            let parts = first.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                guard command.arguments["exercise"] == nil else {
                    throw CLIError("give the exercise once: \(first) or \(parts[0]) \(parts[1])", isUsage: true)
                }
                (chapter, exercise) = (parts[0], parts[1])
            } else {
                (chapter, exercise) = (first, command.arguments["exercise"])
            }
        }
        seed = try command.seed()
        cases = try command.integer("cases")
        if let cases, cases < 1 { throw CLIError("--cases must be at least 1", isUsage: true) }
        timeout = try command.seconds("timeout", in: 0.01...3600) ?? timeout
        json = command.flag("json")
        verbose = command.flag("verbose")
        junit = command.value("junit")
        interval = try command.seconds("interval", in: 0.05...60)?.inSeconds ?? interval
        maxRuns = try command.integer("max-runs")
    }

    /// The chapter a command that needs one was given (the parser requires it there).
    func requiredChapter() throws -> String {
        guard let chapter else { throw CLIError("missing <chapter>", isUsage: true) }
        return chapter
    }
}

/// `run`, `watch`, `verify` and `validate`: build a chapter's grader and grade under supervision.
struct RunCommand {
    let request: GradingRequest
    let workspace: Workspace

    init(_ command: ParsedCommand) throws {
        request = try GradingRequest(command)
        workspace = try Workspace.locate()
    }

    /// The grader's arguments for this request.
    func options(exercise: String? = nil, chapter: ChapterEntry) throws -> GraderProcess.Arguments {
        var arguments = GraderProcess.Arguments()
        arguments.seed = request.seed ?? UInt64.random(in: 1...999_999)
        if let cases = request.cases { arguments.cases = cases }
        if let exercise { arguments.exercises = [try workspace.exercise(exercise, in: chapter).number] }
        return arguments
    }

    var checkTimeout: Duration { request.timeout }

    // MARK: run

    func run() throws -> Int32 {
        let chapter = try workspace.chapter(request.requiredChapter())
        let exerciseSelector = request.exercise
        let arguments = try options(exercise: exerciseSelector, chapter: chapter)
        let result: RunResult
        do {
            result = try grade(chapter, arguments: arguments, quiet: request.json)
        } catch let failure as BuildFailure {
            // Machine readers still get a document: Exercism's "error" status with the diagnostics.
            if let junit = request.junit {
                try? JUnitReport.renderError(chapter: chapter.name, message: failure.report)
                    .write(toFile: junit, atomically: true, encoding: .utf8)
            }
            if request.json {
                Console.out(JSONReport.renderError(chapter: chapter.name, message: failure.report))
            }
            throw failure
        }
        if let junit = request.junit {
            do {
                try JUnitReport.render(result).write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                throw CLIError("cannot write the JUnit report to \(junit): \(error.localizedDescription)")
            }
        }
        if request.json {
            Console.out(JSONReport.render(result))
        } else {
            let replay = "\(Console.workbook) run \(chapter.name)" + (exerciseSelector.map { " \($0)" } ?? "")
            Console.out(
                TextReport.render(
                    result, replayCommand: replay, style: .forStandardOutput(), verbose: request.verbose))
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
        let result = try GradingSession(workspace: workspace, chapter: chapter).run(
            arguments, checkTimeout: checkTimeout, counts: !quiet)
        if ProcessInfo.processInfo.environment["WORKBOOK_TIMINGS"] != nil {
            Console.error("timings: build and grading \(milliseconds(ContinuousClock.now - started)) ms")
        }
        guard recordsProgress else { return result }
        var progress = ProgressStore(workspace: workspace)
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

    /// The keys `watch` reads at a terminal, as its status line lists them.
    static let watchKeys = "n next · h hint · l list · c check all · s solution · x reset · q quit"

    func watch() throws -> Int32 {
        let chapter = try workspace.chapter(request.requiredChapter())
        let (interval, maxRuns) = (request.interval, request.maxRuns)
        let folder = workspace.path("Exercises/\(chapter.name)")
        let watcher = FileWatcher(folder: folder, interval: interval)
        // Saves are noticed on a thread of their own, so that keys are read while it waits.
        let saved = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            while true {
                watcher.waitForChange()
                saved.signal()
            }
        }
        let keys = TerminalKeys()
        defer { keys?.cooked() }
        let style = Style.forStandardOutput()
        // At a terminal one exercise is in focus (the first unfinished one, unless one was named)
        // and a save re-grades it alone; elsewhere every save grades what was asked, as `run` does.
        var focus = try request.exercise.map { try workspace.exercise($0, in: chapter) }
        var wholeChapter = focus == nil
        var runs = 0
        while true {
            if style.isEnabled { Console.out("\u{1B}[2J\u{1B}[H", terminator: "") }
            while saved.wait(timeout: .now()) == .success {}  // one grading for a burst of saves
            do {
                let selector = wholeChapter ? nil : focus.map { "\($0.number)" }
                let arguments = try options(exercise: selector, chapter: chapter)
                let result = try grade(chapter, arguments: arguments)
                let replay = "\(Console.workbook) run \(chapter.name)" + (selector.map { " \($0)" } ?? "")
                Console.out(TextReport.render(result, replayCommand: replay, style: style))
                if keys != nil {
                    // The focus moves on once its exercise passes.
                    let progress = ProgressStore(workspace: workspace)
                    let open = chapter.plan.exercises.filter { progress[$0.id].status != .passed }
                    if focus == nil || progress[focus!.id].status == .passed {
                        let after = focus.map { current in open.first { $0.number > current.number } } ?? nil
                        focus = after ?? open.first ?? focus
                    }
                    if let focus {
                        Console.out(
                            "\nIn focus: \(focus.id) \(focus.title) (Exercises/\(chapter.name)/\(focus.files.joined(separator: ", ")))"
                        )
                    } else {
                        Console.out(nextStep(after: result, chapter: chapter))
                    }
                } else {
                    Console.out(nextStep(after: result, chapter: chapter))
                }
                Console.out(hiddenNote(chapter, arguments: arguments))
            } catch let failure as BuildFailure {
                Console.out(failure.description)
            }
            runs += 1
            if let maxRuns, runs >= maxRuns { return 0 }
            keys?.raw()
            Console.out(
                style.dim(
                    "\nwatching Exercises/\(chapter.name)/ (\(watcher.mechanism)) — save a file to re-grade"
                        + (keys == nil ? ", Ctrl-C to stop" : "\n\(Self.watchKeys)")))
            guard let keys else {
                saved.wait()
                continue
            }
            wholeChapter = false
            waiting: while true {
                if saved.wait(timeout: .now()) == .success { break }
                guard let key = keys.key(within: 0.1) else { continue }
                keys.cooked()
                let exercise = focus ?? chapter.plan.exercises[0]
                let selected: [String: String] = ["chapter": chapter.name, "exercise": "\(exercise.number)"]
                switch UnicodeScalar(key) {
                case "q", "Q":
                    return 0
                case "n", "N":
                    let index = chapter.plan.exercises.firstIndex { $0.id == exercise.id } ?? 0
                    focus = chapter.plan.exercises[(index + 1) % chapter.plan.exercises.count]
                    break waiting
                case "c", "C":
                    wholeChapter = true
                    break waiting
                case "h", "H":
                    Console.out("")
                    _ = try? LearnerCommands.hint(ParsedCommand(path: ["hint"], arguments: selected))
                case "l", "L":
                    Console.out("")
                    _ = try? LearnerCommands.list()
                case "s", "S":
                    Console.out("")
                    if ProgressStore(workspace: workspace)[exercise.id].status == .passed
                        || keys.confirm(
                            "\(exercise.id) has not passed yet. Show the reference anyway? `list` will say you looked.")
                    {
                        _ = try? LearnerCommands.solution(
                            ParsedCommand(path: ["solution"], arguments: selected, flags: ["yes"]))
                    } else {
                        Console.out("not shown; h gives the next hint.")
                    }
                case "x", "X":
                    Console.out("")
                    if keys.confirm("Reset \(exercise.id) to its starter? Your file is backed up first.") {
                        _ = try? LearnerCommands.reset(ParsedCommand(path: ["reset"], arguments: selected))
                    } else {
                        Console.out("nothing reset.")
                    }
                default:
                    continue waiting
                }
                keys.raw()
                Console.out(style.dim("\n\(Self.watchKeys)"))
            }
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
