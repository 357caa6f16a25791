import Foundation
import Grading
import Similarity

/// The kept score cards under `.workbook/scorecards/`: each card in four formats
/// (`<candidate>-<chapter>-<time>.txt|.json|.xml|.html`) and, beside it, the files it graded
/// (`….files/`), which later cards and `workbook scorecards` compare with.
struct ScoreCards {
    let folder: URL

    init(workspace: Workspace) {
        folder = workspace.stateDirectory.appendingPathComponent("scorecards")
    }

    /// A kept card: its name (the file name without extension) and its JSON document.
    struct Kept {
        var name: String
        var document: JSONReport.Document
        var candidate: String { document.candidate ?? name }

        /// Whether both cards grade one candidate's work (a re-grading): the same name from the
        /// same folder. Two candidates who both sent a folder called `submission/` differ by path.
        func isSameCandidate(as other: Kept) -> Bool {
            candidate == other.candidate && document.files?.folder == other.document.files?.folder
        }
    }

    /// Every card the JSON of which this workbook reads, by name; the others with why not.
    func kept() -> (cards: [Kept], unreadable: [(name: String, reason: String)]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            $0.hasSuffix(".json")
        }.sorted()
        var cards: [Kept] = []
        var unreadable: [(String, String)] = []
        for name in names {
            do {
                let document = try JSONDecoder().decode(
                    JSONReport.Document.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
                cards.append(Kept(name: String(name.dropLast(".json".count)), document: document))
            } catch {
                unreadable.append((name, describeError(error)))
            }
        }
        return (cards, unreadable)
    }

    /// The files a kept card graded, by name (none for a card kept before files were).
    func files(of card: String) -> [String: String] {
        let files = folder.appendingPathComponent(card + ".files")
        var texts: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: files.path)) ?? [] {
            texts[name] = try? String(contentsOf: files.appendingPathComponent(name), encoding: .utf8)
        }
        return texts
    }

    /// Writes the card in every format and a copy of `files` beside it, and the one `also`
    /// names by its extension; returns the card's path without extension.
    func write(_ result: RunResult, candidate: String, chapter: String, files: [String: String], also: URL? = nil)
        throws -> URL
    {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stamp = (result.graded ?? ISO8601DateFormatter().string(from: Date())).replacingOccurrences(
            of: ":", with: "-")
        let safeName = String(candidate.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        // Two gradings of one name within a second keep both cards.
        var base = folder.appendingPathComponent("\(safeName)-\(chapter)-\(stamp)")
        var n = 2
        while FileManager.default.fileExists(atPath: base.appendingPathExtension("txt").path) {
            base = folder.appendingPathComponent("\(safeName)-\(chapter)-\(stamp)-\(n)")
            n += 1
        }
        let formats = [
            "txt": "Candidate: \(candidate)\nChapter: \(chapter)\nGraded: \(stamp)\n"
                + TextReport.render(
                    result, replayCommand: "\(Console.workbook) grade \(chapter)", style: Style(isEnabled: false),
                    verbose: true),
            "json": JSONReport.render(result), "xml": JUnitReport.render(result),
            "html": HTMLReport.render(result, heading: .init(candidate: candidate, graded: stamp)),
        ]
        let kept = URL(fileURLWithPath: base.path + ".files")
        try FileManager.default.createDirectory(at: kept, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: kept.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        for (format, text) in formats {
            try text.write(to: base.appendingPathExtension(format), atomically: true, encoding: .utf8)
        }
        if let also {
            do {
                try formats[also.pathExtension]!.write(to: also, atomically: true, encoding: .utf8)
            } catch {
                throw CLIError("--report \(also.path): cannot write it: \(describeError(error))")
            }
        }
        return base
    }
}

/// What a chapter's submissions are compared with: the reference's exercise files and the
/// starters, whose code every candidate was given and which is set aside.
struct ReferenceTexts {
    var reference: Submission
    var starters: Submission
    /// The exercise each exercise file belongs to.
    var exercises: [String: String]

    init(workspace: Workspace, chapter: ChapterEntry) {
        let supplied = Set(workspace.suppliedFiles(chapter))
        var reference: [String: String] = [:]
        var starters: [String: String] = [:]
        var exercises: [String: String] = [:]
        for exercise in chapter.fullPlan.exercises {
            for file in exercise.files where !supplied.contains(file) {
                exercises[file] = exercise.id
                reference[file] = try? String(contentsOf: workspace.solutionFile(chapter.name, file), encoding: .utf8)
                starters[file] = try? String(contentsOf: workspace.starterFile(chapter.name, file), encoding: .utf8)
            }
        }
        self.reference = Submission(texts: reference)
        self.starters = Submission(texts: starters)
        self.exercises = exercises
    }

    /// `files` (a candidate's, by name) against the reference and against each of `others`
    /// (other candidates' kept files), the starters set aside.
    func findings(_ files: [String: String], others: [(candidate: String, card: String, files: Submission)])
        -> SubmissionSimilarity
    {
        let mine = Submission(texts: files)
        var entries: [SubmissionSimilarity.File] = []
        var otherTexts: [String: String] = [:]
        for name in mine.files.keys.sortedByBytes() {
            guard let against = mine.compare(name, with: reference, bases: starters) else { continue }
            let closest = others.compactMap { other in
                mine.compare(name, with: other.files, bases: starters).map {
                    (SubmissionSimilarity.Other(candidate: other.candidate, card: other.card, comparison: $0), other)
                }
            }.max { $0.0.comparison.comparison.score < $1.0.comparison.comparison.score }
            if let closest { otherTexts[name] = closest.1.files.texts[closest.0.comparison.b] }
            entries.append(.init(name: name, exercise: exercises[name], reference: against, closest: closest?.0))
        }
        return SubmissionSimilarity(
            files: entries,
            texts: .init(candidate: mine.texts, reference: reference.texts, others: otherTexts))
    }
}
