import Foundation
import Grading

/// `workbook validate [<chapter>]`: proves a chapter sound for instructors. Its plan is the one its
/// grader reports; its README, hints and notes have what learners and interviewers are promised;
/// every starter is pristine and scores zero, the reference scores full marks, and every wrong
/// implementation under `Chapters/<chapter>/mutants/<name>/` loses points in its own exercise only.
extension RunCommand {
    /// The README sections every chapter has.
    static let requiredSections = [
        "The question", "The model answer", "The exercises", "Follow-up questions an interviewer asks",
        "Interviewer rubric",
    ]

    /// An outcome in one line: status, message, and the case.
    static func describe(_ outcome: CheckResult) -> String {
        var text = outcome.status.rawValue + (outcome.message.map { ": \($0)" } ?? "")
        let details = [("input", outcome.input), ("expected", outcome.expected), ("got", outcome.actual)]
            .compactMap { label, value in value.map { "\(label) \($0)" } }
        if !details.isEmpty { text += " (" + details.joined(separator: ", ") + ")" }
        return text
    }

    func validate() throws -> Int32 {
        let declarations =
            try request.chapter.map { [try workspace.declaration($0)] }
            ?? workspace.declarations()
        var problems: [String] = []
        for declaration in declarations {
            do {
                problems += try validate(declaration)
            } catch let error as CLIError {
                problems.append("\(declaration.name): \(error.description)")
            } catch {
                problems.append("\(declaration.name): \(describeError(error))")
            }
        }
        if problems.isEmpty {
            let mutants = declarations.reduce(0) { $0 + mutantFolders(of: $1.name).count }
            Console.out(
                "validate: \(declarations.map(\.name).joined(separator: ", ")): plans current, texts complete, starters pristine and at zero, references at full marks, \(mutants) mutant\(mutants == 1 ? "" : "s") under Chapters/*/mutants/ caught in their own exercise"
            )
            return 0
        }
        Console.error("validate found problems:\n" + problems.map { "  - " + $0 }.joined(separator: "\n"))
        return 1
    }

    private func validate(_ declaration: ChapterDeclaration) throws -> [String] {
        let name = declaration.name
        let plan: Plan
        do {
            Console.error("building grade-\(name)…")
            plan = try GraderBuilder(workspace: workspace).reportedPlan(declaration)
        } catch let failure as BuildFailure {
            return ["\(name): the grader does not compile\n\(failure.report)"]
        }
        var problems: [String] = []
        if let problem = plan.committedCopyProblem(root: workspace.root) {
            problems.append(problem.replacingOccurrences(of: "swift test", with: "swift run workbook validate \(name)"))
        }
        let chapter = ChapterEntry(
            declaration: declaration, plan: plan.filtered(to: [], includingHidden: false), fullPlan: plan)
        problems += textProblems(chapter)
        problems += fileProblems(chapter)
        problems += try gradingProblems(chapter)
        return problems
    }

    /// README sections, a hint and a note per exercise, the README chapter table's row.
    private func textProblems(_ chapter: ChapterEntry) -> [String] {
        var problems: [String] = []
        let folder = "Chapters/\(chapter.name)"
        let readme = (try? String(contentsOf: workspace.path("\(folder)/README.md"), encoding: .utf8)) ?? ""
        if !readme.hasPrefix("# ") { problems.append("\(folder)/README.md: must start with the chapter's `# Title`") }
        let headings = Set(readme.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { $0.dropFirst(3) })
        for section in Self.requiredSections where !headings.contains(Substring(section)) {
            problems.append("\(folder)/README.md: no `## \(section)` section")
        }
        for (file, what) in [("hints.md", "hint"), ("notes.md", "note")] {
            let text = (try? String(contentsOf: workspace.path("\(folder)/\(file)"), encoding: .utf8)) ?? ""
            let sections = MarkdownSections(text)
            for exercise in chapter.fullPlan.exercises where (sections[exercise.id] ?? "").isEmpty {
                problems.append("\(folder)/\(file): no `## \(exercise.id)` section with a \(what)")
            }
        }
        let table = (try? String(contentsOf: workspace.path("README.md"), encoding: .utf8)) ?? ""
        if let problem = ChapterTable.problem(in: table, chapter: chapter.name, plan: chapter.fullPlan) {
            problems.append(problem)
        }
        return problems
    }

    /// A hidden check per exercise; each exercise file pristine beside its starter, with a solution.
    private func fileProblems(_ chapter: ChapterEntry) -> [String] {
        var problems: [String] = []
        for exercise in chapter.fullPlan.exercises
        where !chapter.fullPlan.checks.contains(where: { $0.exercise == exercise.id && $0.hidden }) {
            problems.append(
                "\(exercise.id) has no hidden check (fresh seeds or adversarial cases, `hidden: true`): an interviewer's grading would add nothing to the practice runs"
            )
        }
        for exercise in chapter.fullPlan.exercises {
            for file in exercise.files {
                let starter = workspace.starterFile(chapter.name, file)
                let current = workspace.exerciseFile(chapter.name, file)
                guard let pristine = try? Data(contentsOf: starter) else {
                    problems.append("\(exercise.id): no pristine starter at \(workspace.relative(starter))")
                    continue
                }
                if (try? Data(contentsOf: current)) != pristine {
                    problems.append(
                        "\(exercise.id): \(workspace.relative(current)) differs from its pristine copy \(workspace.relative(starter))"
                    )
                }
                if !FileManager.default.fileExists(atPath: workspace.solutionFile(chapter.name, file).path) {
                    problems.append("\(exercise.id): no solution file Solutions/\(chapter.name)/\(file)")
                }
            }
        }
        for file in workspace.suppliedFiles(chapter)
        where (try? Data(contentsOf: workspace.exerciseFile(chapter.name, file)))
            != (try? Data(contentsOf: workspace.starterFile(chapter.name, file)))
        {
            problems.append(
                "Exercises/\(chapter.name)/\(file) (supplied by the workbook) differs from its pristine copy \(workspace.relative(workspace.starterFile(chapter.name, file))); `workbook reset \(chapter.name)` restores it"
            )
        }
        return problems
    }

    /// The wrong implementations of a chapter: each folder under `Chapters/<chapter>/mutants/`
    /// (a README or .DS_Store beside them is not one).
    private func mutantFolders(of chapter: String) -> [URL] {
        let mutants = workspace.path("Chapters/\(chapter)/mutants")
        return ((try? FileManager.default.contentsOfDirectory(atPath: mutants.path)) ?? []).sorted().compactMap {
            let folder = mutants.appendingPathComponent($0)
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) && isFolder.boolValue
                ? folder : nil
        }
    }

    /// The starters, the reference and each mutant, graded with every check in two processes.
    private func gradingProblems(_ chapter: ChapterEntry) throws -> [String] {
        var problems: [String] = []
        var arguments = GraderProcess.Arguments()
        arguments.seed = 1
        arguments.includeHidden = true
        let timeout = checkTimeout
        func grade(_ files: [String: URL]?, label: String) throws -> RunResult? {
            do {
                Console.error("validate \(chapter.name): grading \(label)…")
                return try GradingSession(workspace: workspace, chapter: chapter, files: files, label: label)
                    .run(arguments, checkTimeout: timeout)
            } catch let failure as BuildFailure {
                problems.append("\(chapter.name): \(label) does not compile\n\(failure.report)")
                return nil
            }
        }
        if let result = try grade(nil, label: "Exercises/\(chapter.name)/ (the starters)") {
            for (check, outcome) in zip(result.plan.checks, result.results) where outcome.status != .notStarted {
                problems.append(
                    "\(check.exercise) \"\(check.name)\": the untouched starter is not \"not started\" but \(Self.describe(outcome))"
                )
            }
        }
        let solutions = workspace.path("Solutions/\(chapter.name)")
        let reference = try LearnerPackage.learnerFiles(in: solutions, extra: chapter.exerciseFiles)
        if let result = try grade(reference, label: "Solutions/\(chapter.name)/") {
            for (check, outcome) in zip(result.plan.checks, result.results) where outcome.status != .passed {
                problems.append(
                    "\(check.exercise) \"\(check.name)\": the reference in Solutions/\(chapter.name)/ \(Self.describe(outcome))"
                )
            }
        }
        for folder in mutantFolders(of: chapter.name) {
            let mutant = folder.lastPathComponent
            let changed = try LearnerPackage.learnerFiles(in: folder, extra: chapter.exerciseFiles)
            let label = "Chapters/\(chapter.name)/mutants/\(mutant)/"
            let own = chapter.fullPlan.exercises.filter { !Set($0.files).isDisjoint(with: changed.keys) }.map(\.id)
            guard !own.isEmpty else {
                problems.append("\(label): holds none of the exercise files, so no exercise is its own")
                continue
            }
            guard let result = try grade(reference.merging(changed) { $1 }, label: label) else { continue }
            for exercise in chapter.fullPlan.exercises {
                let outcomes = zip(result.plan.checks, result.results).filter { $0.0.exercise == exercise.id }
                let lost = outcomes.filter { $0.1.status != .passed }
                if own.contains(exercise.id) && lost.isEmpty {
                    problems.append("\(label): passes every check of \(exercise.id); no check catches it")
                } else if !own.contains(exercise.id), let first = lost.first {
                    problems.append(
                        "\(label): loses points in \(exercise.id) (\"\(first.0.name)\"), not its own exercise \(own.joined(separator: ", "))"
                    )
                }
            }
        }
        return problems
    }
}
