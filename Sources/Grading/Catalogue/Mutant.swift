/// A deliberately wrong implementation of a chapter's contracts: the reference with one realistic
/// bug, and the exercise that must lose points for it, and no other. A chapter's tests grade a
/// list of them (`RunResult.mutantProblems`): that is what proves its checks can fail.
public struct Mutant<Implementations: Sendable>: Sendable, CustomStringConvertible {
    /// What the bug is, as a test's name.
    public var name: String
    /// The exercise whose checks must catch it (`webhook/3`).
    public var exercise: String
    /// The reference with the bug in.
    public var implementations: Implementations

    /// `reference`, changed by `change`.
    public init(
        _ name: String, _ exercise: String, from reference: Implementations, _ change: (inout Implementations) -> Void
    ) {
        var implementations = reference
        change(&implementations)
        self.name = name
        self.exercise = exercise
        self.implementations = implementations
    }

    public var description: String { name }
}

extension RunResult {
    /// What is wrong with the reference's run: anything short of full marks, practice runs worth
    /// other than `visiblePoints`, an exercise without a hidden check. Empty when all is well.
    public func referenceProblems(visiblePoints: Int = 100) -> [String] {
        var problems: [String] = []
        if points != maxPoints { problems.append("the reference lost points:\n\(failureSummary)") }
        let visible = plan.filtered(to: [], includingHidden: false).exercises.reduce(0) { $0 + $1.points }
        if visible != visiblePoints {
            problems.append("practice runs are worth \(visible) points, not \(visiblePoints)")
        }
        for exercise in plan.exercises where !plan.checks.contains(where: { $0.exercise == exercise.id && $0.hidden }) {
            problems.append("\(exercise.id) has no hidden check")
        }
        return problems
    }
}
