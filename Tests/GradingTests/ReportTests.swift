import Foundation
import FoundationXML
import Grading
import Testing

@Suite struct ReportTests {
    var run: RunResult { SupervisorTests.run }

    @Test func jsonReportHasExercismShapeWithPoints() throws {
        let data = Data(JSONReport.render(run).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["version"] as? Int == 3)
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["status"] as? String == "fail")
        #expect(object["points"] as? Int == 3)
        #expect(object["maxPoints"] as? Int == 15)
        #expect(object["seed"] as? String == "42")
        let tests = try #require(object["tests"] as? [[String: Any]])
        #expect(tests.count == 12)
        #expect(
            tests.map { $0["status"] as? String } == [
                "pass", "fail", "fail", "fail", "fail", "error", "error", "pass", "fail", "error", "pass", "error",
            ])
        #expect(tests[0]["name"] as? String == "selftest/1 passes")
        #expect(tests[2]["output"] as? String == "hello from learner code\n")
        #expect(tests[3]["outcome"] as? String == "notStarted")
    }

    @Test func junitReportIsWellFormedXML() throws {
        let xml = JUnitReport.render(run)
        let parser = XMLParser(data: Data(xml.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(xml.contains(#"<testsuites name="selftest" tests="12" failures="3" errors="3" skipped="3""#))
        #expect(xml.contains("<skipped message=\"not started\"/>"))
    }

    @Test func junitEscapesHostileText() {
        #expect(JUnitReportProbe.escape("<a href=\"x\">&'\u{1}") == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\\u{1}")
    }

    @Test func textReportShowsCounterexampleWhyAndSeedWithoutColour() {
        let text = TextReport.render(run, replayCommand: "workbook run selftest", style: Style(isEnabled: false))
        #expect(text.contains("input:    2 + 2"))
        #expect(text.contains("expected: 4"))
        #expect(text.contains("got:      5"))
        #expect(text.contains("why it matters: a failure"))
        #expect(text.contains("Score: 3/15 points"))
        #expect(text.contains("workbook run selftest --seed 42"))
        #expect(!text.contains("\u{1B}["))
    }

    @Test func colourOnlyWhenEnabledAndNeverWithNoColor() {
        #expect(Style(isEnabled: true).good("x") == "\u{1B}[32mx\u{1B}[0m")
        #expect(Style.forStandardOutput(environment: ["NO_COLOR": "1"]).isEnabled == false)
    }
}

/// Reaches the escaping helper through the report's public output.
enum JUnitReportProbe {
    static func escape(_ text: String) -> String {
        let run = RunResult(
            plan: Plan(chapter: text, exercises: [], checks: []), seed: 1, results: [])
        let xml = JUnitReport.render(run)
        let start = xml.range(of: "<testsuites name=\"")!.upperBound
        let end = xml[start...].range(of: "\" tests=")!.lowerBound
        return String(xml[start..<end])
    }
}
