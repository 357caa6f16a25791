import Crypto
import Foundation

/// Builds one chapter's grader with SwiftPM, so that a compile error in one chapter never blocks
/// another, and turns the compiler's output into diagnostics for the learner's files first.
struct GraderBuilder {
    let workspace: Workspace
    var configuration = "debug"

    /// The grader executable of `chapter`, built if needed.
    /// - Throws: `BuildFailure` with the diagnostics when the chapter does not compile.
    func build(chapter: String) throws -> URL {
        let sources = exerciseSources(chapter)
        forceRecompileOfEditedFiles(chapter: chapter, sources: sources)
        let result = try ProcessRunner.run(
            "swift", ["build", "--product", "grade-\(chapter)", "-c", configuration], in: workspace.root)
        guard result.status == 0 else {
            throw BuildFailure(chapter: chapter, report: diagnostics(from: result.output, chapter: chapter))
        }
        recordBuiltSources(chapter: chapter, sources: sources)
        return workspace.path(".build/\(configuration)/grade-\(chapter)")
    }

    /// SHA-256 of every Swift file the learner edits, by file name.
    func exerciseSources(_ chapter: String) -> [String: String] {
        let folder = workspace.path("Exercises/\(chapter)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var hashes: [String: String] = [:]
        for name in names where name.hasSuffix(".swift") {
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) {
                hashes[name] = Hex.encode(SHA256.hash(data))
            }
        }
        return hashes
    }

    private var stampsFile: URL { workspace.stateDirectory.appendingPathComponent("built-sources.json") }

    private func loadStamps() -> [String: [String: String]] {
        guard let data = try? Data(contentsOf: stampsFile) else { return [:] }
        return (try? JSONDecoder().decode([String: [String: String]].self, from: data)) ?? [:]
    }

    /// The Swift driver decides what to recompile from modification times, and can miss an edit
    /// saved within about a second of the previous build: the grader would then grade the old code.
    /// Every file whose content differs from what was last built successfully gets its object file
    /// removed (and its time bumped), so it is compiled again whatever the clock says.
    private func forceRecompileOfEditedFiles(chapter: String, sources: [String: String]) {
        guard let built = loadStamps()[chapter],
            let module = chapterEntries.first(where: { $0.name == chapter })?.exerciseModule
        else { return }
        let objects = workspace.path(".build/\(configuration)/\(module).build")
        for (name, hash) in sources where built[name] != hash {
            let stem = String(name.dropLast(".swift".count))
            for output in ["\(name).o", "\(stem).swiftdeps", "\(stem).d"] {
                try? FileManager.default.removeItem(at: objects.appendingPathComponent(output))
            }
            try? FileManager.default.setAttributes(
                [.modificationDate: Date()], ofItemAtPath: workspace.path("Exercises/\(chapter)/\(name)").path)
        }
    }

    private func recordBuiltSources(chapter: String, sources: [String: String]) {
        var stamps = loadStamps()
        stamps[chapter] = sources
        try? FileManager.default.createDirectory(
            at: stampsFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? JSONEncoder().encode(stamps).write(to: stampsFile, options: .atomic)
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

/// Runs a command to completion, collecting its combined output.
enum ProcessRunner {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ command: String, _ arguments: [String], in directory: URL, input: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CLIError("cannot run \(command): \(error.localizedDescription)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
