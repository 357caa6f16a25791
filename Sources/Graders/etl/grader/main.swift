// The ETL chapter's trusted grader: the checks and the reference, with the learner's code reached
// only through proxies to the sandboxed learner runner.
import ETL
import ETLChecks
import ETLSolution
import Grading

let reference = ETLImplementations(
    normalizer: ETLSolution.ContactNormalizer(), sql: ETLSolution.ContactSQL(),
    incremental: ETLSolution.IncrementalLoader(), changes: ETLSolution.ChangeApplier())

GraderProcess.main(errorTypes: ETLImplementations.remoteErrorTypes) { peer in
    ETLChecks.catalogue(learner: .remote(peer), reference: reference)
}
