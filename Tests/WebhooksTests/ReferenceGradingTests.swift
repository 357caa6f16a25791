import Foundation
import Grading
import Testing
import WebhooksChecks

@Suite struct ReferenceGradingTests {
    /// The CLI lists exercises from the committed plan, not from the catalogue it does not link.
    @Test func theCommittedPlanIsTheCatalogues() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let problem = WebhookChecks.plan.committedCopyProblem(root: root)
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test(arguments: [1, 2, 99] as [UInt64])
    func referenceGetsFullMarks(seed: UInt64) {
        // Full marks; 100 points in a learner's practice runs, hidden checks in every exercise.
        #expect(grade(reference, seed: seed).referenceProblems() == [])
    }

    @Test func everyExerciseHasSeveralChecksAndAllThreeKindsAppear() {
        let plan = WebhookChecks.plan
        #expect(plan.exercises.map(\.number) == [1, 2, 3, 4, 5])
        for exercise in plan.exercises {
            #expect(plan.checks.filter { $0.exercise == exercise.id }.count >= 3, "\(exercise.id)")
        }
        #expect(Set(plan.checks.map(\.kind)) == [.example, .property, .scenario])
        #expect(
            Set(plan.checks.map { "\($0.exercise) \($0.name)" }).count == plan.checks.count, "check names are unique")
    }
}
