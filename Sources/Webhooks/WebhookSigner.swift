import Crypto

/// The sender's side: signs a body the way each scheme's own libraries do, and writes the
/// headers. Used by `workbook webhook sign`, the checks and the benchmarks.
public struct WebhookSigner: Sendable {
    /// The scheme to sign for.
    public var scheme: WebhookScheme
    /// The HMAC key bytes (a `whsec_` secret already decoded for Standard Webhooks).
    public var key: [UInt8]

    /// Creates a signer.
    public init(scheme: WebhookScheme, key: [UInt8]) {
        self.scheme = scheme
        self.key = key
    }

    /// The MAC over the scheme's signed content: `id.timestamp.body`, `timestamp.body`, or the body.
    public func mac(id: String?, timestamp: Int64?, body: [UInt8]) -> MessageAuthenticationCode {
        var hmac = HMACSHA256(key: key)
        switch scheme {
        case .standard: hmac.update("\(id ?? "").\(timestamp ?? 0).")
        case .stripe: hmac.update("\(timestamp ?? 0).")
        case .github: break
        }
        hmac.update(body)
        return hmac.finalize()
    }

    /// The headers for one delivery, signed with this key and any `extra` signatures (a sender
    /// rolling its secret sends several).
    public func headers(id: String?, timestamp: Int64?, body: [UInt8], extra: [MessageAuthenticationCode] = [])
        -> HTTPHeaders
    {
        let signatures = [mac(id: id, timestamp: timestamp, body: body)] + extra
        return Self.headers(scheme, id: id, timestamp: timestamp, signatures: signatures.map(\.bytes))
    }

    /// The headers carrying `signatures` as the scheme writes them.
    public static func headers(_ scheme: WebhookScheme, id: String?, timestamp: Int64?, signatures: [[UInt8]])
        -> HTTPHeaders
    {
        var headers = HTTPHeaders()
        switch scheme {
        case .standard:
            headers.add(name: "webhook-id", value: id ?? "")
            headers.add(name: "webhook-timestamp", value: String(timestamp ?? 0))
            headers.add(
                name: "webhook-signature", value: signatures.map { "v1," + Base64.encode($0) }.joined(separator: " "))
        case .stripe:
            let items = ["t=\(timestamp ?? 0)"] + signatures.map { "v1=" + Hex.encode($0) }
            headers.add(name: "Stripe-Signature", value: items.joined(separator: ","))
        case .github:
            headers.add(name: "X-Hub-Signature-256", value: "sha256=" + Hex.encode(signatures.first ?? []))
            if let id { headers.add(name: "X-GitHub-Delivery", value: id) }
        }
        return headers
    }
}
