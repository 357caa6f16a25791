import ArgumentParsing
import Foundation
import Grading
import Similarity

/// `workbook similarity A B [--chapter C] [--json]`: how much of A's code is in B, per file pair
/// and overall, with the matched lines; a chapter's starters are set aside when one is named.
struct SimilarityCommand {
    let command: ParsedCommand

    init(_ command: ParsedCommand) { self.command = command }

    /// The JSON document (`--json`).
    struct Document: Encodable {
        struct Match: Encodable {
            var a: [Int]
            var b: [Int]
        }
        struct File: Encodable {
            var a: String
            var b: String
            var score: Double
            var flagged: Bool
            var fingerprints: Int
            var shared: Int
            var matches: [Match]
        }
        var schemaVersion = 1
        var a: String
        var b: String
        var chapter: String?
        var threshold: Double
        var k: Int
        var window: Int
        var score: Double
        var flagged: Bool
        var files: [File]
        var onlyInA: [String]
        var onlyInB: [String]
    }

    func run() throws -> Int32 {
        let (a, b) = (try command.argument("a"), try command.argument("b"))
        var bases: Submission?
        var chapterName: String?
        if let chapter = command.value("chapter") {
            let workspace = try Workspace.locate()
            let entry = try workspace.chapter(chapter)
            bases = ReferenceTexts(workspace: workspace, chapter: entry).starters
            chapterName = entry.name
        }
        let left = Submission(texts: try Self.texts(a))
        let right = Submission(texts: try Self.texts(b))
        let comparisons = left.compare(with: right, bases: bases)
        let paired = Set(comparisons.map(\.b))
        // A file of A without a same-named one in B is compared with B's closest file of its language.
        let onlyInA = left.files.keys.filter { name in !comparisons.contains { $0.a == name } }.sorted()
        let onlyInB = right.files.keys.filter { !paired.contains($0) }.sorted()
        let overall = comparisons.overallScore
        let flagged = comparisons.contains { $0.comparison.isFlagged }
        if command.flag("json") {
            let document = Document(
                a: a, b: b, chapter: chapterName, threshold: Comparison.threshold,
                k: Fingerprints.Parameters.standard.k,
                window: Fingerprints.Parameters.standard.window, score: overall, flagged: flagged,
                files: comparisons.map {
                    .init(
                        a: $0.a, b: $0.b, score: $0.comparison.score, flagged: $0.comparison.isFlagged,
                        fingerprints: $0.comparison.fingerprints, shared: $0.comparison.shared,
                        matches: $0.comparison.regions.map {
                            .init(a: [$0.a.lowerBound, $0.a.upperBound], b: [$0.b.lowerBound, $0.b.upperBound])
                        })
                }, onlyInA: onlyInA, onlyInB: onlyInB)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.out(String(decoding: try encoder.encode(document), as: UTF8.self))
            return 0
        }
        let style = Style.forStandardOutput()
        var rows = [["A", "B", "score", "of A's own code", "matched lines (A ↔ B)"]]
        for file in comparisons {
            let c = file.comparison
            let regions = c.regions.prefix(6).map { "\(Self.lines($0.a)) ↔ \(Self.lines($0.b))" }.joined(
                separator: ", ")
            rows.append([
                file.a, file.b, SubmissionSimilarity.percent(c.score) + (c.isFlagged ? " ⚑" : ""),
                "\(c.shared)/\(c.fingerprints) fingerprints", regions + (c.regions.count > 6 ? ", …" : ""),
            ])
        }
        Console.out(ScorecardsCommand.columns(rows))
        for name in onlyInA { Console.out(style.dim("only in \(a): \(name)")) }
        for name in onlyInB { Console.out(style.dim("only in \(b): \(name)")) }
        let verdict =
            flagged
            ? style.warn(
                "⚑ at or above \(SubmissionSimilarity.percent(Comparison.threshold)) in \(comparisons.filter { $0.comparison.isFlagged }.count) file(s): read the matched lines side by side"
            )
            : "nothing at or above \(SubmissionSimilarity.percent(Comparison.threshold))"
        Console.out("\noverall: \(SubmissionSimilarity.percent(overall)) of \(a)'s own code is in \(b); \(verdict)")
        if chapterName == nil {
            Console.out(style.dim("(no --chapter: code a starter gave both sides counts as shared)"))
        }
        return 0
    }

    static func lines(_ range: ClosedRange<Int>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
    }

    /// The Swift and SQL files of `path` (a file, or a folder's top-level files), by name.
    static func texts(_ path: String) throws -> [String: String] {
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw CLIError("\(path): no such file or folder")
        }
        var urls: [URL] = []
        if isFolder.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter {
                !$0.hasPrefix(".") && Language(fileName: $0) != nil
            }
            urls = names.map { url.appendingPathComponent($0) }
            guard !urls.isEmpty else { throw CLIError("\(path) holds no Swift or SQL file (.swift, .sql) to compare") }
        } else {
            guard Language(fileName: url.lastPathComponent) != nil else {
                throw CLIError("\(path): only Swift and SQL files (.swift, .sql) are compared")
            }
            urls = [url]
        }
        var texts: [String: String] = [:]
        for file in urls {
            let checked = try LearnerPackage.regularFile(file)
            guard let text = String(data: try Data(contentsOf: checked), encoding: .utf8) else {
                throw CLIError("\(file.path): not UTF-8 text")
            }
            texts[file.lastPathComponent] = text
        }
        return texts
    }
}
