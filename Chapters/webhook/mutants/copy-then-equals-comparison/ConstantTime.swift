// Exercise webhook/1: compare two byte sequences in constant time.
import Webhooks

/// Compares MACs without an early exit, so the time taken does not tell an attacker how many
/// leading bytes of a forged signature were right.
public struct ConstantTimeComparer: SignatureComparing {
    public init() {}

    public func isEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        // The bug: every byte is read exactly once (into the arrays), but `==` then stops at the
        // first difference, so the time still says where it is.
        Array(a) == Array(b)
    }
}
