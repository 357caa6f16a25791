// Exercise webhook/2: read the signature headers of Standard Webhooks, Stripe and GitHub, and the
// secrets as their dashboards show them. Reject anything malformed; never crash.
import Crypto
import Webhooks

/// Strict parser for the three schemes' headers and secrets.
public struct HeaderParser: SignatureHeaderParsing {
    public init() {}

    public func parse(_ headers: HTTPHeaders, scheme: WebhookScheme) throws -> SignedMessage {
        switch scheme {
        case .standard:
            let id = try single("webhook-id", in: headers)
            guard !id.isEmpty else { throw WebhookError.malformedHeader("webhook-id", reason: "empty") }
            let timestamp = try Self.timestamp(try single("webhook-timestamp", in: headers), header: "webhook-timestamp")
            let signatures = try standardSignatures(try single("webhook-signature", in: headers))
            return SignedMessage(scheme: .standard, id: id, timestamp: timestamp, signatures: signatures)
        case .stripe:
            let (timestamp, signatures) = try stripeSignatures(try single("Stripe-Signature", in: headers))
            return SignedMessage(scheme: .stripe, timestamp: timestamp, signatures: signatures)
        case .github:
            let header = "X-Hub-Signature-256"
            let value = try single(header, in: headers)
            let prefix = "sha256="
            guard value.hasPrefix(prefix) else {
                throw WebhookError.malformedHeader(header, reason: "does not start with \"sha256=\"")
            }
            let signature = try Self.hexSignature(value.dropFirst(prefix.count), header: header)
            let delivery = try optionalSingle("X-GitHub-Delivery", in: headers)
            return SignedMessage(scheme: .github, id: delivery, signatures: [signature])
        }
    }

    public func decodeSecret(_ secret: String, scheme: WebhookScheme) throws -> [UInt8] {
        switch scheme {
        case .standard:
            // The key is the base64 after the optional `whsec_` prefix. Dashboards and copy-paste
            // often lose the `=` padding, so padding is optional (Foundation's decoder would fail).
            let encoded = secret.hasPrefix("whsec_") ? secret.dropFirst("whsec_".count) : secret[...]
            let key: [UInt8]
            do {
                key = try Base64.decode(encoded, padding: .optional)
            } catch {
                throw WebhookError.invalidSecret(reason: "not base64 after whsec_: \(error.message)")
            }
            guard !key.isEmpty else { throw WebhookError.invalidSecret(reason: "empty key") }
            return key
        case .stripe, .github:
            // Stripe and GitHub use the secret string itself, `whsec_` included for Stripe.
            guard !secret.isEmpty else { throw WebhookError.invalidSecret(reason: "empty secret") }
            return Array(secret.utf8)
        }
    }

    /// The one value of a required header; a repeated signature header is ambiguous, so malformed.
    private func single(_ name: String, in headers: HTTPHeaders) throws -> String {
        guard let value = try optionalSingle(name, in: headers) else { throw WebhookError.missingHeader(name) }
        return value
    }

    private func optionalSingle(_ name: String, in headers: HTTPHeaders) throws -> String? {
        let values = headers.values(for: name)
        guard values.count <= 1 else {
            throw WebhookError.malformedHeader(name, reason: "appears \(values.count) times")
        }
        return values.first
    }

    /// `v1,<base64> v1,<base64> …`: entries separated by spaces (runs of spaces tolerated), each
    /// `version,value`. Only `v1` is HMAC-SHA256; other versions (`v1a` is ed25519) are skipped.
    private func standardSignatures(_ value: String) throws -> [[UInt8]] {
        let header = "webhook-signature"
        var signatures: [[UInt8]] = []
        for entry in value.split(separator: " ", omittingEmptySubsequences: true) {
            guard let comma = entry.firstIndex(of: ",") else {
                throw WebhookError.malformedHeader(header, reason: "an entry has no comma between version and signature")
            }
            guard entry[..<comma] == "v1" else { continue }
            let encoded = entry[entry.index(after: comma)...]
            guard let signature = try? Base64.decode(encoded, padding: .required), signature.count == 32 else {
                throw WebhookError.malformedHeader(header, reason: "a v1 signature is not padded base64 of 32 bytes")
            }
            signatures.append(signature)
        }
        guard !signatures.isEmpty else { throw WebhookError.malformedHeader(header, reason: "no v1 signature") }
        return signatures
    }

    /// `t=<unix>,v1=<hex>[,v1=<hex>…]`; other keys (`v0`, test-mode) are skipped.
    private func stripeSignatures(_ value: String) throws -> (Int64, [[UInt8]]) {
        let header = "Stripe-Signature"
        var timestamp: Int64?
        var signatures: [[UInt8]] = []
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            guard let equals = item.firstIndex(of: "=") else {
                throw WebhookError.malformedHeader(header, reason: "an item has no '='")
            }
            let itemValue = item[item.index(after: equals)...]
            switch item[..<equals] {
            case "t":
                guard timestamp == nil else { throw WebhookError.malformedHeader(header, reason: "more than one t=") }
                timestamp = try Self.timestamp(itemValue, header: header)
            case "v1":
                signatures.append(try Self.hexSignature(itemValue, header: header))
            default:
                continue
            }
        }
        guard let timestamp else { throw WebhookError.malformedHeader(header, reason: "no t= timestamp") }
        guard !signatures.isEmpty else { throw WebhookError.malformedHeader(header, reason: "no v1 signature") }
        return (timestamp, signatures)
    }

    /// Unix seconds as ASCII digits only: no sign, space, exponent, fraction or non-ASCII digit.
    static func timestamp(_ text: some StringProtocol, header: String) throws -> Int64 {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw WebhookError.malformedHeader(header, reason: "timestamp is not a whole number of seconds")
        }
        guard let value = Int64(text) else {
            throw WebhookError.malformedHeader(header, reason: "timestamp is out of range")
        }
        return value
    }

    /// 64 hex digits (either case): a 32-byte HMAC-SHA256.
    static func hexSignature(_ text: some StringProtocol, header: String) throws -> [UInt8] {
        guard text.utf8.count == 64, let bytes = try? Hex.decode(text) else {
            throw WebhookError.malformedHeader(header, reason: "signature is not 64 hex digits")
        }
        return bytes
    }
}
