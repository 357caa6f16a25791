// The webhook chapter's trusted grader: the checks and the reference, with the learner's code
// reached only through proxies to the sandboxed learner runner.
import Grading
import WebhookSolution
import Webhooks
import WebhooksChecks

let reference = WebhookImplementations(
    comparer: WebhookSolution.ConstantTimeComparer(), parser: WebhookSolution.HeaderParser(),
    signatures: WebhookSolution.SignatureVerifier(), window: WebhookSolution.TimestampWindow(),
    makeMemoryStore: { WebhookSolution.MemoryNonceStore(capacity: $0) },
    makeSQLiteStore: { try WebhookSolution.SQLiteNonceStore(path: $0, capacity: $1) },
    makeVerifier: { WebhookSolution.ReplayProtectedVerifier(configuration: $0) })

GraderProcess.main(errorTypes: WebhookImplementations.remoteErrorTypes) { peer in
    WebhookChecks.catalogue(learner: .remote(peer), reference: reference)
}
