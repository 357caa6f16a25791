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
        let run = grade(reference, seed: seed)
        #expect(run.points == run.maxPoints, "\(run.failureSummary)")
        // 100 points in a learner's practice runs; hidden checks add what an interviewer grades.
        #expect(run.plan.filtered(to: [], includingHidden: false).exercises.reduce(0) { $0 + $1.points } == 100)
        for exercise in run.plan.exercises {
            #expect(run.plan.checks.contains { $0.exercise == exercise.id && $0.hidden }, "\(exercise.id)")
        }
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
