import Grading
import Testing

/// The supervisor's decisions, driven with made-up instants: no process, no real time.
@Suite struct SupervisorMachineTests {
    static let plan = Plan(
        chapter: "demo",
        exercises: [.init(id: "demo/1", number: 1, title: "One", files: ["One.swift"], points: 3)],
        checks: (0..<3).map {
            PlannedCheck(exercise: "demo/1", name: "check \($0)", kind: .example, points: 1, why: "why")
        })
    let t0 = ContinuousClock.now

    func at(_ seconds: Int) -> ContinuousClock.Instant { t0 + .seconds(seconds) }

    func reports(_ actions: [SupervisorMachine.Action]) -> [Int] {
        actions.compactMap { if case .report(let index, _, _) = $0 { index } else { nil } }
    }

    @Test func aCleanRunFinishesWithEveryResult() {
        var machine = SupervisorMachine(checkTimeout: .seconds(3))
        #expect(machine.begin(now: at(0)) == [.start(from: 0), .waitUntil(at(30))])
        _ = machine.handle(
            .event(.plan(schemaVersion: GraderEvent.schemaVersion, seed: 1, plan: Self.plan)), now: at(0))
        for index in 0..<3 {
            #expect(machine.handle(.event(.started(index: index)), now: at(index)) == [.waitUntil(at(index + 3))])
            let actions = machine.handle(
                .event(.finished(index: index, result: .init(status: .passed))), now: at(index))
            #expect(reports(actions) == [index])
        }
        _ = machine.handle(.event(.done), now: at(3))
        let end = machine.handle(.ended(reason: "exit code 0", stderr: nil), now: at(3))
        #expect(end == [.finish(plan: Self.plan, results: Array(repeating: .init(status: .passed), count: 3))])
    }

    @Test func theLatestConfinementIsKeptAndWaitsAsItsPlaceInTheRunSays() {
        var machine = SupervisorMachine(checkTimeout: .seconds(3))
        _ = machine.begin(now: at(0))
        #expect(machine.handle(.event(.confinement("first")), now: at(0)) == [.waitUntil(at(30))])
        _ = machine.handle(
            .event(.plan(schemaVersion: GraderEvent.schemaVersion, seed: 1, plan: Self.plan)), now: at(0))
        _ = machine.handle(.event(.started(index: 0)), now: at(1))
        // A restarted grader reports its runner again; mid-check the check's deadline holds.
        #expect(machine.handle(.event(.confinement("second")), now: at(1)) == [.waitUntil(at(4))])
        #expect(machine.confinement == "second")
    }

    @Test func aHangIsKilledAtItsDeadlineAndGradingResumesAfterIt() {
        var machine = SupervisorMachine(checkTimeout: .seconds(3))
        _ = machine.begin(now: at(0))
        _ = machine.handle(
            .event(.plan(schemaVersion: GraderEvent.schemaVersion, seed: 1, plan: Self.plan)), now: at(0))
        _ = machine.handle(.event(.started(index: 0)), now: at(0))
        #expect(machine.handle(.deadlinePassed, now: at(3)) == [.kill, .waitUntil(at(8))])
        let after = machine.handle(.ended(reason: "signal 9", stderr: nil), now: at(3))
        #expect(reports(after) == [0])
        #expect(after.contains(.start(from: 1)))
        guard case .report(_, _, let result) = after.first else { return #expect(Bool(false)) }
        #expect(result.status == .timedOut)
    }

    @Test func aCrashIsAttributedToItsCheckAndTheLastCheckEndsTheRun() {
        var machine = SupervisorMachine(checkTimeout: .seconds(3))
        _ = machine.begin(now: at(0))
        _ = machine.handle(
            .event(.plan(schemaVersion: GraderEvent.schemaVersion, seed: 1, plan: Self.plan)), now: at(0))
        _ = machine.handle(.event(.started(index: 2)), now: at(0))
        let after = machine.handle(.ended(reason: "signal 4", stderr: "Fatal error: boom"), now: at(1))
        guard case .report(2, _, let result) = after.first, case .finish(_, let results) = after.last else {
            return #expect(Bool(false), "\(after)")
        }
        #expect(result.status == .crashed)
        #expect(result.message?.contains("signal 4") == true)
        #expect(results[0].message == "no result: the grader never reached this check")
    }

    @Test func aGraderThatNeverSpeaksOrSpeaksAnotherSchemaIsAnError() {
        var silent = SupervisorMachine(checkTimeout: .seconds(3))
        _ = silent.begin(now: at(0))
        _ = silent.handle(.deadlinePassed, now: at(30))
        guard case .fail(let message) = silent.handle(.ended(reason: "signal 9", stderr: nil), now: at(30)).last else {
            return #expect(Bool(false))
        }
        #expect(message.contains("sent nothing"))
        var other = SupervisorMachine(checkTimeout: .seconds(3))
        _ = other.begin(now: at(0))
        let actions = other.handle(.event(.plan(schemaVersion: 1, seed: 1, plan: Self.plan)), now: at(0))
        guard case .fail(let refusal) = actions.last else { return #expect(Bool(false)) }
        #expect(refusal.contains("schema 1"))
    }
}
