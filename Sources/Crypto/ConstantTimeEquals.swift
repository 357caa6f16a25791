/// Returns whether two byte collections are equal, in time independent of their contents.
///
/// Collections of different lengths are unequal at once: the length is not treated as secret. For
/// equal lengths, every element of both is read exactly once and the differences are accumulated
/// with XOR and OR, with no early exit, so neither the running time nor the memory accesses depend
/// on where (or whether) the first difference is. Use it to compare signatures and tokens.
/// - Parameters:
///   - a: One byte collection, such as a computed signature.
///   - b: The other, such as a received signature.
/// - Returns: `true` if both have the same length and the same bytes.
/// - Complexity: O(*n*), where *n* is the length of the collections.
@inlinable
public func constantTimeEquals<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
where A.Element == UInt8, B.Element == UInt8 {
    guard a.count == b.count else { return false }
    // Fast path: both contiguous, compared without generic iteration.
    let contiguous = a.withContiguousStorageIfAvailable { a in
        b.withContiguousStorageIfAvailable { b in
            constantTimeDifference(UnsafeRawBufferPointer(a), UnsafeRawBufferPointer(b))
        }
    }
    if let difference = contiguous ?? nil { return difference == 0 }
    var difference: UInt8 = 0
    for (x, y) in zip(a, b) {
        difference |= x ^ y
    }
    return difference == 0
}

/// The OR of the XORs of two equally long buffers: zero exactly when they are equal.
@usableFromInline
func constantTimeDifference(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> UInt8 {
    var difference: UInt8 = 0
    for index in 0..<a.count {
        difference |= a[index] ^ b[index]
    }
    return difference
}
