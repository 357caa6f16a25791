// Exercise webhook/3: verify a message's signatures against a key store with rotation.
import Crypto
import Foundation
import Webhooks

/// Tries every key active now against every candidate signature, in constant time per compare.
public struct SignatureVerifier: SignatureVerifying {
    public init() {}

    public func verify(_ message: SignedMessage, body: [UInt8], keys: [WebhookKey], now: Date) throws -> String {
        let active = keys.filter { isActive($0, at: now) }
        guard !active.isEmpty else { throw WebhookError.noUsableKey }
        let prefix = try signedPrefix(of: message)
        for key in active {
            var mac = HMACSHA256(key: key.secret)
            mac.update(prefix)
            mac.update(body)
            let code = mac.finalize()
            // Compare with every candidate, without stopping at a match: which one matched is not
            // secret, but a uniform loop is simpler to reason about.
            var matched = false
            for signature in message.signatures {
                matched = constantTimeEquals(code, signature) || matched
            }
            if matched { return key.id }
        }
        throw WebhookError.badSignature
    }

    /// A key is valid from `notBefore` (inclusive) until `notAfter` (exclusive).
    func isActive(_ key: WebhookKey, at now: Date) -> Bool {
        if let notBefore = key.notBefore, now < notBefore { return false }
        if let notAfter = key.notAfter, now >= notAfter { return false }
        return true
    }

    /// What precedes the body in the signed content: `id.timestamp.` (Standard Webhooks),
    /// `timestamp.` (Stripe), nothing (GitHub).
    func signedPrefix(of message: SignedMessage) throws -> String {
        switch message.scheme {
        case .standard:
            guard let id = message.id else { throw WebhookError.missingHeader("webhook-id") }
            guard let timestamp = message.timestamp else { throw WebhookError.missingHeader("webhook-timestamp") }
            return "\(id).\(timestamp)."
        case .stripe:
            guard let timestamp = message.timestamp else {
                throw WebhookError.malformedHeader("Stripe-Signature", reason: "no t= timestamp")
            }
            return "\(timestamp)."
        case .github:
            return ""
        }
    }
}
