/// The outcome of one check.
public struct CheckResult: Codable, Sendable, Equatable {
    /// How a check ended.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case passed, failed, notStarted, crashed, timedOut
        /// The check needs a tool this machine lacks (Node.js, a JDK); its message says what to
        /// install. It earns no points: CI, `validate` and `verify` count it as a failure.
        case skipped
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
    /// The inputs its example and scenario checks named, when the grading recorded them
    /// (`workbook checks`).
    public var inputs: [String]?

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

/// One line of the trusted grader's output stream to the supervisor: the plan, a check started, a
/// check finished, done. The plan carries the stream's `schemaVersion`; a supervisor refuses a
/// grader that speaks another.
public enum GraderEvent: Codable, Sendable, Equatable {
    /// What will run, sent first so that the supervisor knows every check even if the grader dies.
    case plan(schemaVersion: Int, seed: UInt64, plan: Plan)
    /// The check at this index in the plan started.
    case started(index: Int)
    /// The check at this index ended so.
    case finished(index: Int, result: CheckResult)
    /// Every check ran.
    case done
    /// How the learner runner is confined (`Sandbox.Child.confinement`), for the score card.
    case confinement(String)

    /// The version of the stream this build speaks.
    public static let schemaVersion = 4
}
