import Crypto
import Foundation

// What the learner writes, one protocol per exercise. `Exercises/webhook` and `Solutions/webhook`
// conform to these with the same type names; the check catalogue sees only the protocols.

/// Exercise 1: compares a computed MAC with a received one without leaking, through timing, how
/// many leading bytes matched.
public protocol SignatureComparing: Sendable {
    /// Whether `a` and `b` hold the same bytes. For equal lengths, every element of both must be
    /// read exactly once whatever their contents; different lengths may return at once.
    func isEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8
}

/// Exercise 2: turns a scheme's headers and secrets into values, rejecting anything malformed
/// with `WebhookError.missingHeader` or `.malformedHeader` (never a crash).
public protocol SignatureHeaderParsing: Sendable {
    /// Reads the id, timestamp and candidate signatures of `scheme` from `headers`.
    ///
    /// Header names match case-insensitively; values are taken as the HTTP layer delivered them
    /// (no further trimming). Signatures of versions the scheme does not define are ignored, but
    /// count towards `SignedMessage.maximumSignatures`.
    /// - Throws: `WebhookError.missingHeader`, `WebhookError.malformedHeader`.
    func parse(_ headers: HTTPHeaders, scheme: WebhookScheme) throws -> SignedMessage

    /// The HMAC key bytes for a secret as the sender's dashboard shows it.
    /// - Throws: `WebhookError.invalidSecret`.
    func decodeSecret(_ secret: String, scheme: WebhookScheme) throws -> [UInt8]
}

/// Exercise 3: checks the signatures against every key that is active now.
public protocol SignatureVerifying: Sendable {
    /// Returns the id of the first key, in `keys` order, whose MAC over the scheme's signed
    /// content equals one of `message.signatures`, as `comparer` says: every comparison of a
    /// computed MAC with a candidate goes through `comparer`, never `==` (whose time tells an
    /// attacker how many leading bytes were right), so the check can see it.
    /// - Throws: `WebhookError.noUsableKey` when no key is active at `now`,
    ///   `WebhookError.badSignature` when active keys exist but none matches.
    func verify(
        _ message: SignedMessage, body: [UInt8], keys: [WebhookKey], now: Date, comparer: any SignatureComparing
    ) throws -> String
}

extension SignatureVerifying {
    /// Verifies with ``TrustedComparer``: what a caller that has no comparer of its own uses.
    public func verify(_ message: SignedMessage, body: [UInt8], keys: [WebhookKey], now: Date) throws -> String {
        try verify(message, body: body, keys: keys, now: now, comparer: TrustedComparer())
    }
}

/// The workbook's constant-time comparison (`Crypto.constantTimeEquals`) as a comparer: the
/// default where no exercise 1 comparer is given.
public struct TrustedComparer: SignatureComparing {
    public init() {}

    public func isEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        // Called through `any SignatureComparing` this is not specialised: two arrays (a
        // verifier's MAC and candidate) take the specialised comparison instead.
        if let a = a as? [UInt8], let b = b as? [UInt8] { return constantTimeEquals(a, b) }
        return constantTimeEquals(a, b)
    }
}

/// Exercise 4: the timestamp window, in both directions.
public protocol TimestampChecking: Sendable {
    /// Accepts `timestamp` (Unix seconds) when it lies within `tolerance` of `now`, bounds
    /// included. `now` counts in whole seconds (its fraction is dropped, as the senders' own
    /// libraries do); `tolerance` in whole seconds too. Any `Int64` must be handled without trapping.
    /// - Throws: `WebhookError.tooOld`, `WebhookError.inFuture`.
    func check(timestamp: Int64, now: Date, tolerance: Duration) throws
}

/// Exercise 5: remembers which messages were already accepted.
public protocol NonceStoring: Sendable {
    /// Atomically: if `nonce` is held and `now < ` its expiry, returns `false` (a replay);
    /// otherwise records it until `expiry` and returns `true`. Concurrent callers with the same
    /// nonce: exactly one gets `true`.
    /// - Throws: `WebhookError.replayStoreFull` when recording would exceed the capacity and no
    ///   expired entry can make room (fail closed: never forget a live nonce to make space).
    func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool

    /// How many entries the store holds now (expired ones not yet purged included).
    func count() throws -> Int
}

/// Exercise 5: the whole verification, in an order that lets no forged or stale request consume
/// a nonce.
public protocol WebhookVerifying: Sendable {
    /// Verifies `request` at `now`.
    /// - Throws: a `WebhookError` saying why the request is rejected.
    func verify(_ request: WebhookRequest, now: Date) throws -> VerifiedWebhook
}
