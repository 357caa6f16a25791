import Grading
import Testing
import Webhooks

/// The independently written solutions under Independent/ are correct: the similarity tests rely
/// on them as honest work that must not be flagged.
@Suite struct IndependentSolutionTests {
    @Test func independentTimestampWindowScoresFullMarks() throws {
        var learner = reference
        learner.window = IndependentTimestampWindow()
        let run = grade(learner)
        let exercise = try #require(run.plan.exercises.first { $0.id == "webhook/4" })
        #expect(
            run.points(of: exercise) == exercise.points, "\(run.checks(of: exercise).map { ($0.0.name, $0.1.message) })"
        )
    }

    @Test func independentMemoryStoreScoresFullMarks() throws {
        var learner = reference
        learner.makeMemoryStore = { IndependentMemoryNonceStore(capacity: $0) }
        let run = grade(learner)
        let exercise = try #require(run.plan.exercises.first { $0.id == "webhook/5" })
        #expect(
            run.points(of: exercise) == exercise.points, "\(run.checks(of: exercise).map { ($0.0.name, $0.1.message) })"
        )
    }
}
