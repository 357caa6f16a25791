// Exercise webhook/3: verify a message's signatures against a key store with rotation.
import Crypto
import Foundation
import Webhooks

/// Tries every key active now against every candidate signature, each compare through the
/// constant-time comparer it is given.
public struct SignatureVerifier: SignatureVerifying {
    public init() {}

    public func verify(
        _ message: SignedMessage, body: [UInt8], keys: [WebhookKey], now: Date, comparer: any SignatureComparing
    ) throws -> String {
        guard keys.contains(where: { isActive($0, at: now) }) else { throw WebhookError.noUsableKey }
        let (id, timestamp) = try signedFields(of: message)
        // By index: `for key in keys` would copy each key, its two keyed hash states included.
        for index in keys.indices where isActive(keys[index], at: now) {
            var mac = keys[index].keyedHMAC
            // The signed content, fed in pieces rather than concatenated: `id.timestamp.body`,
            // `timestamp.body`, or the body alone.
            if let id {
                mac.update(id)
                mac.update(".")
            }
            if let timestamp {
                mac.update(String(timestamp))
                mac.update(".")
            }
            mac.update(body)
            let code = mac.finalize()
            // Compare with every candidate, without stopping at a match: which one matched is not
            // secret, but a uniform loop is simpler to reason about.
            var matched = false
            for signature in message.signatures {
                matched = comparer.isEqual(code.bytes, signature) || matched
            }
            if matched { return keys[index].id }
        }
        throw WebhookError.badSignature
    }

    /// A key is valid from `notBefore` (inclusive) until `notAfter` (exclusive).
    func isActive(_ key: WebhookKey, at now: Date) -> Bool {
        if let notBefore = key.notBefore, now < notBefore { return false }
        if let notAfter = key.notAfter, now >= notAfter { return false }
        return true
    }

    /// The fields signed before the body: id and timestamp (Standard Webhooks), the timestamp
    /// (Stripe), nothing (GitHub).
    func signedFields(of message: SignedMessage) throws -> (id: String?, timestamp: Int64?) {
        switch message.scheme {
        case .standard:
            guard let id = message.id else { throw WebhookError.missingHeader("webhook-id") }
            guard let timestamp = message.timestamp else { throw WebhookError.missingHeader("webhook-timestamp") }
            return (id, timestamp)
        case .stripe:
            guard let timestamp = message.timestamp else {
                throw WebhookError.malformedHeader("Stripe-Signature", reason: "no t= timestamp")
            }
            return (nil, timestamp)
        case .github:
            return (nil, nil)
        }
    }
}
