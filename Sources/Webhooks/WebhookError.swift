/// Why a delivery, header or secret was rejected. Messages never contain secrets or signatures.
public enum WebhookError: Error, Equatable, Sendable, Codable, CustomStringConvertible {
    /// A header the scheme requires is absent.
    case missingHeader(String)
    /// A header is present but cannot be read; `reason` says what is wrong with it.
    case malformedHeader(String, reason: String)
    /// The secret is not in the scheme's format.
    case invalidSecret(reason: String)
    /// No key is valid at this instant (all expired or not yet valid).
    case noUsableKey
    /// No signature matches any active key.
    case badSignature
    /// The timestamp is older than the tolerance allows.
    case tooOld
    /// The timestamp lies further in the future than the tolerance allows.
    case inFuture
    /// This signed content was already accepted.
    case replayed
    /// The nonce store is full of live entries and refuses to forget one.
    case replayStoreFull
    /// The nonce store failed (I/O, database).
    case storeFailure(String)

    /// The case without its detail text, for comparing a learner's error with the reference's.
    public var kind: String {
        switch self {
        case .missingHeader(let name): "missingHeader(\(name.lowercased()))"
        case .malformedHeader(let name, _): "malformedHeader(\(name.lowercased()))"
        case .invalidSecret: "invalidSecret"
        case .noUsableKey: "noUsableKey"
        case .badSignature: "badSignature"
        case .tooOld: "tooOld"
        case .inFuture: "inFuture"
        case .replayed: "replayed"
        case .replayStoreFull: "replayStoreFull"
        case .storeFailure: "storeFailure"
        }
    }

    public var description: String {
        switch self {
        case .missingHeader(let name): "missing header: \(name)"
        case .malformedHeader(let name, let reason): "malformed header: \(name): \(reason)"
        case .invalidSecret(let reason): "invalid secret: \(reason)"
        case .noUsableKey: "no usable key: every key is expired or not yet valid"
        case .badSignature: "bad signature: no signature matches an active key"
        case .tooOld: "too old: the timestamp is outside the tolerance"
        case .inFuture: "in the future: the timestamp is ahead of now by more than the tolerance"
        case .replayed: "replayed: this delivery was already accepted"
        case .replayStoreFull: "replay store full: no room without forgetting a live nonce"
        case .storeFailure(let detail): "replay store failed: \(detail)"
        }
    }
}
