import Foundation
import Grading
import WebhookSolution
import Webhooks
import WebhooksChecks

/// The reference implementations of every exercise.
let reference = WebhookImplementations(
    comparer: ConstantTimeComparer(), parser: HeaderParser(), signatures: SignatureVerifier(),
    window: TimestampWindow(), makeMemoryStore: { MemoryNonceStore(capacity: $0) },
    makeSQLiteStore: { try SQLiteNonceStore(path: $0, capacity: $1) },
    makeVerifier: { ReplayProtectedVerifier(configuration: $0) })

/// Grades `learner` in-process with the chapter's checks against the reference.
func grade(_ learner: WebhookImplementations, seed: UInt64 = 7) -> RunResult {
    GraderProcess.gradeInProcess(
        WebhookChecks.catalogue(learner: learner, reference: reference), seed: seed, cases: 150)
}
