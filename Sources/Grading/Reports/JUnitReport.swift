/// The run as JUnit XML: one `testsuite` per exercise, one `testcase` per check. Failures are
/// `failure`, crashes and time-outs `error`, checks not started `skipped`.
public enum JUnitReport {
    /// The XML document.
    public static func render(_ run: RunResult) -> String {
        var xml = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
        let seconds = Double(run.elapsed.components.seconds) + Double(run.elapsed.components.attoseconds) / 1e18
        let failures = run.results.filter { $0.status == .failed }.count
        let errors = run.results.filter { $0.status == .crashed || $0.status == .timedOut }.count
        let skipped = run.results.filter { $0.status == .notStarted || $0.status == .skipped }.count
        xml.append(
            #"<testsuites name="\#(escape(run.plan.chapter))" tests="\#(run.results.count)" failures="\#(failures)" errors="\#(errors)" skipped="\#(skipped)" time="\#(seconds)">"#
        )
        // What was graded, on every suite (a CI may show one suite at a time).
        let files =
            ((run.submission?.lines ?? []).map { #"<property name="files" value="\#(escape($0))"/>"# }
            + (run.similarity?.lines ?? []).map { #"<property name="similarity" value="\#(escape($0))"/>"# }
            + (run.confinement.map { [#"<property name="sandbox" value="\#(escape($0))"/>"#] } ?? [])).joined()
        for exercise in run.plan.exercises {
            let checks = run.checks(of: exercise)
            let f = checks.filter { $0.1.status == .failed }.count
            let e = checks.filter { $0.1.status == .crashed || $0.1.status == .timedOut }.count
            let s = checks.filter { $0.1.status == .notStarted || $0.1.status == .skipped }.count
            xml.append(
                #"  <testsuite name="\#(escape("\(exercise.id) \(exercise.title)"))" tests="\#(checks.count)" failures="\#(f)" errors="\#(e)" skipped="\#(s)">"#
            )
            xml.append(
                #"    <properties><property name="seed" value="\#(run.seed)"/><property name="points" value="\#(run.points(of: exercise))/\#(exercise.points)"/>\#(files)</properties>"#
            )
            for (check, result) in checks {
                let time = (result.milliseconds ?? 0) / 1000
                let open =
                    #"    <testcase classname="\#(escape(exercise.id))" name="\#(escape(check.name))" time="\#(time)""#
                let detail = [
                    result.input.map { "input: \($0)" }, result.expected.map { "expected: \($0)" },
                    result.actual.map { "got: \($0)" }, "why it matters: \(check.why)",
                ].compactMap { $0 }.joined(separator: "\n")
                let message = escape(result.message ?? "")
                switch result.status {
                case .passed:
                    xml.append(open + "/>")
                case .failed:
                    xml.append(open + ">")
                    xml.append(#"      <failure message="\#(message)" type="failed">\#(escape(detail))</failure>"#)
                case .crashed, .timedOut:
                    xml.append(open + ">")
                    xml.append(
                        #"      <error message="\#(message)" type="\#(result.status.rawValue)">\#(escape(detail))</error>"#
                    )
                case .notStarted:
                    xml.append(open + ">")
                    xml.append(#"      <skipped message="not started"/>"#)
                case .skipped:
                    xml.append(open + ">")
                    xml.append(#"      <skipped message="\#(message)"/>"#)
                }
                if result.status != .passed {
                    if let output = result.output { xml.append("      <system-out>\(escape(output))</system-out>") }
                    xml.append("    </testcase>")
                }
            }
            xml.append("  </testsuite>")
        }
        xml.append("</testsuites>")
        return xml.joined(separator: "\n") + "\n"
    }

    /// Escapes text for XML attributes and content; drops characters XML 1.0 forbids.
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

extension JUnitReport {
    /// The report when the learner's code does not compile: one test case in error.
    public static func renderError(chapter: String, message: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites name="\(escape(chapter))" tests="1" failures="0" errors="1" skipped="0">
          <testsuite name="\(escape(chapter)) build" tests="1" failures="0" errors="1" skipped="0">
            <testcase classname="\(escape(chapter))" name="compiles">
              <error message="does not compile" type="compile">\(escape(message))</error>
            </testcase>
          </testsuite>
        </testsuites>

        """
    }
}
