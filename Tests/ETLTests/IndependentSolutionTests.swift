import Grading
import Testing

/// The independently written etl/3 under Independent/ is correct: the similarity tests rely on
/// it as honest work that must not be flagged.
@Suite struct IndependentSolutionTests {
    @Test func independentDedupeScoresFullMarks() throws {
        var learner = reference
        learner.sql = IndependentSQL()
        let run = grade(learner)
        let exercise = try #require(run.plan.exercises.first { $0.id == "etl/3" })
        #expect(
            run.points(of: exercise) == exercise.points, "\(run.checks(of: exercise).map { ($0.0.name, $0.1.message) })"
        )
    }
}
