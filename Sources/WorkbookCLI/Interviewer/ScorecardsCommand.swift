import ArgumentParsing
import Foundation
import Grading
import Similarity

/// `workbook scorecards [--chapter C] [--html FILE]`: the kept score cards side by side, one row
/// per card and one column per exercise (visible checks, then hidden ones in brackets) and the
/// card's similarity to the reference, with a warning when the cards of one chapter were graded
/// with different seeds, and the pairs of candidates whose files are alike.
struct ScorecardsCommand {
    let command: ParsedCommand
    let workspace: Workspace

    init(_ command: ParsedCommand) throws {
        self.command = command
        workspace = try Workspace.locate()
    }

    func run() throws -> Int32 {
        let store = ScoreCards(workspace: workspace)
        let (kept, unreadable) = store.kept()
        for card in unreadable {
            Console.error("skipped \(card.name): not a score card this workbook reads (\(card.reason))")
        }
        var cards = kept
        if let chapter = command.value("chapter") {
            _ = try workspace.chapter(chapter)  // a typo gets its "did you mean"
            cards = cards.filter { $0.document.chapter == chapter }
        }
        guard !cards.isEmpty else {
            Console.out(
                "No score cards in \(workspace.relative(store.folder)) yet: `\(Console.workbook) grade <chapter> --from DIR` keeps one."
            )
            return 0
        }
        var text: [String] = []
        var tables: [Table] = []
        for chapter in Array(Set(cards.map(\.document.chapter))).sorted() {
            let group = cards.filter { $0.document.chapter == chapter }.sorted {
                ($0.document.graded ?? $0.name) < ($1.document.graded ?? $1.name)
            }
            let exercises = group[0].document.exercises.map(\.id)
            // Similarity, from the files kept beside each card: to the reference, and pairs of cards.
            // A chapter this checkout no longer declares still has its cards shown, without similarity.
            let entry = try? workspace.chapter(chapter)
            let reference = entry.map { ReferenceTexts(workspace: workspace, chapter: $0) }
            let submissions = group.map { Submission(texts: store.files(of: $0.name)) }
            let header = ["candidate", "graded", "seed"] + exercises + ["total", "similarity"]
            let rows = zip(group, submissions).map { kept, submission in
                let card = kept.document
                let scores = reference.map { submission.compare(with: $0.reference, bases: $0.starters) } ?? []
                let similarity =
                    submission.files.isEmpty || reference == nil
                    ? "—" : scores.map { $0.comparison.score }.max().map(SubmissionSimilarity.percent) ?? "0%"
                let flag = scores.contains { $0.comparison.isFlagged } ? " ⚑" : ""
                return [kept.candidate, card.graded ?? "?", card.seed] + exercises.map { Self.cell(card, $0) }
                    + ["\(card.points)/\(card.maxPoints)", similarity + flag]
            }
            var pairs: [String] = []
            // Pairs of different candidates, and only with the starters to set aside.
            for i in group.indices where reference != nil {
                for j in group.indices where j > i && !group[i].isSameCandidate(as: group[j]) {
                    let both =
                        submissions[i].compare(with: submissions[j], bases: reference?.starters)
                        + submissions[j].compare(with: submissions[i], bases: reference?.starters)
                    let flagged = both.filter { $0.comparison.isFlagged }
                    guard let top = flagged.max(by: { $0.comparison.score < $1.comparison.score }) else { continue }
                    let names = Set(flagged.map(\.a)).sorted().joined(separator: ", ")
                    pairs.append(
                        "⚑ \(group[i].candidate) and \(group[j].candidate): up to \(SubmissionSimilarity.percent(top.comparison.score)) alike (\(names))"
                    )
                }
            }
            let seeds = Set(group.map(\.document.seed))
            let warning =
                seeds.count > 1
                ? "warning: these \(chapter) cards were graded with different seeds (\(seeds.sorted().joined(separator: ", "))): their property and hidden checks saw different inputs; grade every candidate with one --seed"
                : nil
            tables.append(Table(chapter: chapter, header: header, rows: rows, warning: warning, pairs: pairs))
            text.append(
                Style.forStandardOutput().bold(chapter)
                    + "  (visible checks, [hidden checks]; similarity: the most alike file to the reference)")
            text.append(Self.columns([header] + rows))
            if let warning { text.append(warning) }
            if !pairs.isEmpty {
                text.append(
                    "pairs of candidates at or above \(SubmissionSimilarity.percent(Comparison.threshold)) alike:")
                text += pairs.map { "  " + $0 }
            }
            text.append("")
        }
        Console.out(text.joined(separator: "\n"))
        if let path = command.value("html") {
            try Self.html(tables).write(to: URL(fileURLWithPath: path), atomically: true, encoding: .utf8)
            Console.out("written: \(path)")
        }
        return 0
    }

    /// One chapter's comparison.
    struct Table {
        var chapter: String
        var header: [String]
        var rows: [[String]]
        var warning: String?
        var pairs: [String]
    }

    /// "visible earned/of [hidden earned/of]" for one exercise of a card.
    static func cell(_ card: JSONReport.Document, _ id: String) -> String {
        func sum(_ hidden: Bool) -> (Int, Int) {
            card.tests.filter { $0.exercise == id && $0.hidden == hidden }
                .reduce((0, 0)) { ($0.0 + $1.points, $0.1 + $1.maxPoints) }
        }
        let (visible, hidden) = (sum(false), sum(true))
        return "\(visible.0)/\(visible.1)" + (hidden.1 > 0 ? " [\(hidden.0)/\(hidden.1)]" : "")
    }

    /// Rows as left-aligned columns.
    static func columns(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    static func html(_ tables: [Table]) -> String {
        var html = [
            "<!DOCTYPE html>", #"<html lang="en">"#, #"<head><meta charset="utf-8"><title>Score cards</title>"#,
            "<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}"
                + "th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}.warn{color:#b11}</style>",
            "</head><body><h1>Score cards</h1><p>Per exercise: visible checks, then [hidden checks].</p>",
        ]
        for table in tables {
            html.append("<h2>\(JUnitReport.escape(table.chapter))</h2><table><thead><tr>")
            html.append(table.header.map { "<th>\(JUnitReport.escape($0))</th>" }.joined() + "</tr></thead><tbody>")
            for row in table.rows {
                html.append("<tr>" + row.map { "<td>\(JUnitReport.escape($0))</td>" }.joined() + "</tr>")
            }
            html.append("</tbody></table>")
            if let warning = table.warning { html.append(#"<p class="warn">\#(JUnitReport.escape(warning))</p>"#) }
            for pair in table.pairs { html.append(#"<p class="warn">\#(JUnitReport.escape(pair))</p>"#) }
        }
        return (html + ["</body></html>", ""]).joined(separator: "\n")
    }
}
