import Foundation

/// The machine report, in the shape of Exercism's test-runner `results.json` (version 3: a
/// top-level status, then per test its name, status, message and output in declaration order),
/// with points, the seed and the exercise of each check added.
public enum JSONReport {
    /// The JSON card's shape: `render` writes it, `workbook scorecards` reads it back.
    package struct Document: Codable {
        package struct Test: Codable {
            package var name: String
            package var status: String
            package var outcome: String
            package var message: String?
            package var output: String?
            package var task_id: Int
            package var exercise: String
            package var kind: String
            package var points: Int
            package var maxPoints: Int
            package var input: String?
            package var expected: String?
            package var actual: String?
            package var why: String
            package var hidden: Bool
        }
        package struct ExerciseSummary: Codable {
            package var id: String
            package var title: String
            package var status: String
            package var points: Int
            package var maxPoints: Int
        }
        package var schemaVersion = 1
        package var version = 3
        package var chapter: String
        package var status: String
        package var message: String?
        package var seed: String
        package var points: Int
        package var maxPoints: Int
        package var exercises: [ExerciseSummary]
        package var tests: [Test]
        package var files: SubmissionFiles?
        package var candidate: String?
        package var graded: String?
        package var similarity: SubmissionSimilarity?
        package var sandbox: String?
    }

    /// Exercism's word for a status: pass, fail or error.
    static func exercismStatus(_ status: CheckResult.Status) -> String {
        switch status {
        case .passed: "pass"
        case .failed, .notStarted: "fail"
        case .crashed, .timedOut, .skipped: "error"
        }
    }

    /// The report as one JSON document.
    public static func render(_ run: RunResult) -> String {
        let numbers = Dictionary(uniqueKeysWithValues: run.plan.exercises.map { ($0.id, $0.number) })
        let tests = zip(run.plan.checks, run.results).map { check, result in
            Document.Test(
                name: "\(check.exercise) \(check.name)", status: exercismStatus(result.status),
                outcome: result.status.rawValue,
                message: result.status == .passed
                    ? nil
                    : [
                        result.message, result.input.map { "input: \($0)" }, result.expected.map { "expected: \($0)" },
                        result.actual.map { "got: \($0)" },
                    ].compactMap { $0 }.joined(separator: "\n"),
                output: result.output, task_id: numbers[check.exercise] ?? 0, exercise: check.exercise,
                kind: check.kind.rawValue, points: result.status == .passed ? check.points : 0, maxPoints: check.points,
                input: result.input, expected: result.expected, actual: result.actual, why: check.why,
                hidden: check.hidden)
        }
        let overall = run.results.allSatisfy { $0.status == .passed } ? "pass" : "fail"
        let document = Document(
            chapter: run.plan.chapter, status: overall, message: nil, seed: String(run.seed), points: run.points,
            maxPoints: run.maxPoints,
            exercises: run.plan.exercises.map {
                .init(
                    id: $0.id, title: $0.title, status: run.status(of: $0).rawValue, points: run.points(of: $0),
                    maxPoints: $0.points)
            },
            tests: tests, files: run.submission, candidate: run.candidate, graded: run.graded,
            similarity: run.similarity, sandbox: run.confinement)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension JSONReport {
    /// The report when the learner's code does not compile: Exercism's top-level `error` status
    /// with the compiler's message, and no tests.
    public static func renderError(chapter: String, message: String) -> String {
        let document: [String: Any] = [
            "schemaVersion": 1, "version": 3, "chapter": chapter, "status": "error", "message": message,
            "points": 0, "tests": [] as [Any],
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
