// Exercise webhook/5 (part 3): the whole verification, in an order where nothing forged or stale
// can consume a nonce.
import Foundation
import Webhooks

/// Parse, check the window, verify the signature, and only then record the replay key.
public struct ReplayProtectedVerifier: WebhookVerifying {
    private let configuration: VerifierConfiguration

    /// Creates a verifier from its parts.
    public init(configuration: VerifierConfiguration) {
        self.configuration = configuration
    }

    public func verify(_ request: WebhookRequest, now: Date) throws -> VerifiedWebhook {
        let c = configuration
        // 1. Strict parsing: a malformed header is a rejection, never a crash.
        let message = try c.parser.parse(request.headers, scheme: c.scheme)
        // 2. The window, both ways, before any MAC is computed: cheap, and stale requests stop here.
        if let timestamp = message.timestamp {
            try c.window.check(timestamp: timestamp, now: now, tolerance: c.tolerance)
        }
        // 3. The MAC over the raw body with every active key.
        let keyID = try c.signatures.verify(message, body: request.body, keys: c.keys, now: now)
        // 4. Only an authentic, fresh request may consume its replay key. It must be remembered
        //    until the window would reject it anyway: the first second after timestamp + tolerance.
        let tolerance = max(0, c.tolerance.components.seconds)
        let expiry: Date
        if let timestamp = message.timestamp {
            let (end, overflow) = timestamp.addingReportingOverflow(tolerance &+ 1)
            expiry = Date(timeIntervalSince1970: Double(overflow ? .max : end))
        } else {
            // GitHub signs no timestamp: replays can only be refused for a retention period.
            expiry = now.addingTimeInterval(Double(tolerance) + 1)
        }
        // The mistake: a store that cannot answer (full, or its database down) is read as "not seen".
        let seen = (try? c.nonces.checkAndRecord(replayKey(for: message, body: request.body), expiry: expiry, now: now))
        guard seen ?? true else {
            throw WebhookError.replayed
        }
        return VerifiedWebhook(keyID: keyID, id: message.id, timestamp: message.timestamp)
    }
}
