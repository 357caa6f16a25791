// The webhook chapter's grader: the learner's code and the reference, handed to the checks.
import Grading
import WebhookExercise
import WebhookSolution
import WebhooksChecks

let learner = WebhookImplementations(
    comparer: WebhookExercise.ConstantTimeComparer(), parser: WebhookExercise.HeaderParser(),
    signatures: WebhookExercise.SignatureVerifier(), window: WebhookExercise.TimestampWindow(),
    makeMemoryStore: { WebhookExercise.MemoryNonceStore(capacity: $0) },
    makeSQLiteStore: { try WebhookExercise.SQLiteNonceStore(path: $0, capacity: $1) },
    makeVerifier: { WebhookExercise.ReplayProtectedVerifier(configuration: $0) })

let reference = WebhookImplementations(
    comparer: WebhookSolution.ConstantTimeComparer(), parser: WebhookSolution.HeaderParser(),
    signatures: WebhookSolution.SignatureVerifier(), window: WebhookSolution.TimestampWindow(),
    makeMemoryStore: { WebhookSolution.MemoryNonceStore(capacity: $0) },
    makeSQLiteStore: { try WebhookSolution.SQLiteNonceStore(path: $0, capacity: $1) },
    makeVerifier: { WebhookSolution.ReplayProtectedVerifier(configuration: $0) })

GraderProcess.main(WebhookChecks.catalogue(learner: learner, reference: reference))
