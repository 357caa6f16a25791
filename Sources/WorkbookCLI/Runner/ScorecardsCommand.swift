import ArgumentParsing
import Foundation
import Grading

/// `workbook scorecards [--chapter C] [--html FILE]`: the kept score cards side by side, one row
/// per card and one column per exercise (visible checks, then hidden ones in brackets), with a
/// warning when the cards of one chapter were graded with different seeds.
struct ScorecardsCommand {
    let command: ParsedCommand
    let workspace: Workspace

    init(_ command: ParsedCommand) throws {
        self.command = command
        workspace = try Workspace.locate()
    }

    /// The part of a JSON score card this command reads.
    struct Card: Decodable {
        struct Exercise: Decodable {
            var id: String
            var points: Int
            var maxPoints: Int
        }
        struct Test: Decodable {
            var exercise: String
            var points: Int
            var maxPoints: Int
            var hidden: Bool?
        }
        var chapter: String
        var seed: String
        var points: Int
        var maxPoints: Int
        var exercises: [Exercise]
        var tests: [Test]
        var candidate: String?
        var graded: String?

        /// "visible earned/of [hidden earned/of]" for one exercise.
        func cell(_ id: String) -> String {
            func sum(_ hidden: Bool) -> (Int, Int) {
                tests.filter { $0.exercise == id && ($0.hidden ?? false) == hidden }
                    .reduce((0, 0)) { ($0.0 + $1.points, $0.1 + $1.maxPoints) }
            }
            let (visible, hidden) = (sum(false), sum(true))
            return "\(visible.0)/\(visible.1)" + (hidden.1 > 0 ? " [\(hidden.0)/\(hidden.1)]" : "")
        }
    }

    func run() throws -> Int32 {
        let folder = workspace.stateDirectory.appendingPathComponent("scorecards")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            $0.hasSuffix(".json")
        }.sorted()
        var cards: [(name: String, card: Card)] = []
        for name in names {
            do {
                let card = try JSONDecoder().decode(
                    Card.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
                cards.append((name, card))
            } catch {
                Console.error("skipped \(name): not a score card this workbook reads (\(describeError(error)))")
            }
        }
        if let chapter = command.value("chapter") {
            _ = try workspace.chapter(chapter)  // a typo gets its "did you mean"
            cards = cards.filter { $0.card.chapter == chapter }
        }
        guard !cards.isEmpty else {
            Console.out(
                "No score cards in \(workspace.relative(folder)) yet: `\(Console.workbook) grade <chapter> --from DIR` keeps one."
            )
            return 0
        }
        var text: [String] = []
        var tables: [(chapter: String, header: [String], rows: [[String]], warning: String?)] = []
        for chapter in Array(Set(cards.map(\.card.chapter))).sorted() {
            let group = cards.filter { $0.card.chapter == chapter }.sorted {
                ($0.card.graded ?? $0.name) < ($1.card.graded ?? $1.name)
            }
            let exercises = group[0].card.exercises.map(\.id)
            let header = ["candidate", "graded", "seed"] + exercises + ["total"]
            let rows = group.map { name, card in
                [card.candidate ?? name, card.graded ?? "?", card.seed] + exercises.map(card.cell)
                    + ["\(card.points)/\(card.maxPoints)"]
            }
            let seeds = Set(group.map(\.card.seed))
            let warning =
                seeds.count > 1
                ? "warning: these \(chapter) cards were graded with different seeds (\(seeds.sorted().joined(separator: ", "))): their property and hidden checks saw different inputs; grade every candidate with one --seed"
                : nil
            tables.append((chapter, header, rows, warning))
            text.append(Style.forStandardOutput().bold(chapter) + "  (visible checks, [hidden checks])")
            text.append(Self.columns([header] + rows))
            if let warning { text.append(warning) }
            text.append("")
        }
        Console.out(text.joined(separator: "\n"))
        if let path = command.value("html") {
            try Self.html(tables).write(to: URL(fileURLWithPath: path), atomically: true, encoding: .utf8)
            Console.out("written: \(path)")
        }
        return 0
    }

    /// Rows as left-aligned columns.
    static func columns(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    static func html(_ tables: [(chapter: String, header: [String], rows: [[String]], warning: String?)]) -> String {
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
        }
        return (html + ["</body></html>", ""]).joined(separator: "\n")
    }
}
