// Exercise webhook/5 (part 2): the nonce store in SQLite, so that a restart does not forget.
//
// Same contract as `MemoryNonceStore`, kept in a table of the database at `path`; check and record
// in one transaction. Wrap database errors in `WebhookError.storeFailure`. The `SQLite` module has
// `Connection(.file(path))`, `execute`, `prepare`, `scalar` and `transaction`.
import Foundation
import LearnerRuntime
import SQLite
import Webhooks

/// A durable nonce store in SQLite.
public final class SQLiteNonceStore: NonceStoring {
    private let capacity: Int

    /// Opens (or creates) the store at `path`, holding at most `capacity` live entries.
    public init(path: String, capacity: Int) throws {
        // TODO: open the database and create the table.
        self.capacity = capacity
        throw Unimplemented()
    }

    public func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool {
        // TODO: one transaction: look the nonce up, purge, enforce the capacity, insert.
        throw Unimplemented()
    }

    public func count() throws -> Int {
        // TODO: how many rows the store holds.
        throw Unimplemented()
    }
}
