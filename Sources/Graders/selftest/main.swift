// A grader whose checks end in every possible way, so that the engine's tests can prove the
// supervisor isolates traps and infinite loops and reports each outcome.
import Foundation
import Grading

let catalogue = Catalogue(
    chapter: "selftest",
    exercises: [
        Exercise(
            number: 1, title: "Outcomes", files: ["Outcomes.swift"],
            checks: [
                Check("passes", kind: .example, points: 1, why: "a pass") { _ in },
                Check("fails with a counterexample", kind: .example, points: 2, why: "a failure") { _ in
                    throw CheckFailure("wrong answer", input: "2 + 2", expected: "4", actual: "5")
                },
                Check("prints and fails", kind: .example, points: 1, why: "output is captured") { _ in
                    print("hello from learner code")
                    throw CheckFailure("failed after printing")
                },
                Check("calls todo()", kind: .example, points: 1, why: "the starter marker") { _ in todo() },
                Check("throws Unimplemented", kind: .example, points: 1, why: "the starter marker") { _ in
                    throw Unimplemented()
                },
            ]),
        Exercise(
            number: 2, title: "Disasters", files: ["Disasters.swift"],
            checks: [
                Check("traps", kind: .scenario, points: 1, why: "a trap is isolated") { _ in
                    let values: [Int] = []
                    _ = values[ProcessInfo.processInfo.processIdentifier == 0 ? 0 : 1]
                },
                Check("hangs", kind: .scenario, points: 1, why: "a hang is stopped", timeLimit: .milliseconds(300)) {
                    _ in
                    while ProcessInfo.processInfo.processIdentifier != 0 { usleep(1000) }
                },
                Check("passes after the disasters", kind: .example, points: 1, why: "grading goes on") { _ in },
            ]),
        Exercise(
            number: 3, title: "Properties", files: ["Properties.swift"],
            checks: [
                Check("shrinks to the smallest difference", kind: .property, points: 3, why: "minimal counterexamples")
                { context in
                    try context.forAll(
                        Property<Int>(generate: { Int.random(in: 0...100_000, using: &$0) }, shrink: Shrink.integer),
                        learner: { $0 < 1000 ? $0 : $0 + 1 }, reference: { $0 })
                }
            ]),
        Exercise(
            number: 4, title: "Engine features", files: ["Features.swift"],
            checks: [
                Check("skips without its tool", kind: .scenario, points: 1, why: "a missing toolchain is named") { _ in
                    try requireTool("workbook-no-such-tool", install: "apt install workbook-no-such-tool")
                },
                Check.awaiting("awaits a subprocess", kind: .scenario, points: 1, why: "async scenarios") { _ in
                    try await Task.sleep(for: .milliseconds(5))
                    let echo = try Subprocess.run("echo", ["from a subprocess"], timeLimit: .seconds(10))
                    try requireEqual(echo.outputText, "from a subprocess\n", "the subprocess's output")
                },
                Check(
                    "computes past its own limit", kind: .scenario, points: 1, why: "per-check limits",
                    timeLimit: .milliseconds(50)
                ) { _ in
                    while ProcessInfo.processInfo.processIdentifier != 0 {}
                },
            ]),
    ])

GraderProcess.main(catalogue)
