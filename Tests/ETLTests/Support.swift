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
