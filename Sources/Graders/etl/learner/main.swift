// The ETL chapter's learner runner: the learner's files (Swift and SQL) and the contracts, nothing
// else. It is compiled in a package that holds no reference solution and no check.
import ETL
import ETLExercise
import LearnerRuntime

LearnerServer.run(
    ETLImplementations.services(
        ETLImplementations(
            normalizer: ContactNormalizer(), sql: ContactSQL(), incremental: IncrementalLoader(),
            changes: ChangeApplier())),
    errorTypes: ETLImplementations.remoteErrorTypes)
