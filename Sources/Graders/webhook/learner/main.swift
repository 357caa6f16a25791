// The webhook chapter's learner runner: the learner's files and the contracts, nothing else. It is
// compiled in a package that holds no reference solution and no check.
import LearnerRuntime
import WebhookExercise
import Webhooks

LearnerServer.run(
    WebhookImplementations.services(
        WebhookImplementations(
            comparer: ConstantTimeComparer(), parser: HeaderParser(), signatures: SignatureVerifier(),
            window: TimestampWindow(), makeMemoryStore: { MemoryNonceStore(capacity: $0) },
            makeSQLiteStore: { try SQLiteNonceStore(path: $0, capacity: $1) },
            makeVerifier: { ReplayProtectedVerifier(configuration: $0) })),
    errorTypes: WebhookImplementations.remoteErrorTypes)
