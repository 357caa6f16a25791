import ArgumentParsing
import Foundation
import Grading

/// The commands that read and write the learner's state: status, list, hint, solution, reset.
enum LearnerCommands {
    static func status() throws -> Int32 {
        let workspace = try Workspace.locate()
        let progress = ProgressStore(workspace: workspace)
        let style = Style.forStandardOutput()
        var out = [style.bold("The integration and API design workbook"), ""]
        var next: (ChapterEntry, Plan.ExerciseInfo)?
        for chapter in try workspace.chapters() {
            let earned = chapter.plan.exercises.reduce(0) { $0 + progress[$1.id].points }
            let total = chapter.plan.exercises.reduce(0) { $0 + $1.points }
            let passed = chapter.plan.exercises.filter { progress[$0.id].status == .passed }.count
            out.append(
                "  \(chapter.name.padding(toLength: 12, withPad: " ", startingAt: 0))\(bar(earned, total, style: style))  \(earned)/\(total) pts  \(passed)/\(chapter.plan.exercises.count) exercises  \(style.dim(chapter.title))"
            )
            if next == nil, let open = chapter.plan.exercises.first(where: { progress[$0.id].status != .passed }) {
                next = (chapter, open)
            }
        }
        out.append("")
        if let (chapter, exercise) = next {
            let started = progress[exercise.id].attempts > 0
            out.append("Next: \(exercise.id) \(exercise.title)")
            if !started && exercise.number == 1 { out.append("  read  Chapters/\(chapter.name)/README.md") }
            out.append("  edit  Exercises/\(chapter.name)/\(exercise.files.joined(separator: ", "))")
            out.append(
                "  run   \(Console.workbook) run \(chapter.name) \(exercise.number)   (or `\(Console.workbook) watch \(chapter.name)`)"
            )
            out.append("  stuck swift run workbook hint \(chapter.name) \(exercise.number)")
        } else {
            out.append(
                "Every exercise passes. `\(Console.workbook) solution <chapter> <exercise>` shows trade-offs and follow-up questions."
            )
        }
        Console.out(out.joined(separator: "\n"))
        return 0
    }

    static func list() throws -> Int32 {
        let workspace = try Workspace.locate()
        let progress = ProgressStore(workspace: workspace)
        let style = Style.forStandardOutput()
        var out: [String] = []
        for chapter in try workspace.chapters() {
            out.append(
                style.bold("\(chapter.name)") + "  \(chapter.title)  " + style.dim("Chapters/\(chapter.name)/README.md")
            )
            for exercise in chapter.plan.exercises {
                let p = progress[exercise.id]
                let status = p.status.map { TextReport.label($0, style: style) } ?? style.dim("· not started")
                let minutes = p.secondsSpent >= 60 ? ", \(Int(p.secondsSpent / 60)) min" : ""
                let detail = style.dim(
                    "\(p.attempts) attempt\(p.attempts == 1 ? "" : "s"), \(p.hintsShown) hint\(p.hintsShown == 1 ? "" : "s")\(minutes)\(p.solutionSeenAt == nil ? "" : ", solution seen")"
                )
                out.append(
                    "  \(exercise.id.padding(toLength: 11, withPad: " ", startingAt: 0)) \(exercise.title.padding(toLength: 40, withPad: " ", startingAt: 0)) \(String(p.points).leftPadded(3))/\(String(exercise.points).leftPadded(3)) pts  \(status)  \(detail)"
                )
            }
            out.append("")
        }
        Console.out(out.joined(separator: "\n"))
        return 0
    }

    /// The visible checks of a chapter or an exercise, as a learner may read them, and how many
    /// hidden ones an interviewer's grading adds (their names stay hidden).
    static func checks(_ command: ParsedCommand) throws -> Int32 {
        let workspace = try Workspace.locate()
        let chapter = try workspace.chapter(command.argument("chapter"))
        let exercises =
            try command.arguments["exercise"].map { [try workspace.exercise($0, in: chapter)] }
            ?? chapter.fullPlan.exercises
        let style = Style.forStandardOutput()
        // One exercise: its example inputs too, as a grading of the reference names them.
        // Read-only: when the reference cannot be graded here (a build failure), the list comes without them.
        var inputs: [String: [String]] = [:]
        if command.arguments["exercise"] != nil {
            do { inputs = try exampleInputs(exercises[0], chapter, workspace) } catch {
                Console.error("(no example inputs: the reference could not be graded here: \(describeError(error)))")
            }
        }
        var out: [String] = []
        for exercise in exercises {
            let checks = chapter.fullPlan.checks.filter { $0.exercise == exercise.id }
            let visible = checks.filter { !$0.hidden }
            let hidden = checks.filter(\.hidden)
            out.append(
                style.bold("\(exercise.id)  \(exercise.title)")
                    + "  \(visible.count) checks, \(visible.reduce(0) { $0 + $1.points }) points  "
                    + style.dim("(\(exercise.files.joined(separator: ", ")))"))
            for check in visible {
                out.append(
                    "  \(check.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(String(check.points).leftPadded(2)) pts  \(check.name)"
                )
                out.append(style.dim("                    why: \(check.why)"))
                let named = inputs[check.name] ?? []
                for input in named.prefix(4) {
                    let line = input.count > 150 ? input.prefix(149) + "…" : Substring(input)
                    out.append("                    input: \(line)")
                }
                if named.count > 4 { out.append(style.dim("                    … and \(named.count - 4) more")) }
            }
            if !hidden.isEmpty {
                out.append(
                    style.dim(
                        "  + \(hidden.count) hidden check\(hidden.count == 1 ? "" : "s") (\(hidden.reduce(0) { $0 + $1.points }) point\(hidden.reduce(0) { $0 + $1.points } == 1 ? "" : "s")) that an interviewer's `grade` adds"
                    ))
            }
            out.append("")
        }
        if command.arguments["exercise"] == nil {
            out.append(
                style.dim(
                    "`\(Console.workbook) checks \(chapter.name) <exercise>` also shows each check's example inputs."))
        }
        let code = chapter.declaration.graderInputs.filter { $0.hasSuffix("Checks") }
        if !code.isEmpty {
            out.append(style.dim("The checks' code, inputs included: \(code.map { $0 + "/" }.joined(separator: ", "))"))
        }
        Console.out(out.joined(separator: "\n"))
        return 0
    }

    /// The inputs each visible example and scenario check of `exercise` names, by check name: the
    /// reference is graded with them recorded (in a package of its own, so the learner's build
    /// stays as it is). Property checks generate theirs, so they have none to show.
    static func exampleInputs(_ exercise: Plan.ExerciseInfo, _ chapter: ChapterEntry, _ workspace: Workspace) throws
        -> [String: [String]]
    {
        var arguments = GraderProcess.Arguments()
        arguments.exercises = [exercise.number]
        arguments.recordsInputs = true
        arguments.seed = 1
        let solutions = workspace.path("Solutions/\(chapter.name)")
        let files = try LearnerPackage.learnerFiles(in: solutions, extra: chapter.exerciseFiles)
        Console.error("reading the example inputs of \(exercise.id) from a grading of the reference…")
        let result = try GradingSession(
            workspace: workspace, chapter: chapter, files: files, label: "Solutions/\(chapter.name)/",
            packageRoot: workspace.stateDirectory.appendingPathComponent("examples/\(chapter.name)")
        ).run(arguments, checkTimeout: .seconds(3), counts: true)
        var inputs: [String: [String]] = [:]
        for (check, outcome) in zip(result.plan.checks, result.results) { inputs[check.name] = outcome.inputs }
        return inputs
    }

    static func hint(_ command: ParsedCommand) throws -> Int32 {
        let workspace = try Workspace.locate()
        let chapter = try workspace.chapter(command.argument("chapter"))
        let exercise = try workspace.exercise(command.argument("exercise"), in: chapter)
        let file = workspace.path("Chapters/\(chapter.name)/hints.md")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw CLIError("no hints file at \(workspace.relative(file))")
        }
        let hints = MarkdownSections(text).hints(for: exercise.id)
        guard !hints.isEmpty else { throw CLIError("\(workspace.relative(file)) has no hints for \(exercise.id)") }
        var progress = ProgressStore(workspace: workspace)
        var state = progress[exercise.id]
        let shown = command.flag("all") ? max(1, state.hintsShown) : min(state.hintsShown + 1, hints.count)
        let style = Style.forStandardOutput()
        for index in (command.flag("all") ? 0 : shown - 1)..<shown {
            Console.out(
                style.bold("Hint \(index + 1) of \(hints.count) for \(exercise.id) \(exercise.title)") + "\n\n"
                    + hints[index] + "\n")
        }
        if shown == hints.count && !command.flag("all") {
            Console.out(
                style.dim(
                    "That was the last hint of \(hints.count). `\(Console.workbook) solution \(chapter.name) \(exercise.number) --diff` compares your file with the reference."
                ))
        }
        state.hintsShown = max(state.hintsShown, shown)
        progress[exercise.id] = state
        try progress.save()
        return 0
    }

    static func solution(_ command: ParsedCommand) throws -> Int32 {
        let workspace = try Workspace.locate()
        let chapter = try workspace.chapter(command.argument("chapter"))
        let exercise = try workspace.exercise(command.argument("exercise"), in: chapter)
        let style = Style.forStandardOutput()
        var progress = ProgressStore(workspace: workspace)
        var state = progress[exercise.id]
        if state.status != .passed {
            if !command.flag("yes") {
                let later =
                    "`\(Console.workbook) solution \(chapter.name) \(exercise.number) --yes` shows it anyway"
                guard isatty(STDIN_FILENO) == 1 else {
                    throw CLIError(
                        "\(exercise.id) has not passed yet, so the reference is not shown without asking: \(later) (and records that you looked)"
                    )
                }
                FileHandle.standardError.write(
                    Data(
                        "\(exercise.id) has not passed yet. Show the reference anyway? `list` will say you looked. [y/N] "
                            .utf8))
                let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" else {
                    Console.error(
                        "not shown. `\(Console.workbook) hint \(chapter.name) \(exercise.number)` gives the next hint.")
                    return 1
                }
            }
            if state.solutionSeenAt == nil {
                state.solutionSeenAt = Date()
                progress[exercise.id] = state
                try progress.save()
            }
        }
        for file in exercise.files {
            let reference = try read(workspace.solutionFile(chapter.name, file), workspace)
            if command.flag("diff") {
                let mine = (try? String(contentsOf: workspace.exerciseFile(chapter.name, file), encoding: .utf8)) ?? ""
                let diff = LineDiff.render(old: mine, new: reference)
                Console.out(
                    style.bold(
                        "--- Exercises/\(chapter.name)/\(file) (yours)\n+++ Solutions/\(chapter.name)/\(file) (reference)"
                    ))
                Console.out(diff.isEmpty ? "(identical)" : colourDiff(diff, style: style))
            } else {
                Console.out(style.bold("Solutions/\(chapter.name)/\(file)") + "\n" + reference)
            }
        }
        let notes = (try? String(contentsOf: workspace.path("Chapters/\(chapter.name)/notes.md"), encoding: .utf8)).map(
            MarkdownSections.init)
        if progress[exercise.id].status == .passed, let section = notes?[exercise.id] {
            Console.out("\n" + style.bold("Trade-offs and follow-up questions") + "\n\n" + section)
        } else if notes?[exercise.id] != nil {
            Console.out(style.dim("\nPass \(exercise.id) to unlock its trade-offs and follow-up questions."))
        }
        return 0
    }

    static func reset(_ command: ParsedCommand) throws -> Int32 {
        let workspace = try Workspace.locate()
        let chapter = try workspace.chapter(command.argument("chapter"))
        let exercises =
            try command.arguments["exercise"].map { [try workspace.exercise($0, in: chapter)] }
            ?? chapter.plan.exercises
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
        let backups = workspace.stateDirectory.appendingPathComponent("backups/\(stamp)/\(chapter.name)")
        var progress = ProgressStore(workspace: workspace)
        func restore(_ file: String) throws {
            let target = workspace.exerciseFile(chapter.name, file)
            let starter = try Data(contentsOf: workspace.starterFile(chapter.name, file))
            if let current = try? Data(contentsOf: target) {
                if current == starter {
                    Console.out("\(workspace.relative(target)) is already the starter")
                    return
                }
                try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
                try current.write(to: backups.appendingPathComponent(file), options: .atomic)
                Console.out(
                    "backed up \(workspace.relative(target)) to \(workspace.relative(backups.appendingPathComponent(file)))"
                )
            }
            try starter.write(to: target, options: .atomic)
            Console.out("restored the starter of \(workspace.relative(target))")
        }
        for exercise in exercises {
            for file in exercise.files { try restore(file) }
            var state = progress[exercise.id]
            state.status = nil
            state.points = 0
            progress[exercise.id] = state
        }
        // A whole-chapter reset restores the files the workbook supplies too (copying the
        // solutions in replaces them as well).
        if command.arguments["exercise"] == nil {
            for file in workspace.suppliedFiles(chapter) { try restore(file) }
        }
        try progress.save()
        return 0
    }

    static func read(_ url: URL, _ workspace: Workspace) throws -> String {
        do { return try String(contentsOf: url, encoding: .utf8) } catch {
            throw CLIError("cannot read \(workspace.relative(url)): \(error.localizedDescription)")
        }
    }

    static func bar(_ value: Int, _ total: Int, style: Style) -> String {
        let width = 20
        let filled = total == 0 ? 0 : value * width / total
        return style.good(String(repeating: "█", count: filled))
            + style.dim(String(repeating: "░", count: width - filled))
    }

    static func colourDiff(_ diff: String, style: Style) -> String {
        diff.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("+")
                ? style.good(String(line)) : line.hasPrefix("-") ? style.bad(String(line)) : String(line)
        }.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
