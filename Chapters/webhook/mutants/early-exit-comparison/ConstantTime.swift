// Exercise webhook/1: compare two byte sequences in constant time.
import Webhooks

/// Compares MACs without an early exit, so the time taken does not tell an attacker how many
/// leading bytes of a forged signature were right.
public struct ConstantTimeComparer: SignatureComparing {
    public init() {}

    public func isEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        // The length of a MAC is public (it is fixed by the scheme), so leaving early on a length
        // mismatch leaks nothing. From here on, every byte of both is read exactly once.
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) {
            if x != y { return false }  // the bug: an early exit leaks, through time, where the first difference is
        }
        return difference == 0
    }
}
