import ArgumentParsing
import Foundation
import Grading

/// `workbook new <chapter> --title "…"`: writes a small, complete chapter (see `ChapterTemplate`),
/// declares it in Package.swift and the README's chapter table, builds its grader and records its
/// plan. Nothing that exists is overwritten.
struct NewChapter {
    let name: String
    let title: String
    let workspace: Workspace

    init(_ command: ParsedCommand) throws {
        workspace = try Workspace.locate()
        name = command.arguments["chapter"] ?? ""
        guard name.range(of: "^[a-z][a-z0-9]{1,29}$", options: .regularExpression) != nil else {
            throw CLIError(
                "the chapter name \"\(name)\" must be 2 to 30 lower-case letters and digits, starting with a letter",
                isUsage: true)
        }
        guard let title = command.value("title")?.trimmingCharacters(in: .whitespaces), !title.isEmpty,
            !title.contains(where: \.isNewline), !title.contains("|")
        else {
            throw CLIError("give the chapter a one-line --title \"…\" (no line breaks or |)", isUsage: true)
        }
        self.title = title
    }

    /// The module stem: the name with its first letter upper-cased (`queues` → `Queues`).
    var module: String { name.prefix(1).uppercased() + name.dropFirst() }

    func run() throws -> Int32 {
        let reserved = workbookCommands(chapters: []).subcommands.map(\.name)
        if reserved.contains(name) { throw CLIError("\"\(name)\" is a workbook command; choose another name") }
        // Module names the toolchain or this package already has (on a case-insensitive file
        // system `Http` and `HTTP` are one folder), and names the targets' naming would confuse.
        let toolchain = [
            "swift", "foundation", "dispatch", "glibc", "testing", "xctest", "synchronization", "observation",
            "distributed", "checks", "solution", "exercise", "foundationessentials", "foundationxml",
        ]
        if try workspace.declarations().contains(where: { $0.name == name }) {
            throw CLIError("Package.swift already declares a chapter \(name)")
        }
        let taken = Set(
            try FileManager.default.contentsOfDirectory(atPath: workspace.path("Sources").path).map { $0.lowercased() })
        let wanted = [module, module + "Checks", module + "Solution", module + "Exercise"].map { $0.lowercased() }
        if toolchain.contains(name) || wanted.contains(where: taken.contains) {
            throw CLIError("\"\(name)\" would name a module that exists already (\(module)); choose another name")
        }
        let files = ChapterTemplate.files.map { (path: fill($0.path), text: fill($0.text) + "\n") }
        // The chapter's own folders: in each template path, up to its first placeholder.
        let folders = Set(
            ChapterTemplate.files.map { file in
                let parts = file.path.split(separator: "/")
                let own = parts.firstIndex { $0.contains("__name__") || $0.contains("__Module__") } ?? parts.count - 1
                return fill(parts.prefix(through: own).joined(separator: "/"))
            })
        for folder in folders.sorted() where FileManager.default.fileExists(atPath: workspace.path(folder).path) {
            throw CLIError("\(folder) exists already; `workbook new` writes only into folders that do not")
        }
        var manifest = try String(contentsOf: workspace.path("Package.swift"), encoding: .utf8)
        manifest = try declare(in: manifest)
        for file in files {
            let url = workspace.path(file.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.text.write(to: url, atomically: true, encoding: .utf8)
        }
        try manifest.write(to: workspace.path("Package.swift"), atomically: true, encoding: .utf8)
        Console.out("wrote " + files.map(\.path).joined(separator: "\n      "))
        Console.out("declared \(name) in Package.swift")
        ChapterManifest.forget(root: workspace.root)

        Console.error("building grade-\(name) to record its plan…")
        let plan: Plan
        do {
            plan = try GraderBuilder(workspace: workspace).reportedPlan(workspace.declaration(name))
        } catch {
            Console.error(
                "the new chapter's files are written, but its grader did not build; fix them and run `\(Console.workbook) validate \(name)`, or remove the chapter: `git checkout Package.swift README.md && rm -r \(folders.sorted().joined(separator: " "))`"
            )
            throw error
        }
        try plan.committedText.write(
            to: workspace.path(Plan.fileName(chapter: name)), atomically: true, encoding: .utf8)
        Console.out("wrote \(Plan.fileName(chapter: name))")
        if try addTableRow(plan: plan) { Console.out("added \(name) to the chapter table in README.md") }
        Console.out("\nnext: swift run workbook validate \(name)")
        return 0
    }

    private func fill(_ text: String) -> String {
        text.replacingOccurrences(of: "__name__", with: name).replacingOccurrences(of: "__Module__", with: module)
            .replacingOccurrences(of: "__title__", with: title)
    }

    /// Package.swift with the chapter appended to its `chapters` list.
    private func declare(in manifest: String) throws -> String {
        var lines = manifest.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("let chapters: [Chapter] = [") }),
            let end = lines[start...].firstIndex(where: { $0 == "]" })
        else {
            throw CLIError("Package.swift has no `let chapters: [Chapter] = [` … `]` list to add the chapter to")
        }
        lines.insert(
            "    Chapter(name: \"\(name)\", module: \"\(module)\", stem: \"\(module)\", hasTools: false, hasTests: false),",
            at: end)
        return lines.joined(separator: "\n")
    }

    /// Adds the chapter's row after the last chapter row of README.md's table; false when there is none.
    private func addTableRow(plan: Plan) throws -> Bool {
        let url = workspace.path("README.md")
        guard var lines = (try? String(contentsOf: url, encoding: .utf8))?.components(separatedBy: "\n"),
            let last = lines.lastIndex(where: { $0.hasPrefix("| [") && $0.contains("](Chapters/") })
        else { return false }
        lines.insert(
            "| [\(name)](Chapters/\(name)/README.md) | \(title) | \(ChapterTable.status(of: plan)) |", at: last + 1)
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return true
    }
}

/// The README's chapter table, which `validate` checks against the declarations and plans.
enum ChapterTable {
    /// The status column for a chapter's plan: exercises, checks and points, hidden ones apart.
    static func status(of plan: Plan) -> String {
        let visible = plan.checks.filter { !$0.hidden }
        let hidden = plan.checks.filter(\.hidden)
        let exercises = plan.exercises.count
        return
            "\(exercises) exercise\(exercises == 1 ? "" : "s"), \(visible.count) checks and \(hidden.count) hidden, \(visible.reduce(0) { $0 + $1.points }) points (+\(hidden.reduce(0) { $0 + $1.points }) hidden)"
    }

    /// What is wrong with chapter `name`'s row in `readme`, or nil.
    static func problem(in readme: String, chapter name: String, plan: Plan) -> String? {
        let prefix = "| [\(name)](Chapters/\(name)/README.md) |"
        guard let row = readme.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else {
            return "README.md: the chapter table has no row starting \(prefix)"
        }
        let expected = status(of: plan)
        let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        guard cells.last == expected else {
            return "README.md: the \(name) row says \"\(cells.last ?? "")\"; the plan has \"\(expected)\""
        }
        return nil
    }
}
