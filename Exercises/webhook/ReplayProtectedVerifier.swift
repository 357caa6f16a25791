// Exercise webhook/5 (part 3): the whole verification.
//
// Use the parts in `configuration` (parser, window, signatures, nonces) in an order where no
// forged or stale request can consume a nonce, and record the replay key — `replayKey(for:body:)`
// — until the window would reject the message anyway: timestamp + tolerance + 1 second (GitHub,
// which signs no timestamp: now + tolerance + 1 second). A replay throws `WebhookError.replayed`.
import Foundation
import LearnerRuntime
import Webhooks

/// Parse, check the window, verify the signature, then record the replay key.
public struct ReplayProtectedVerifier: WebhookVerifying {
    private let configuration: VerifierConfiguration

    /// Creates a verifier from its parts.
    public init(configuration: VerifierConfiguration) {
        self.configuration = configuration
    }

    public func verify(_ request: WebhookRequest, now: Date) throws -> VerifiedWebhook {
        // TODO: parse, check the timestamp, verify the signature, then check-and-record.
        throw Unimplemented()
    }
}
