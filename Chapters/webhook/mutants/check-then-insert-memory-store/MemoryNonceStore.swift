// Exercise webhook/5 (part 1): an in-memory nonce store with expiry and bounded memory.
import Foundation
import Synchronization
import Webhooks

/// Remembers accepted deliveries until they expire, holding at most `capacity` entries.
///
/// Check-and-record happens under one lock, so two concurrent deliveries of the same request
/// cannot both be accepted. Expired entries are purged in expiry order (a min-heap), so memory is
/// bounded by the live entries; when those alone fill the store it refuses new ones (fails closed)
/// rather than forget a live nonce and reopen the replay window.
public final class MemoryNonceStore: NonceStoring {
    private struct State {
        var expiries: [String: Date] = [:]
        var queue = ExpiryQueue()
    }

    private let capacity: Int
    private let state = Mutex(State())

    /// Creates a store that holds at most `capacity` live entries.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool {
        // The bug: the look-up and the record take the lock separately, so two callers can both
        // find the nonce absent and both record it.
        if let held = state.withLock({ $0.expiries[nonce] }), now < held { return false }
        return try state.withLock { state in
            while let (oldest, oldestNonce) = state.queue.first, oldest <= now {
                state.queue.removeFirst()
                if state.expiries[oldestNonce] == oldest { state.expiries[oldestNonce] = nil }
            }
            guard now < expiry else { return true }  // already expired: nothing to remember
            guard state.expiries.count < capacity else { throw WebhookError.replayStoreFull }
            state.expiries[nonce] = expiry
            state.queue.insert(expiry, nonce)
            return true
        }
    }

    public func count() throws -> Int {
        state.withLock { $0.expiries.count }
    }
}

/// A binary min-heap of (expiry, nonce) pairs.
private struct ExpiryQueue {
    private var heap: [(Date, String)] = []

    var first: (Date, String)? { heap.first }

    mutating func insert(_ expiry: Date, _ nonce: String) {
        heap.append((expiry, nonce))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].0 < heap[parent].0 else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func removeFirst() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].0 < heap[smallest].0 { smallest = left }
            if right < heap.count && heap[right].0 < heap[smallest].0 { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
