// Exercise webhook/3: verify a message's signatures against a key store with rotation.
//
// Compute HMAC-SHA256 over the scheme's signed content (`id.timestamp.body` for Standard Webhooks,
// `timestamp.body` for Stripe, the body alone for GitHub) with every key active at `now`
// (`notBefore <= now < notAfter`), and compare it with every candidate signature through
// `comparer` (a constant-time comparison: never `==`). Return the matching key's id; throw
// `WebhookError.noUsableKey` when no key is active and `WebhookError.badSignature` when none
// matches. `Crypto` has `HMACSHA256`.
import Crypto
import Foundation
import LearnerRuntime
import Webhooks

/// Tries every active key against every candidate signature.
public struct SignatureVerifier: SignatureVerifying {
    public init() {}

    public func verify(
        _ message: SignedMessage, body: [UInt8], keys: [WebhookKey], now: Date, comparer: any SignatureComparing
    ) throws -> String {
        // TODO: filter the active keys, compute each MAC, compare with each signature.
        throw Unimplemented()
    }
}
