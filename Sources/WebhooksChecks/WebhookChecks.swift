import Foundation
import Grading
import Webhooks

/// The webhook chapter's graded checks, generic over the contracts: they never import the
/// learner's or the reference's code, which the grader hands in.
public enum WebhookChecks {
    /// The chapter's name.
    public static let chapter = "webhook"

    /// The five exercises with their checks.
    public static func catalogue(learner: WebhookImplementations, reference: WebhookImplementations) -> Catalogue {
        Catalogue(
            chapter: chapter,
            exercises: [
                Exercise(
                    number: 1, title: "Constant-time comparison", files: ["ConstantTime.swift"],
                    checks: Check.withFreshSeeds(comparisonChecks(learner: learner, reference: reference))),
                Exercise(
                    number: 2, title: "Parsing signature headers and secrets", files: ["HeaderParser.swift"],
                    checks: Check.withFreshSeeds(parsingChecks(learner: learner, reference: reference))),
                Exercise(
                    number: 3, title: "Verifying against a key store", files: ["SignatureVerifier.swift"],
                    checks: Check.withFreshSeeds(signatureChecks(learner: learner, reference: reference))),
                Exercise(
                    number: 4, title: "The timestamp window", files: ["TimestampWindow.swift"],
                    checks: Check.withFreshSeeds(windowChecks(learner: learner, reference: reference))),
                Exercise(
                    number: 5, title: "Replay protection",
                    files: ["MemoryNonceStore.swift", "SQLiteNonceStore.swift", "ReplayProtectedVerifier.swift"],
                    checks: replayChecks(learner: learner, reference: reference)
                        + [hiddenStoreCheck(learner: learner, reference: reference)]),
            ])
    }
}

extension WebhookChecks {
    /// The exercises and checks without any implementation: titles, files and points, for the
    /// CLI's lists and progress.
    public static var plan: Plan {
        catalogue(learner: .unavailable, reference: .unavailable).plan
    }
}

extension WebhookImplementations {
    /// Stands in where only the catalogue's shape is needed; every call throws `Unimplemented`.
    static var unavailable: WebhookImplementations {
        WebhookImplementations(
            comparer: Unavailable(), parser: Unavailable(), signatures: Unavailable(), window: Unavailable(),
            makeMemoryStore: { _ in Unavailable() }, makeSQLiteStore: { _, _ in throw Unimplemented() },
            makeVerifier: { _ in Unavailable() })
    }
}

private struct Unavailable: SignatureComparing, SignatureHeaderParsing, SignatureVerifying, TimestampChecking,
    NonceStoring, WebhookVerifying
{
    func isEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool where A.Element == UInt8, B.Element == UInt8 {
        todo()
    }
    func parse(_ headers: HTTPHeaders, scheme: WebhookScheme) throws -> SignedMessage { throw Unimplemented() }
    func decodeSecret(_ secret: String, scheme: WebhookScheme) throws -> [UInt8] { throw Unimplemented() }
    func verify(
        _ message: SignedMessage, body: [UInt8], keys: [WebhookKey], now: Date, comparer: any SignatureComparing
    ) throws -> String {
        throw Unimplemented()
    }
    func check(timestamp: Int64, now: Date, tolerance: Duration) throws { throw Unimplemented() }
    func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool { throw Unimplemented() }
    func count() throws -> Int { throw Unimplemented() }
    func verify(_ request: WebhookRequest, now: Date) throws -> VerifiedWebhook { throw Unimplemented() }
}
