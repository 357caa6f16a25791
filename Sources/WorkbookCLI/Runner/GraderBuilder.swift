import Foundation
import Grading

/// Builds one chapter's trusted grader and its learner runner with SwiftPM, so that a compile error
/// in one chapter never blocks another, and turns the compiler's output into diagnostics for the
/// learner's files first.
struct GraderBuilder {
    let workspace: Workspace
    var configuration = "debug"

    /// What grading a chapter runs.
    struct Built {
        /// The (trusted) grader.
        var grader: URL
        /// The learner runner, and the folder its learner files were compiled from.
        var learner: (executable: URL, compiledFrom: URL)
    }

    /// The grader of `chapter` and the learner runner over `files`
    /// (default: every Swift file in `Exercises/<chapter>/`), built if needed.
    /// - Parameters:
    ///   - label: how diagnostics name the learner's folder.
    ///   - root: where the learner package lives (default: the learner's own, `LearnerPackage`).
    /// - Throws: `BuildFailure` with the diagnostics when the chapter does not compile.
    func build(_ entry: ChapterEntry, files: [String: URL]? = nil, label: String? = nil, root: URL? = nil) throws
        -> Built
    {
        let graderPath = try buildGrader(entry.declaration)
        let package = LearnerPackage(workspace: workspace, chapter: entry, root: root)
        let files =
            try files
            ?? LearnerPackage.learnerFiles(in: workspace.path("Exercises/\(entry.name)"), extra: entry.exerciseFiles)
        let changed = try package.prepare(files: files)
        // The Swift driver can miss a change saved within a second of the last build: the objects
        // of changed copies go, so they are compiled again (the learner's own files are untouched).
        let objects = package.root.appendingPathComponent(".build/\(configuration)/\(entry.exerciseModule).build")
        for name in changed where name.hasSuffix(".swift") {
            let stem = String(name.dropLast(".swift".count))
            for output in ["\(name).o", "\(stem).swiftdeps", "\(stem).d"] {
                try? FileManager.default.removeItem(at: objects.appendingPathComponent(output))
            }
        }
        let runner = package.root.appendingPathComponent(".build/\(configuration)/\(package.product)")
        let upToDate =
            changed.isEmpty
            && GraderBuilder(workspace: Workspace(root: package.root), configuration: configuration)
                .isNewer(runner, than: ["Sources"])
        if !upToDate {
            let fresh = !FileManager.default.fileExists(atPath: runner.path)
            Console.error(
                "building the learner runner over \(label ?? "Exercises/\(entry.name)/")"
                    + (fresh ? " (the first build of a package compiles the contracts too: about half a minute)…" : "…")
            )
            let learner = try Subprocess.run(
                "swift", ["build", "--product", package.product, "-c", configuration], in: package.root)
            guard learner.status == 0 else {
                throw BuildFailure(
                    chapter: entry.name,
                    report: learnerDiagnostics(learner.combinedText, package: package, label: label))
            }
        }
        return Built(grader: graderPath, learner: (runner, package.exerciseFolder))
    }

    /// The learner package's diagnostics with every path as the learner knows it: their own files
    /// (`label`, default `Exercises/<chapter>/`), and the checkout's sources for the copies.
    private func learnerDiagnostics(_ output: String, package: LearnerPackage, label: String?) -> String {
        let copied = package.root.standardizedFileURL.path + "/Sources/"
        let runnerMain = "Sources/Graders/\(package.chapter.name)/learner/main.swift"
        let output =
            output
            .replacingOccurrences(
                of: package.exerciseFolder.standardizedFileURL.path + "/",
                with: label ?? workspace.path("Exercises/\(package.chapter.name)").path + "/"
            )
            .replacingOccurrences(of: copied + package.product + "/main.swift", with: workspace.path(runnerMain).path)
            .replacingOccurrences(of: copied, with: workspace.path("Sources").path + "/")
        var report = diagnostics(from: output, chapter: package.chapter.name)
        if report.contains(runnerMain) {
            report =
                "The learner runner (\(runnerMain)) names the public types your files must declare, as the starters do; an error there means one is missing, renamed or not public.\n"
                + report
        }
        return report
    }

    /// Builds the chapter's trusted grader unless it is newer than everything it is compiled from
    /// (it holds no learner file, so the learner's edits never make it stale); returns its path.
    func buildGrader(_ declaration: ChapterDeclaration) throws -> URL {
        let graderPath = workspace.path(".build/\(configuration)/grade-\(declaration.name)")
        if !Self.productsArePrebuilt && !isNewer(graderPath, than: declaration.graderInputs) {
            let grader = try Subprocess.run(
                "swift", ["build", "--product", "grade-\(declaration.name)", "-c", configuration], in: workspace.root)
            guard grader.status == 0 else {
                throw BuildFailure(
                    chapter: declaration.name, report: diagnostics(from: grader.combinedText, chapter: declaration.name)
                )
            }
        }
        return graderPath
    }

    /// The whole plan the chapter's grader reports (`grade-<chapter> --plan`), hidden checks included.
    func reportedPlan(_ declaration: ChapterDeclaration) throws -> Plan {
        let grader = try buildGrader(declaration)
        let result = try Subprocess.run(grader.path, ["--plan"], timeLimit: .seconds(60))
        guard result.status == 0, let plan = try? JSONDecoder().decode(Plan.self, from: result.output) else {
            throw CLIError("\(workspace.relative(grader)) --plan failed:\n\(result.combinedText.suffix(2000))")
        }
        return plan
    }

    /// `WORKBOOK_PREBUILT=1`: whoever runs the CLI has built the graders and tools (the test suite,
    /// whose `swift test` holds the build folder's lock, so a build from here would wait forever).
    static var productsArePrebuilt: Bool { ProcessInfo.processInfo.environment["WORKBOOK_PREBUILT"] == "1" }

    /// Whether `file` exists and is newer than Package.swift and every file under `folders`.
    func isNewer(_ file: URL, than folders: [String]) -> Bool {
        let manager = FileManager.default
        func modified(_ path: String) -> Date? {
            (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }
        guard let built = modified(file.path) else { return false }
        if let manifest = modified(workspace.path("Package.swift").path), manifest >= built { return false }
        for top in folders {
            let base = workspace.path(top).path
            let walker = manager.enumerator(atPath: base)
            while let relative = walker?.nextObject() as? String {
                if let date = modified(base + "/" + relative), date >= built { return false }
            }
        }
        return true
    }

    /// The compiler's diagnostics, deduplicated, with paths relative to the package and the
    /// learner's files (`Exercises/<chapter>/`) first.
    func diagnostics(from output: String, chapter: String) -> String {
        var blocks: [(key: String, text: [String], isLearner: Bool)] = []
        var seen = Set<String>()
        var current: (key: String, text: [String], isLearner: Bool)?
        let root = workspace.root.standardizedFileURL.path + "/"
        for raw in output.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.replacingOccurrences(of: root, with: "")
            if let range = line.range(of: #"^[^ :]+:\d+:\d+: (error|warning|note): "#, options: .regularExpression) {
                if let block = current, !seen.contains(block.key) {
                    seen.insert(block.key)
                    blocks.append(block)
                }
                let isError = line[range].contains("error")
                current =
                    isError || line.hasPrefix("Exercises/")
                    ? (line, [line], line.hasPrefix("Exercises/\(chapter)/")) : nil
            } else if current != nil, line.hasPrefix(" ") || line.contains("|") {
                current?.text.append(line)
            } else if let block = current {
                if !seen.contains(block.key) {
                    seen.insert(block.key)
                    blocks.append(block)
                }
                current = nil
            }
        }
        if let block = current, !seen.contains(block.key) { blocks.append(block) }
        let ordered = blocks.filter(\.isLearner) + blocks.filter { !$0.isLearner }
        if ordered.isEmpty {
            // Not a compiler diagnostic (a manifest or toolchain problem): show the tail as it is.
            return output.split(separator: "\n").suffix(30).joined(separator: "\n")
        }
        return ordered.map { $0.text.joined(separator: "\n") }.joined(separator: "\n")
    }
}

/// A chapter that does not compile.
struct BuildFailure: Error, CustomStringConvertible {
    var chapter: String
    var report: String
    var description: String { "the \(chapter) chapter does not compile:\n\(report)" }
}
