// The ETL chapter's grader: the learner's code and the reference, handed to the checks.
import ETL
import ETLChecks
import ETLExercise
import ETLSolution
import Grading

let learner = ETLImplementations(
    normalizer: ETLExercise.ContactNormalizer(), sql: ETLExercise.ContactSQL(),
    incremental: ETLExercise.IncrementalLoader(), changes: ETLExercise.ChangeApplier())

let reference = ETLImplementations(
    normalizer: ETLSolution.ContactNormalizer(), sql: ETLSolution.ContactSQL(),
    incremental: ETLSolution.IncrementalLoader(), changes: ETLSolution.ChangeApplier())

GraderProcess.main(ETLChecks.catalogue(learner: learner, reference: reference))
