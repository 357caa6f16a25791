/// The outcome of one check.
public struct CheckResult: Codable, Sendable, Equatable {
    /// How a check ended.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case passed, failed, notStarted, crashed, timedOut
    }

    /// How it ended.
    public var status: Status
    /// Why, in one sentence (empty for a pass).
    public var message: String?
    /// The counterexample's input.
    public var input: String?
    /// What the reference gives for it.
    public var expected: String?
    /// What the learner's code gave.
    public var actual: String?
    /// What the learner's code printed while the check ran (truncated).
    public var output: String?
    /// Wall-clock time of the check, in milliseconds.
    public var milliseconds: Double?

    /// Creates a result.
    public init(
        status: Status, message: String? = nil, input: String? = nil, expected: String? = nil,
        actual: String? = nil, output: String? = nil, milliseconds: Double? = nil
    ) {
        self.status = status
        self.message = message
        self.input = input
        self.expected = expected
        self.actual = actual
        self.output = output
        self.milliseconds = milliseconds
    }
}

/// One line of the grader's output stream: the plan, a check started, a check finished, done.
public struct GraderEvent: Codable, Sendable, Equatable {
    /// Which event this is.
    public enum Kind: String, Codable, Sendable { case plan, started, finished, done }

    public var event: Kind
    /// With `plan`: the run's seed.
    public var seed: UInt64?
    /// With `plan`: what will run.
    public var plan: Plan?
    /// With `started` and `finished`: the check's index in the plan.
    public var index: Int?
    /// With `finished`: the outcome.
    public var result: CheckResult?

    /// Creates an event.
    public init(event: Kind, seed: UInt64? = nil, plan: Plan? = nil, index: Int? = nil, result: CheckResult? = nil) {
        self.event = event
        self.seed = seed
        self.plan = plan
        self.index = index
        self.result = result
    }
}
