import Foundation

/// Terminal styling that turns itself off when output is not a terminal or `NO_COLOR` is set.
public struct Style: Sendable {
    /// Whether escape codes are written.
    public var isEnabled: Bool

    /// Creates a style; colour only when enabled explicitly.
    public init(isEnabled: Bool) { self.isEnabled = isEnabled }

    /// Colour when standard output is a terminal and `NO_COLOR` is unset or empty (no-color.org).
    public static func forStandardOutput(environment: [String: String] = ProcessInfo.processInfo.environment) -> Style {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Style(isEnabled: !noColor && isatty(STDOUT_FILENO) == 1 && environment["TERM"] != "dumb")
    }

    func paint(_ text: String, _ code: String) -> String { isEnabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    /// Green.
    public func good(_ text: String) -> String { paint(text, "32") }
    /// Red.
    public func bad(_ text: String) -> String { paint(text, "31") }
    /// Yellow.
    public func warn(_ text: String) -> String { paint(text, "33") }
    /// Dim.
    public func dim(_ text: String) -> String { paint(text, "2") }
    /// Bold.
    public func bold(_ text: String) -> String { paint(text, "1") }
}

/// The human report of a run.
public enum TextReport {
    /// The symbol and word for a status.
    public static func label(_ status: CheckResult.Status, style: Style) -> String {
        switch status {
        case .passed: style.good("✓ passed")
        case .failed: style.bad("✗ failed")
        case .notStarted: style.dim("· not started")
        case .crashed: style.bad("‼ crashed")
        case .timedOut: style.bad("⧗ timed out")
        case .skipped: style.bad("○ skipped")
        }
    }

    /// One line for a finished check, as the run goes.
    public static func progressLine(_ check: PlannedCheck, _ result: CheckResult, style: Style) -> String {
        "  \(label(result.status, style: style))  \(check.exercise)  \(check.name)"
    }

    /// The whole report: per exercise its points and checks, failures with their counterexample
    /// and why they matter, then the score and the seed.
    public static func render(_ run: RunResult, replayCommand: String, style: Style, verbose: Bool = false) -> String {
        var out: [String] = []
        for exercise in run.plan.exercises {
            let status = run.status(of: exercise)
            let score = "\(run.points(of: exercise))/\(exercise.points) pts"
            out.append("")
            out.append("\(style.bold("\(exercise.id)  \(exercise.title)"))  \(label(status, style: style))  \(score)")
            if status == .notStarted && !verbose {
                out.append(
                    style.dim("    edit Exercises/\(run.plan.chapter)/\(exercise.files.joined(separator: ", "))"))
                continue
            }
            for (check, result) in run.checks(of: exercise) {
                let points = result.status == .passed ? "+\(check.points)" : " 0"
                out.append(
                    "  \(label(result.status, style: style))  \(check.name) \(style.dim("(\(check.kind.rawValue), \(points)/\(check.points))"))"
                )
                guard result.status != .passed else { continue }
                if let message = result.message { out.append(indent(message, by: 6)) }
                if let input = result.input { out.append(indent("input:    " + input, by: 6)) }
                if let expected = result.expected { out.append(indent("expected: " + expected, by: 6)) }
                if let actual = result.actual { out.append(indent("got:      " + actual, by: 6)) }
                if let output = result.output, !output.isEmpty {
                    out.append(indent("output:\n" + indent(output, by: 2), by: 6))
                }
                if result.status != .notStarted { out.append(indent(style.dim("why it matters: " + check.why), by: 6)) }
            }
        }
        out.append("")
        let counts = Dictionary(grouping: run.results, by: \.status).mapValues(\.count)
        let summary = CheckResult.Status.allCases.compactMap { status in
            counts[status].map { "\($0) \(status.words)" }
        }.joined(separator: ", ")
        out.append(style.bold("Score: \(run.points)/\(run.maxPoints) points") + "  (\(summary))")
        for line in run.submission?.lines ?? [] { out.append(style.dim(line)) }
        if verbose, let confinement = run.confinement { out.append(style.dim("sandbox: " + confinement)) }
        for line in run.similarity?.lines ?? [] { out.append(line.hasPrefix("⚑") ? style.warn(line) : style.dim(line)) }
        out.append(style.dim("seed \(run.seed): replay this exact run with `\(replayCommand) --seed \(run.seed)`"))
        return out.joined(separator: "\n")
    }

    static func indent(_ text: String, by spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }
}

extension CheckResult.Status {
    /// Words for counts in a summary line.
    var words: String {
        switch self {
        case .passed: "passed"
        case .failed: "failed"
        case .notStarted: "not started"
        case .crashed: "crashed"
        case .timedOut: "timed out"
        case .skipped: "skipped"
        }
    }
}
