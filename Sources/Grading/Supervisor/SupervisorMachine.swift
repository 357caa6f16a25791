/// The supervisor's decisions, without I/O or a clock of its own: it is told what the grader did
/// and when, and answers with what to do. `GraderSupervisor` is the thin shell that reads the
/// grader's stream and carries the actions out; tests drive this type with made-up instants.
public struct SupervisorMachine: Sendable {
    /// What the shell observed.
    public enum Input: Sendable, Equatable {
        /// A line of the grader's stream, decoded.
        case event(GraderEvent)
        /// A line that is not an event (ignored: learner output never reaches this stream).
        case unreadable
        /// The deadline passed with nothing read.
        case deadlinePassed
        /// The grader's stream ended and the process exited (`reason`: signal or code).
        case ended(reason: String, stderr: String?)
    }

    /// What the shell must do, in order.
    public enum Action: Sendable, Equatable {
        /// Wait for the next input until this instant.
        case waitUntil(ContinuousClock.Instant)
        /// Tell the user a check ended.
        case report(index: Int, check: PlannedCheck, result: CheckResult)
        /// Kill the grader (its `ended` follows).
        case kill
        /// Start a fresh grader at this check.
        case start(from: Int)
        /// Stop: every check has a result (in plan order).
        case finish(plan: Plan, results: [CheckResult])
        /// Stop: grading could not happen.
        case fail(String)
    }

    /// How long one check may run before the grader is killed.
    public let checkTimeout: Duration
    /// How long the grader may take to send its plan or start the next check.
    public let startupTimeout: Duration

    private(set) var plan: Plan?
    /// How the learner runner was confined, as the last grader reported it.
    public private(set) var confinement: String?
    private var results: [Int: CheckResult] = [:]
    private var from: Int
    private var current: Int?
    private var sawDone = false
    private var killedForTime = false

    /// A machine that grades from check `from` on.
    public init(from: Int = 0, checkTimeout: Duration, startupTimeout: Duration = .seconds(30)) {
        self.from = from
        self.checkTimeout = checkTimeout
        self.startupTimeout = startupTimeout
    }

    /// The first actions: start a grader and wait for its plan.
    public mutating func begin(now: ContinuousClock.Instant) -> [Action] {
        [.start(from: from), .waitUntil(now + startupTimeout)]
    }

    /// The actions for what the shell observed at `now`.
    public mutating func handle(_ input: Input, now: ContinuousClock.Instant) -> [Action] {
        switch input {
        case .unreadable:
            return [.waitUntil(now + (current == nil ? startupTimeout : checkTimeout))]
        case .event(.plan(let version, _, let sent)):
            guard version == GraderEvent.schemaVersion else {
                return [
                    .kill,
                    .fail(
                        "the grader speaks event schema \(version), this workbook \(GraderEvent.schemaVersion): rebuild it (`swift build`)"
                    ),
                ]
            }
            if plan == nil { plan = sent }
            return [.waitUntil(now + startupTimeout)]
        case .event(.started(let index)):
            current = index
            return [.waitUntil(now + checkTimeout)]
        case .event(.finished(let index, let result)):
            current = nil
            guard let plan, plan.checks.indices.contains(index) else { return [.waitUntil(now + startupTimeout)] }
            results[index] = result
            return [.report(index: index, check: plan.checks[index], result: result), .waitUntil(now + startupTimeout)]
        case .event(.done):
            sawDone = true
            return [.waitUntil(now + startupTimeout)]
        case .event(.confinement(let text)):
            confinement = text
            return [.waitUntil(now + (current == nil ? startupTimeout : checkTimeout))]
        case .deadlinePassed:
            killedForTime = true
            return [.kill, .waitUntil(now + .seconds(5))]
        case .ended(let reason, let stderr):
            return ended(reason: reason, stderr: stderr, now: now)
        }
    }

    private mutating func ended(reason: String, stderr: String?, now: ContinuousClock.Instant) -> [Action] {
        defer {
            killedForTime = false
            sawDone = false
        }
        let suffix = stderr.map { ":\n" + $0 } ?? ""
        guard let plan else {
            return [
                .fail(
                    killedForTime
                        ? "the grader sent nothing for \(startupTimeout) and was stopped\(suffix)"
                        : "the grader exited before sending its plan (\(reason))\(suffix)")
            ]
        }
        if sawDone { return [.finish(plan: plan, results: ordered(plan))] }
        var actions: [Action] = []
        if let index = current {
            let result =
                killedForTime
                ? CheckResult(
                    status: .timedOut,
                    message:
                        "timed out after \(checkTimeout.inSeconds.formatted()) s (an infinite loop, a deadlock, or far too slow); the grader was stopped and restarted after this check",
                    output: stderr, milliseconds: checkTimeout.inSeconds * 1000)
                : CheckResult(
                    status: .crashed,
                    message:
                        "crashed: the grader process died in this check (\(reason)); the remaining checks ran in a fresh process",
                    output: stderr)
            results[index] = result
            actions.append(.report(index: index, check: plan.checks[index], result: result))
        } else if killedForTime {
            return [.fail("the grader sent nothing for \(startupTimeout) and was stopped\(suffix)")]
        }
        // Resume after the furthest check this grader reached; one that reached none is broken.
        guard let reached = current ?? results.keys.filter({ $0 >= from }).max() else {
            return actions + [.fail("the grader stopped before running a check")]
        }
        current = nil
        from = reached + 1
        if from >= plan.checks.count { return actions + [.finish(plan: plan, results: ordered(plan))] }
        return actions + [.start(from: from), .waitUntil(now + startupTimeout)]
    }

    private func ordered(_ plan: Plan) -> [CheckResult] {
        plan.checks.indices.map {
            results[$0] ?? CheckResult(status: .crashed, message: "no result: the grader never reached this check")
        }
    }
}
