import ETL
import ETLChecks
import ETLSolution
import Grading

/// The reference implementations of every exercise.
let reference = ETLImplementations(
    normalizer: ContactNormalizer(), sql: ContactSQL(), incremental: IncrementalLoader(), changes: ChangeApplier())

/// Grades `learner` in-process against the reference.
func grade(_ learner: ETLImplementations, seed: UInt64 = 7) -> RunResult {
    GraderProcess.gradeInProcess(ETLChecks.catalogue(learner: learner, reference: reference), seed: seed, cases: 100)
}

/// The failing checks of a run, for messages.
func failures(_ run: RunResult) -> String {
    zip(run.plan.checks, run.results).filter { $0.1.status != .passed }
        .map { "\($0.0.exercise) \($0.0.name): \($0.1.status.rawValue) \($0.1.message ?? "") \($0.1.actual ?? "")" }
        .joined(separator: "\n")
}
