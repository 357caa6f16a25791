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
            let timestamp = try Self.timestamp(
                try single("webhook-timestamp", in: headers).utf8.span, header: "webhook-timestamp")
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
            let bytes = value.utf8.span
            let signature = try Self.hexSignature(bytes.extracting(prefix.utf8.count..<bytes.count), header: header)
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
        switch headers.occurrence(of: name) {
        case .absent: return nil
        case .once(let value): return value
        case .repeated(let count): throw WebhookError.malformedHeader(name, reason: "appears \(count) times")
        }
    }

    /// `v1,<base64> v1,<base64> …`: entries separated by spaces (runs of spaces tolerated), each
    /// `version,value`. Only `v1` is HMAC-SHA256; other versions (`v1a` is ed25519) are skipped.
    private func standardSignatures(_ value: String) throws -> [[UInt8]] {
        let header = "webhook-signature"
        var signatures: [[UInt8]] = []
        var entries = 0
        // Work on the header's own bytes, borrowed: header values are ASCII, splitting a String by
        // grapheme clusters costs more than the HMAC itself, and a copy costs an allocation.
        try forEachField(of: value.utf8.span, separatedBy: UInt8(ascii: " ")) { entry in
            guard !entry.isEmpty else { return }
            entries += 1
            guard entries <= SignedMessage.maximumSignatures else { throw Self.tooMany(header) }
            guard let comma = firstIndex(of: UInt8(ascii: ","), in: entry) else {
                throw WebhookError.malformedHeader(
                    header, reason: "an entry has no comma between version and signature")
            }
            guard equals(entry.extracting(0..<comma), "v1") else { return }
            let encoded = entry.extracting(comma + 1..<entry.count)
            guard let signature = try? Base64.decode(ascii: encoded, padding: .required), signature.count == 32 else {
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
        var versions = 0
        try forEachField(of: value.utf8.span, separatedBy: UInt8(ascii: ",")) { item in
            guard let equalsSign = firstIndex(of: UInt8(ascii: "="), in: item) else {
                throw WebhookError.malformedHeader(header, reason: "an item has no '='")
            }
            let key = item.extracting(0..<equalsSign)
            let itemValue = item.extracting(equalsSign + 1..<item.count)
            if equals(key, "t") {
                guard timestamp == nil else { throw WebhookError.malformedHeader(header, reason: "more than one t=") }
                timestamp = try Self.timestamp(itemValue, header: header)
                return
            }
            versions += 1
            guard versions <= SignedMessage.maximumSignatures else { throw Self.tooMany(header) }
            if equals(key, "v1") {
                signatures.append(try Self.hexSignature(itemValue, header: header))
            }
        }
        guard let timestamp else { throw WebhookError.malformedHeader(header, reason: "no t= timestamp") }
        guard !signatures.isEmpty else { throw WebhookError.malformedHeader(header, reason: "no v1 signature") }
        return (timestamp, signatures)
    }

    /// A header with more signatures than any sender sends, which would cost a MAC comparison each.
    static func tooMany(_ header: String) -> WebhookError {
        .malformedHeader(header, reason: "more than \(SignedMessage.maximumSignatures) signatures")
    }

    /// Unix seconds as ASCII digits only: no sign, space, exponent, fraction or non-ASCII digit.
    static func timestamp(_ text: Span<UInt8>, header: String) throws -> Int64 {
        guard !text.isEmpty else {
            throw WebhookError.malformedHeader(header, reason: "timestamp is not a whole number of seconds")
        }
        var value: Int64 = 0
        for index in text.indices {
            let byte = text[index]
            guard (0x30...0x39).contains(byte) else {
                throw WebhookError.malformedHeader(header, reason: "timestamp is not a whole number of seconds")
            }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - 0x30))
            guard !overflow1, !overflow2 else {
                throw WebhookError.malformedHeader(header, reason: "timestamp is out of range")
            }
            value = sum
        }
        return value
    }

    /// 64 hex digits (either case): a 32-byte HMAC-SHA256.
    static func hexSignature(_ text: Span<UInt8>, header: String) throws -> [UInt8] {
        guard text.count == 64, let bytes = try? Hex.decode(ascii: text) else {
            throw WebhookError.malformedHeader(header, reason: "signature is not 64 hex digits")
        }
        return bytes
    }
}

/// Calls `body` with each run of bytes between `separator`s, empty runs included, borrowed from
/// `bytes`: no array of pieces is built, which on a verifier's hot path costs more than the scan.
func forEachField(
    of bytes: Span<UInt8>, separatedBy separator: UInt8, _ body: (Span<UInt8>) throws -> Void
) rethrows {
    var start = 0
    while true {
        var end = start
        while end < bytes.count && bytes[end] != separator { end += 1 }
        try body(bytes.extracting(start..<end))
        guard end < bytes.count else { return }
        start = end + 1
    }
}

/// The position of the first `byte` in `bytes`.
func firstIndex(of byte: UInt8, in bytes: Span<UInt8>) -> Int? {
    for index in bytes.indices where bytes[index] == byte { return index }
    return nil
}

/// Whether `bytes` are the UTF-8 of `text`.
func equals(_ bytes: Span<UInt8>, _ text: String) -> Bool {
    guard bytes.count == text.utf8.count else { return false }
    var index = 0
    for byte in text.utf8 {
        guard bytes[index] == byte else { return false }
        index += 1
    }
    return true
}
