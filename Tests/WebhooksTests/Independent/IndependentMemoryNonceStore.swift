// A second, independently written solution to webhook/5's memory store, for the similarity
// tests: it must score full marks and must not be flagged as a copy of the reference.
import Foundation
import Webhooks

/// A dictionary swept of expired entries on every call (the capacity bounds the sweep), under
/// an `NSLock` rather than a `Mutex`, and without a heap.
final class IndependentMemoryNonceStore: NonceStoring, @unchecked Sendable {
    private let lock = NSLock()
    private var live: [String: Date] = [:]
    private let limit: Int

    init(capacity: Int) {
        limit = capacity < 1 ? 1 : capacity
    }

    func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let until = live[nonce], until > now { return false }
        live = live.filter { _, until in until > now }
        if expiry <= now { return true }
        if live.count >= limit { throw WebhookError.replayStoreFull }
        live[nonce] = expiry
        return true
    }

    func count() throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        return live.count
    }
}
