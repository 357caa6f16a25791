import Foundation
import Grading
import Testing

/// What a person reads, compared with committed golden files under Tests/Golden/: the text, JSON
/// and JUnit reports of one fixed run. A mismatch prints a line diff; `WORKBOOK_UPDATE_GOLDEN=1
/// swift test` rewrites them (then read the diff before committing).
@Suite struct GoldenReportTests {
    /// The self-test grader's run with its timings fixed, so that the reports are byte-stable.
    var run: RunResult {
        var run = SupervisorTests.run
        run.elapsed = .milliseconds(1_234)
        for index in run.results.indices { run.results[index].milliseconds = 5 }
        return run
    }

    @Test func textReport() {
        let text = TextReport.render(
            run, replayCommand: "workbook run selftest", style: Style(isEnabled: false), verbose: true)
        #expect(Golden.problem("report.txt", text + "\n") == nil, "\(Golden.problem("report.txt", text + "\n") ?? "")")
    }

    @Test func jsonReport() {
        let json = JSONReport.render(run) + "\n"
        #expect(Golden.problem("report.json", json) == nil, "\(Golden.problem("report.json", json) ?? "")")
    }

    @Test func junitReport() {
        let xml = JUnitReport.render(run) + "\n"
        #expect(Golden.problem("report.xml", xml) == nil, "\(Golden.problem("report.xml", xml) ?? "")")
    }
}

/// The golden files of Tests/Golden/.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static func problem(_ name: String, _ text: String) -> String? {
        CommittedCopy.problem(
            folder.appendingPathComponent(name), expected: text, update: "WORKBOOK_UPDATE_GOLDEN",
            fix: "run `WORKBOOK_UPDATE_GOLDEN=1 swift test`, read the diff and commit it")
    }
}
