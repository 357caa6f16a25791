import Foundation
import Similarity

/// The score card as one self-contained HTML file: inline CSS, no script, no network, readable on
/// screen and printed. Every number is the one the text, JSON and JUnit reports give.
public enum HTMLReport {
    /// Who and when, for the card's heading.
    public struct Heading: Sendable {
        /// The candidate's name.
        public var candidate: String
        /// When the grading ran, as it is printed.
        public var graded: String

        /// Creates a heading.
        public init(candidate: String, graded: String) {
            self.candidate = candidate
            self.graded = graded
        }
    }

    /// The document.
    public static func render(_ run: RunResult, heading: Heading) -> String {
        var html = [
            "<!DOCTYPE html>", #"<html lang="en">"#, "<head>", #"<meta charset="utf-8">"#,
            "<title>\(JUnitReport.escape("\(heading.candidate): \(run.plan.chapter) \(run.points)/\(run.maxPoints)"))</title>",
            "<style>\(style)</style>", "</head>", "<body>",
            "<h1>\(JUnitReport.escape(heading.candidate)) · \(JUnitReport.escape(run.plan.chapter))</h1>",
            #"<p class="summary"><strong>\#(run.points)/\#(run.maxPoints) points</strong> · graded \#(JUnitReport.escape(heading.graded)) · seed \#(run.seed)</p>"#,
        ]
        html.append(
            "<table><thead><tr><th>exercise</th><th>status</th><th>visible</th><th>hidden</th><th>points</th></tr></thead><tbody>"
        )
        for exercise in run.plan.exercises {
            let checks = run.checks(of: exercise)
            func part(_ hidden: Bool) -> String {
                let part = checks.filter { $0.0.hidden == hidden }
                guard !part.isEmpty else { return "—" }
                let earned = part.reduce(0) { $0 + ($1.1.status == .passed ? $1.0.points : 0) }
                return "\(earned)/\(part.reduce(0) { $0 + $1.0.points })"
            }
            let status = run.status(of: exercise)
            html.append(
                #"<tr><td>\#(JUnitReport.escape("\(exercise.id) \(exercise.title)"))</td><td class="\#(status.rawValue)">\#(JUnitReport.escape(status.words))</td><td>\#(part(false))</td><td>\#(part(true))</td><td>\#(run.points(of: exercise))/\#(exercise.points)</td></tr>"#
            )
        }
        html.append("</tbody></table>")
        for exercise in run.plan.exercises {
            html.append("<h2>\(JUnitReport.escape("\(exercise.id) \(exercise.title)"))</h2>")
            html.append("<ul>")
            for (check, result) in run.checks(of: exercise) {
                let points = result.status == .passed ? check.points : 0
                var item =
                    #"<li><span class="\#(result.status.rawValue)">\#(JUnitReport.escape(result.status.words))</span> \#(JUnitReport.escape(check.name)) <span class="dim">(\#(check.kind.rawValue)\#(check.hidden ? ", hidden" : ""), \#(points)/\#(check.points))</span>"#
                if result.status != .passed {
                    let detail = [
                        result.message, result.input.map { "input:    \($0)" },
                        result.expected.map { "expected: \($0)" },
                        result.actual.map { "got:      \($0)" }, result.output.map { "output:\n\($0)" },
                        result.status == .notStarted ? nil : "why it matters: \(check.why)",
                    ].compactMap { $0 }.joined(separator: "\n")
                    if !detail.isEmpty { item += "<pre>\(JUnitReport.escape(detail))</pre>" }
                }
                html.append(item + "</li>")
            }
            html.append("</ul>")
        }
        if let files = run.submission {
            html.append("<h2>Files</h2><ul>")
            for line in files.lines { html.append("<li>\(JUnitReport.escape(line))</li>") }
            html.append("</ul>")
        }
        if let confinement = run.confinement {
            html.append(
                "<h2>Sandbox</h2><p>The candidate's code ran in a process of its own: \(JUnitReport.escape(confinement)).</p>"
            )
        }
        if let similarity = run.similarity { html += self.similarity(similarity) }
        html += ["</body>", "</html>", ""]
        return html.joined(separator: "\n")
    }

    /// The similarity table, then each flagged comparison's matched lines side by side.
    static func similarity(_ findings: SubmissionSimilarity) -> [String] {
        let e = JUnitReport.escape
        var html = [
            "<h2>Similarity</h2>",
            #"<p class="dim">The share of each file's own code (the starter set aside) found in the reference and in the closest other kept card; flagged at \#(SubmissionSimilarity.percent(findings.threshold)) or more (winnowed \#(findings.k)-token fingerprints, window \#(findings.window)).</p>"#,
            "<table><thead><tr><th>file</th><th>reference</th><th>closest other card</th></tr></thead><tbody>",
        ]
        for file in findings.files {
            let reference = file.reference.comparison
            let other = file.closest.map {
                "\(e($0.candidate)) \(SubmissionSimilarity.percent($0.comparison.comparison.score))"
            }
            html.append(
                "<tr><td>\(e(file.name))</td><td\(reference.isFlagged ? #" class="flag""# : "")>\(SubmissionSimilarity.percent(reference.score))\(file.reference.b == file.name ? "" : " (\(e(file.reference.b)))")</td><td\(file.closest?.comparison.comparison.isFlagged == true ? #" class="flag""# : "")>\(other ?? "—")</td></tr>"
            )
        }
        html.append("</tbody></table>")
        func lines(_ text: String?, _ range: ClosedRange<Int>) -> String {
            let all = (text ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            return range.compactMap { number in
                number <= all.count ? String(format: "%4d  ", number) + all[number - 1] : nil
            }.map(e).joined(separator: "\n")
        }
        for file in findings.files {
            var sides: [(title: String, comparison: FileComparison, text: String?)] = []
            if file.reference.comparison.isFlagged {
                sides.append(
                    ("the reference's \(file.reference.b)", file.reference, findings.texts.reference[file.reference.b]))
            }
            if let other = file.closest, other.comparison.comparison.isFlagged {
                sides.append(
                    ("\(other.candidate)'s \(other.comparison.b)", other.comparison, findings.texts.others[file.name]))
            }
            for side in sides {
                html.append("<h3>\(e(file.name)) and \(e(side.title))</h3>")
                for region in side.comparison.comparison.regions {
                    html.append(
                        #"<div class="pair"><pre>\#(lines(findings.texts.candidate[file.name], region.a))</pre><pre>\#(lines(side.text, region.b))</pre></div>"#
                    )
                }
            }
        }
        return html
    }

    static let style = """
        body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
        h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .25rem;break-after:avoid}
        table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}
        ul{list-style:none;padding-left:0}li{margin:.2rem 0;break-inside:avoid}
        pre{white-space:pre-wrap;background:#f6f6f6;border-left:3px solid #c33;padding:.4rem .6rem;margin:.3rem 0 .6rem}
        .passed{color:#176317;font-weight:600}.failed,.crashed,.timedOut{color:#b11;font-weight:600}
        .notStarted,.skipped,.dim{color:#777}.flag{color:#b11;font-weight:600}h3{font-size:1rem;margin:1rem 0 .25rem}
        .pair{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}.pair pre{border-left-color:#c80;overflow-x:auto;font-size:12px}
        @media print{body{margin:0;max-width:none;font-size:11pt}pre{background:none;border-left:2px solid #000}}
        """

}
