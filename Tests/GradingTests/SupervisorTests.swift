import Foundation
import Grading
import Testing

/// The build folder that holds the test runner, and so the self-test grader beside it.
let buildDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()

@Suite(.serialized) struct SupervisorTests {
    static let run: RunResult = {
        var arguments = GraderProcess.Arguments()
        arguments.seed = 42
        let supervisor = GraderSupervisor(
            executable: buildDirectory.appendingPathComponent("grade-selftest"), arguments: arguments,
            // A backstop only: each check's own limit, which the grader enforces, stops it first.
            checkTimeout: .seconds(20))
        return try! supervisor.run()
    }()

    func result(_ name: String) throws -> CheckResult {
        let index = try #require(Self.run.plan.checks.firstIndex { $0.name == name })
        return Self.run.results[index]
    }

    @Test func reportsEveryOutcomeInDeclarationOrder() {
        #expect(
            Self.run.results.map(\.status) == [
                .passed, .failed, .failed, .notStarted, .notStarted, .crashed, .timedOut, .passed, .failed, .skipped,
                .passed, .timedOut,
            ])
    }

    @Test func aFailureCarriesItsCounterexample() throws {
        let failure = try result("fails with a counterexample")
        #expect(failure.message == "wrong answer")
        #expect(failure.input == "2 + 2")
        #expect(failure.expected == "4")
        #expect(failure.actual == "5")
    }

    @Test func learnerOutputIsCapturedPerCheckAndKeptOutOfTheEventStream() throws {
        #expect(try result("prints and fails").output == "hello from learner code\n")
        #expect(try result("passes").output == nil)
    }

    @Test func aTrapIsReportedInItsCheckAndGradingGoesOn() throws {
        let crash = try result("traps")
        #expect(crash.message?.contains("SIGILL") == true || crash.message?.contains("signal") == true)
        #expect(crash.output?.contains("Fatal error") == true || crash.output?.contains("out of range") == true)
        #expect(try result("passes after the disasters").status == .passed)
    }

    @Test func aHangIsStoppedAfterTheLimit() throws {
        let hang = try result("hangs")
        #expect(hang.status == .timedOut)
        #expect(hang.message?.contains("longer than its limit of 0.3 s") == true, "\(hang)")
    }

    @Test func propertyCounterexamplesAreShrunkToTheSmallest() throws {
        let property = try result("shrinks to the smallest difference")
        #expect(property.input == "1000")
        #expect(property.expected == "1000")
        #expect(property.actual == "1001")
    }

    @Test func pointsCountOnlyPassedChecks() {
        #expect(Self.run.points == 3)
        #expect(Self.run.maxPoints == 15)
        let statuses = Self.run.plan.exercises.map { Self.run.status(of: $0) }
        #expect(statuses == [.failed, .crashed, .failed, .timedOut])
    }

    @Test func aCheckWithoutItsToolIsSkippedWithWhatToInstall() throws {
        let skipped = try result("skips without its tool")
        #expect(skipped.status == .skipped)
        #expect(skipped.message?.contains("apt install workbook-no-such-tool") == true, "\(skipped)")
    }

    @Test func asyncChecksAwaitAndRunSubprocesses() throws {
        #expect(try result("awaits a subprocess").status == .passed)
    }

    @Test func theGraderEnforcesEachChecksOwnLimitOnItsOwnWork() throws {
        // 50 ms declared; the supervisor's limit (20 s) is the backstop, not the cause.
        let overrun = try result("computes past its own limit")
        #expect(overrun.status == .timedOut, "\(overrun)")
    }

    @Test func oneExerciseCanBeGradedAlone() throws {
        var arguments = GraderProcess.Arguments()
        arguments.exercises = [3]
        let run = try GraderSupervisor(
            executable: buildDirectory.appendingPathComponent("grade-selftest"), arguments: arguments
        ).run()
        #expect(run.plan.checks.map(\.name) == ["shrinks to the smallest difference"])
        #expect(run.results.count == 1)
    }

    @Test func aMissingGraderIsAClearError() {
        let supervisor = GraderSupervisor(executable: URL(fileURLWithPath: "/nonexistent/grade-x"), arguments: .init())
        #expect(throws: GradingError.self) { try supervisor.run() }
    }
}
