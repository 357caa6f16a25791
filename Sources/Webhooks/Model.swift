import Crypto
import Foundation

/// What a scheme's headers say about a delivery, before anything is verified.
public struct SignedMessage: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The scheme whose headers these were.
    public var scheme: WebhookScheme
    /// The message id (`webhook-id`; GitHub's unsigned `X-GitHub-Delivery`), if present.
    public var id: String?
    /// Unix seconds, for the schemes that sign one.
    public var timestamp: Int64?
    /// Decoded candidate signatures of the scheme's current version, in header order.
    public var signatures: [[UInt8]]

    /// The most signatures, of any version, one header may carry; more is malformed. A sender
    /// signs once per active secret; a header with thousands would make the receiver compare
    /// thousands of MACs for one request.
    public static let maximumSignatures = 16

    /// Creates a message description.
    public init(scheme: WebhookScheme, id: String? = nil, timestamp: Int64? = nil, signatures: [[UInt8]]) {
        self.scheme = scheme
        self.id = id
        self.timestamp = timestamp
        self.signatures = signatures
    }

    public var description: String {
        let sigs = signatures.map { Hex.encode($0.prefix(4)) + "…(\($0.count) bytes)" }
        return
            "SignedMessage(\(scheme), id: \(id.map { "\"\($0)\"" } ?? "nil"), timestamp: \(timestamp.map(String.init) ?? "nil"), signatures: [\(sigs.joined(separator: ", "))])"
    }
}

/// One signing secret with its validity window, for rotation.
public struct WebhookKey: Sendable, Equatable, CustomStringConvertible {
    /// A name for logs and for the verification result; never the secret.
    public var id: String
    /// The HMAC key bytes (see `SignatureHeaderParsing.decodeSecret`).
    public let secret: [UInt8]
    /// HMAC-SHA256 already keyed with `secret`: a copy starts a MAC without redoing the key
    /// schedule, which saves two of the ~19 compression rounds a 1 KiB body takes.
    public let keyedHMAC: HMACSHA256
    /// The first instant the key is valid (inclusive); `nil` means always valid so far.
    public var notBefore: Date?
    /// The instant the key stops being valid (exclusive); `nil` means no end.
    public var notAfter: Date?

    /// Creates a key.
    public init(id: String, secret: [UInt8], notBefore: Date? = nil, notAfter: Date? = nil) {
        self.id = id
        self.secret = secret
        self.keyedHMAC = HMACSHA256(key: secret)
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    public static func == (lhs: WebhookKey, rhs: WebhookKey) -> Bool {
        lhs.id == rhs.id && lhs.secret == rhs.secret && lhs.notBefore == rhs.notBefore && lhs.notAfter == rhs.notAfter
    }

    public var description: String {
        "WebhookKey(\(id), notBefore: \(notBefore.map { "\(Int64($0.timeIntervalSince1970))" } ?? "-"), notAfter: \(notAfter.map { "\(Int64($0.timeIntervalSince1970))" } ?? "-"))"
    }
}

/// A delivery as it arrived: the headers and the raw body bytes (never re-serialised JSON).
public struct WebhookRequest: Sendable, Equatable, Codable {
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body exactly as received.
    public var body: [UInt8]

    /// Creates a request.
    public init(headers: HTTPHeaders, body: [UInt8]) {
        self.headers = headers
        self.body = body
    }
}

/// The result of a successful verification.
public struct VerifiedWebhook: Sendable, Equatable, Codable {
    /// Which key's signature matched.
    public var keyID: String
    /// The message id, if the scheme carries one.
    public var id: String?
    /// The signed timestamp, if the scheme has one.
    public var timestamp: Int64?

    /// Creates a result.
    public init(keyID: String, id: String?, timestamp: Int64?) {
        self.keyID = keyID
        self.id = id
        self.timestamp = timestamp
    }
}

/// What a `WebhookVerifying` implementation is built from: the scheme, the keys, the window and
/// the parts of the other exercises, handed in so that each exercise is graded on its own.
public struct VerifierConfiguration: Sendable {
    /// The scheme to expect.
    public var scheme: WebhookScheme
    /// The keys, in the order to try them.
    public var keys: [WebhookKey]
    /// How far a timestamp may lie from now, either way.
    public var tolerance: Duration
    /// Exercise 2's parser.
    public var parser: any SignatureHeaderParsing
    /// Exercise 4's window.
    public var window: any TimestampChecking
    /// Exercise 3's signature check.
    public var signatures: any SignatureVerifying
    /// Exercise 5's nonce store.
    public var nonces: any NonceStoring

    /// Creates a configuration.
    public init(
        scheme: WebhookScheme, keys: [WebhookKey], tolerance: Duration = .seconds(300),
        parser: any SignatureHeaderParsing, window: any TimestampChecking,
        signatures: any SignatureVerifying, nonces: any NonceStoring
    ) {
        self.scheme = scheme
        self.keys = keys
        self.tolerance = tolerance
        self.parser = parser
        self.window = window
        self.signatures = signatures
        self.nonces = nonces
    }
}

/// The replay key of a delivery: a digest of everything its signature covers (scheme, id,
/// timestamp, body) and nothing it does not. A sender's retry is signed anew with a new timestamp
/// and so gets a new key; the same request sent again, with its signature list trimmed or
/// reordered, or with GitHub's unsigned delivery id changed, gets the same one.
public func replayKey(for message: SignedMessage, body: [UInt8]) -> String {
    let signedID = message.scheme == .github ? nil : message.id
    var hasher = SHA256Hasher()
    hasher.update(message.scheme.rawValue)
    hasher.update("\u{0}" + (signedID ?? "") + "\u{0}" + (message.timestamp.map(String.init) ?? "") + "\u{0}")
    hasher.update(body)
    return Hex.encode(hasher.finalize())
}
