/// How a transaction takes locks (the keyword after `BEGIN`).
public enum TransactionKind: String, Sendable {
    /// Takes no lock until the first read or write; a later write may then fail with
    /// `SQLITE_BUSY` without waiting.
    case deferred = "DEFERRED"
    /// Takes the write lock at once, waiting up to the busy timeout: the right default for
    /// transactions that write.
    case immediate = "IMMEDIATE"
    /// Like `immediate`; in rollback-journal mode it also keeps readers out.
    case exclusive = "EXCLUSIVE"
}
