// Exercise webhook/2: read the signature headers of Standard Webhooks, Stripe and GitHub, and the
// secrets as their dashboards show them. Reject anything malformed with a `WebhookError`; never
// crash, whatever the header holds.
//
// Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64> v1,<base64>`.
// Stripe: `Stripe-Signature: t=<unix>,v1=<hex>,v1=<hex>`. GitHub: `X-Hub-Signature-256: sha256=<hex>`
// (and the optional, unsigned `X-GitHub-Delivery` id). The rules, edge cases included, are in
// Chapters/webhook/README.md; `Crypto` has `Hex.decode` and `Base64.decode(_:padding:)`.
import Crypto
import LearnerRuntime
import Webhooks

/// Strict parser for the three schemes' headers and secrets.
public struct HeaderParser: SignatureHeaderParsing {
    public init() {}

    public func parse(_ headers: HTTPHeaders, scheme: WebhookScheme) throws -> SignedMessage {
        // TODO: find each header (case-insensitively, exactly once), parse the timestamp strictly,
        // and decode the signatures of the scheme's current version.
        throw Unimplemented()
    }

    public func decodeSecret(_ secret: String, scheme: WebhookScheme) throws -> [UInt8] {
        // TODO: `whsec_<base64>` for Standard Webhooks (padding optional); the UTF-8 bytes of the
        // whole string for Stripe and GitHub.
        throw Unimplemented()
    }
}
