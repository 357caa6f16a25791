// Exercise webhook/1: compare two byte sequences in constant time.
//
// `isEqual` must tell whether `a` and `b` hold the same bytes, reading every element of both
// exactly once whatever their contents, so that the time it takes does not reveal how many leading
// bytes of a forged signature were right. Different lengths may return `false` at once (the
// length of a MAC is public). Read Chapters/webhook/README.md; `swift run workbook hint webhook 1`.
import LearnerRuntime
import Webhooks

/// Compares MACs without an early exit.
public struct ConstantTimeComparer: SignatureComparing {
    public init() {}

    public func isEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        // TODO: compare every byte of both without returning early.
        todo()
    }
}
