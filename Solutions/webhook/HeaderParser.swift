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
                try single("webhook-timestamp", in: headers).utf8, header: "webhook-timestamp")
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
            let signature = try Self.hexSignature(value.utf8.dropFirst(prefix.utf8.count), header: header)
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
        // Work on the bytes, not on Characters: header values are ASCII, and splitting a String
        // by grapheme clusters costs more than the HMAC itself.
        for entry in Array(value.utf8).fields(separatedBy: UInt8(ascii: " ")) where !entry.isEmpty {
            entries += 1
            guard entries <= SignedMessage.maximumSignatures else { throw Self.tooMany(header) }
            guard let comma = entry.firstIndex(of: UInt8(ascii: ",")) else {
                throw WebhookError.malformedHeader(
                    header, reason: "an entry has no comma between version and signature")
            }
            guard entry[..<comma].elementsEqual("v1".utf8) else { continue }
            let encoded = entry[(comma + 1)...]
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
        for item in Array(value.utf8).fields(separatedBy: UInt8(ascii: ",")) {
            guard let equals = item.firstIndex(of: UInt8(ascii: "=")) else {
                throw WebhookError.malformedHeader(header, reason: "an item has no '='")
            }
            let key = item[..<equals]
            let itemValue = item[(equals + 1)...]
            if key.elementsEqual("t".utf8) {
                guard timestamp == nil else { throw WebhookError.malformedHeader(header, reason: "more than one t=") }
                timestamp = try Self.timestamp(itemValue, header: header)
                continue
            }
            versions += 1
            guard versions <= SignedMessage.maximumSignatures else { throw Self.tooMany(header) }
            if key.elementsEqual("v1".utf8) {
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
    static func timestamp<Digits: Collection>(_ text: Digits, header: String) throws -> Int64
    where Digits.Element == UInt8 {
        guard !text.isEmpty else {
            throw WebhookError.malformedHeader(header, reason: "timestamp is not a whole number of seconds")
        }
        var value: Int64 = 0
        for byte in text {
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
    static func hexSignature<Digits: Collection>(_ text: Digits, header: String) throws -> [UInt8]
    where Digits.Element == UInt8 {
        guard text.count == 64, let bytes = try? Hex.decode(ascii: text) else {
            throw WebhookError.malformedHeader(header, reason: "signature is not 64 hex digits")
        }
        return bytes
    }
}

extension Array where Element == UInt8 {
    /// The runs of bytes between `separator`s (empty runs included), as slices, one at a time:
    /// no array of slices is built, which on a verifier's hot path costs more than the scan.
    func fields(separatedBy separator: UInt8) -> ByteFields { ByteFields(bytes: self, separator: separator) }
}

/// The fields of a byte array between separators; see `Array.fields(separatedBy:)`.
struct ByteFields: Sequence, IteratorProtocol {
    let bytes: [UInt8]
    let separator: UInt8
    private var start: Int? = 0

    init(bytes: [UInt8], separator: UInt8) {
        self.bytes = bytes
        self.separator = separator
    }

    mutating func next() -> ArraySlice<UInt8>? {
        guard let from = start else { return nil }
        var end = from
        while end < bytes.count && bytes[end] != separator { end += 1 }
        start = end < bytes.count ? end + 1 : nil
        return bytes[from..<end]
    }
}
