import Foundation

/// One side's answers to the chapter's exercises: the learner's or the reference's. The grader
/// main builds one from `Exercises/webhook` and one from `Solutions/webhook`.
public struct WebhookImplementations: Sendable {
    /// Exercise 1.
    public var comparer: any SignatureComparing
    /// Exercise 2.
    public var parser: any SignatureHeaderParsing
    /// Exercise 3.
    public var signatures: any SignatureVerifying
    /// Exercise 4.
    public var window: any TimestampChecking
    /// Exercise 5: a memory store of the given capacity.
    public var makeMemoryStore: @Sendable (Int) -> any NonceStoring
    /// Exercise 5: an SQLite store at a path with the given capacity.
    public var makeSQLiteStore: @Sendable (String, Int) throws -> any NonceStoring
    /// Exercise 5: the whole verifier.
    public var makeVerifier: @Sendable (VerifierConfiguration) -> any WebhookVerifying

    /// Creates a set of implementations.
    public init(
        comparer: any SignatureComparing, parser: any SignatureHeaderParsing, signatures: any SignatureVerifying,
        window: any TimestampChecking, makeMemoryStore: @escaping @Sendable (Int) -> any NonceStoring,
        makeSQLiteStore: @escaping @Sendable (String, Int) throws -> any NonceStoring,
        makeVerifier: @escaping @Sendable (VerifierConfiguration) -> any WebhookVerifying
    ) {
        self.comparer = comparer
        self.parser = parser
        self.signatures = signatures
        self.window = window
        self.makeMemoryStore = makeMemoryStore
        self.makeSQLiteStore = makeSQLiteStore
        self.makeVerifier = makeVerifier
    }
}
