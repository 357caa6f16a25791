import ArgumentParsing
import Foundation
import Grading
import LearnerRuntime
import Similarity
import WorkbookCLI

/// Times what `workbook scorecards` does for one chapter: fingerprint every kept submission,
/// then compare every pair in both directions, each file with the starter set aside.
struct SimilarityBenchmark {
    let chapter: String
    let count: Int
    let seconds: Double
    let json: Bool

    init(_ command: ParsedCommand) throws {
        chapter = command.value("chapter") ?? "webhook"
        guard let count = Int(command.value("count") ?? "50"), (2...1_000).contains(count) else {
            throw CLIError("--count: a number of submissions from 2 to 1000", isUsage: true)
        }
        self.count = count
        seconds = try benchmarkSeconds(command)
        json = command.flag("json")
    }

    func run() throws -> Int32 {
        let workspace = try Workspace.locate()
        let folder = workspace.path("Solutions/\(chapter)")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw CLIError("--chapter \(chapter): there is no Solutions/\(chapter)/")
        }
        // The exercise files: a file the workbook supplies (ETL's ContactSQL.swift) is no one's work.
        let plan = try Plan.load(from: workspace.path(Plan.fileName(chapter: chapter)))
        let exercises = Set(plan.exercises.flatMap(\.files))
        var reference: [String: String] = [:]
        var starters: [String: String] = [:]
        for name in names where Language(fileName: name) != nil && exercises.contains(name) {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let starter = try? String(
                contentsOf: workspace.path("Chapters/\(chapter)/starter/\(name).starter"), encoding: .utf8)
            (reference[name], starters[name]) = (text, starter)
        }
        let texts: [[String: String]] = (0..<count).map { index in
            var generator = SeededGenerator(seed: UInt64(index + 1))
            var disguised: [String: String] = [:]
            for name in reference.keys.sorted() {
                disguised[name] = Disguise.apply(
                    to: reference[name]!, language: Language(fileName: name)!, using: &generator)
            }
            return disguised
        }
        let bases = Submission(texts: starters)
        var submissions: [Submission] = []
        let fingerprinting = measure(seconds: seconds) {
            submissions = texts.map { Submission(texts: $0) }
        }
        var flagged = 0
        let comparing = measure(seconds: seconds) {
            flagged = 0
            for i in submissions.indices {
                for j in submissions.indices where j != i {
                    flagged +=
                        submissions[i].compare(with: submissions[j], bases: bases).filter {
                            $0.comparison.isFlagged
                        }.count
                }
            }
        }
        let pairs = count * (count - 1) / 2
        let lines = texts.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.split(separator: "\n").count } }
        if json {
            let figures: [String: Any] = [
                "chapter": chapter, "submissions": count, "files": reference.count, "lines": lines, "pairs": pairs,
                "fingerprintMilliseconds": fingerprinting / 1e6, "compareMilliseconds": comparing / 1e6,
                "flaggedFileComparisons": flagged,
            ]
            let data = try JSONSerialization.data(withJSONObject: figures, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(
                "copy detection, \(chapter): \(count) submissions of \(reference.count) files (\(lines) lines in all)")
            print(String(format: "  fingerprint every submission:       %8.1f ms", fingerprinting / 1e6))
            print(
                String(
                    format: "  compare all %d pairs, both ways:   %8.1f ms (%.1f µs a pair)", pairs, comparing / 1e6,
                    comparing / 1e3 / Double(pairs)))
            print(
                "  total:                              \(String(format: "%8.1f", (fingerprinting + comparing) / 1e6)) ms; \(flagged) of \(count * (count - 1) * reference.count) file comparisons flagged (every submission is a disguised copy)"
            )
        }
        return 0
    }
}
