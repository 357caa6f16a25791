/// The three signature schemes the chapter implements, byte-compatible with the real senders.
public enum WebhookScheme: String, CaseIterable, Sendable, Codable {
    /// Standard Webhooks (used by Svix and others): `webhook-id`, `webhook-timestamp`,
    /// `webhook-signature: v1,<base64>`; HMAC over `id.timestamp.body`; `whsec_<base64>` secrets.
    case standard
    /// Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`; HMAC over `timestamp.body`;
    /// the secret string itself (`whsec_…`) is the key.
    case stripe
    /// GitHub: `X-Hub-Signature-256: sha256=<hex>`; HMAC over the body alone; no timestamp.
    case github

    /// The header that carries the signature(s).
    public var signatureHeader: String {
        switch self {
        case .standard: "webhook-signature"
        case .stripe: "Stripe-Signature"
        case .github: "X-Hub-Signature-256"
        }
    }

    /// The header that carries the message id, if the scheme has one.
    public var idHeader: String? {
        switch self {
        case .standard: "webhook-id"
        case .stripe: nil
        case .github: "X-GitHub-Delivery"
        }
    }

    /// The header that carries the timestamp, if it is not inside the signature header.
    public var timestampHeader: String? {
        switch self {
        case .standard: "webhook-timestamp"
        case .stripe, .github: nil
        }
    }

    /// Whether the scheme signs a timestamp, and so can bound a replay window.
    public var hasTimestamp: Bool { self != .github }
}
