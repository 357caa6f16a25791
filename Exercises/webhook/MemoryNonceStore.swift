// Exercise webhook/5 (part 1): an in-memory nonce store with expiry and bounded memory.
//
// `checkAndRecord` returns false for a nonce held and not expired (`now < expiry`), and otherwise
// records it and returns true, as one atomic step (concurrent callers: exactly one wins). Purge
// expired entries so memory stays bounded; when the live entries alone fill `capacity`, throw
// `WebhookError.replayStoreFull` rather than forget a live one. `Mutex` is in `Synchronization`.
import Foundation
import LearnerRuntime
import Webhooks

/// Remembers accepted deliveries until they expire, holding at most `capacity` entries.
public final class MemoryNonceStore: NonceStoring {
    private let capacity: Int

    /// Creates a store that holds at most `capacity` live entries.
    public init(capacity: Int) {
        self.capacity = capacity
    }

    public func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool {
        // TODO: check and record under one lock; purge expired entries; fail closed when full.
        throw Unimplemented()
    }

    public func count() throws -> Int {
        // TODO: how many entries the store holds.
        throw Unimplemented()
    }
}
