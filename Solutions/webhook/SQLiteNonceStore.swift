// Exercise webhook/5 (part 2): the nonce store in SQLite, so that a restart does not forget.
import Foundation
import SQLite
import Synchronization
import Webhooks

/// A durable nonce store: one row per live nonce, checked and recorded in one transaction, so
/// that it survives restarts and is safe when several processes share the file.
public final class SQLiteNonceStore: NonceStoring {
    private let capacity: Int
    private let connection: Mutex<Connection>

    /// Opens (or creates) the store at `path`, holding at most `capacity` live entries.
    /// - Throws: `WebhookError.storeFailure` when the database cannot be opened.
    public init(path: String, capacity: Int) throws {
        self.capacity = max(1, capacity)
        do {
            let connection = try Connection(.file(path))
            try connection.execute(
                """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS webhook_nonces (
                    nonce TEXT PRIMARY KEY,
                    expiry REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS webhook_nonces_by_expiry ON webhook_nonces (expiry);
                """)
            self.connection = Mutex(connection)
        } catch {
            throw WebhookError.storeFailure("cannot open \(path): \(error.message)")
        }
    }

    public func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool {
        let now = now.timeIntervalSince1970
        let expiry = expiry.timestampValue
        do {
            return try connection.withLock { db in
                try db.transaction(.immediate) {
                    if let held = try db.scalar(
                        "SELECT expiry FROM webhook_nonces WHERE nonce = ?", [.text(nonce)], as: Double.self),
                        now < held
                    {
                        return false
                    }
                    try db.prepare("DELETE FROM webhook_nonces WHERE expiry <= ?").run([.real(now)])
                    guard now < expiry else { return true }
                    let held = try db.scalar("SELECT count(*) FROM webhook_nonces", as: Int.self) ?? 0
                    guard held < capacity else { throw WebhookError.replayStoreFull }
                    try db.prepare("INSERT INTO webhook_nonces (nonce, expiry) VALUES (?, ?)")
                        .run([.text(nonce), .real(expiry)])
                    return true
                }
            }
        } catch let error as WebhookError {
            throw error
        } catch {
            throw WebhookError.storeFailure("\(error)")
        }
    }

    public func count() throws -> Int {
        do {
            return try connection.withLock { try $0.scalar("SELECT count(*) FROM webhook_nonces", as: Int.self) ?? 0 }
        } catch {
            throw WebhookError.storeFailure("\(error)")
        }
    }
}

extension Date {
    fileprivate var timestampValue: Double { timeIntervalSince1970 }
}
