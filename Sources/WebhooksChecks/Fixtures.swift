import Crypto
import Foundation
import Grading
import Synchronization
import Webhooks

/// Signed deliveries built here, with `Crypto` directly, so that checks do not depend on either
/// implementation being right.
enum Fixtures {
    static let epoch: Int64 = 1_700_000_000
    static let now = Date(timeIntervalSince1970: Double(epoch))

    /// The MAC a sender computes for a delivery.
    static func mac(_ scheme: WebhookScheme, key: [UInt8], id: String?, timestamp: Int64?, body: [UInt8]) -> [UInt8] {
        WebhookSigner(scheme: scheme, key: key).mac(id: id, timestamp: timestamp, body: body).bytes
    }

    /// The headers a sender attaches.
    static func headers(_ scheme: WebhookScheme, id: String?, timestamp: Int64?, signatures: [[UInt8]]) -> HTTPHeaders {
        WebhookSigner.headers(scheme, id: id, timestamp: timestamp, signatures: signatures)
    }

    /// A complete signed request.
    static func request(
        _ scheme: WebhookScheme, key: [UInt8], id: String = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
        timestamp: Int64 = epoch, body: [UInt8] = Array(#"{"type":"invoice.paid","amount":4200}"#.utf8)
    ) -> WebhookRequest {
        let signature = mac(scheme, key: key, id: id, timestamp: timestamp, body: body)
        return WebhookRequest(
            headers: headers(scheme, id: scheme == .stripe ? nil : id, timestamp: timestamp, signatures: [signature]),
            body: body)
    }

    static let keyA: [UInt8] = Array("key-a: 32 bytes of test secret!!".utf8)
    static let keyB: [UInt8] = Array("key-b: another 32-byte secret...".utf8)
    static let keyC: [UInt8] = Array("key-c: the third rotation secret".utf8)

    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: Double(seconds)) }

    static func randomBody(_ generator: inout SeededGenerator) -> [UInt8] {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return []
        case 1: return generator.bytes(Int.random(in: 1...64, using: &generator))  // not UTF-8 in general
        default:
            return Array(#"{"id":"evt_\#(generator.next() % 100_000)","data":{"note":"héllo, wörld"}}"#.utf8)
        }
    }
}

/// A nonce store that logs every call before handing it to a real one.
final class RecordingNonceStore: NonceStoring {
    struct Call: Sendable {
        var nonce: String
        var expiry: Date
        var now: Date
    }
    let inner: any NonceStoring
    let calls = Mutex<[Call]>([])

    init(_ inner: any NonceStoring) { self.inner = inner }

    func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool {
        calls.withLock { $0.append(Call(nonce: nonce, expiry: expiry, now: now)) }
        return try inner.checkAndRecord(nonce, expiry: expiry, now: now)
    }

    func count() throws -> Int { try inner.count() }
}

/// A nonce store that throws on every call, as a full or unreachable store does.
struct FailingNonceStore: NonceStoring {
    let failure: any Error & Sendable
    func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool { throw failure }
    func count() throws -> Int { throw failure }
}

/// What a store backed by an unreachable database throws.
struct NonceStoreUnavailable: Error, CustomStringConvertible {
    var description: String { "the nonce database is unavailable" }
}

/// A comparer with a fixed answer that counts how often it is asked: it shows whether a verifier
/// compares through the comparer it is given.
final class ProbeComparer: SignatureComparing, @unchecked Sendable {
    let answer: Bool
    private let lock = NSLock()
    private var asked = 0

    init(answer: Bool) { self.answer = answer }

    var calls: Int { lock.withLock { asked } }

    func isEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool where A.Element == UInt8, B.Element == UInt8 {
        lock.withLock { asked += 1 }
        return answer
    }
}
