// Generic entry points of this module are `@inlinable` and only adapt their arguments to these
// helpers, so that clients specialize them (no generic dispatch per call) while the code that
// touches OpenSSL stays behind non-generic, non-inlinable functions.

extension Sequence<UInt8> {
    /// Calls `body` with all the bytes, in order, in one or more contiguous chunks.
    ///
    /// Collections with contiguous storage (`[UInt8]`, `ArraySlice`, `Data`, native strings'
    /// `UTF8View`) are passed in one chunk without copying; other sequences are copied through a
    /// small stack buffer, so no call allocates on the heap.
    @inlinable
    func withContiguousChunks(_ body: (UnsafeRawBufferPointer) -> Void) {
        if withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) != nil { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 512) { buffer in
            var count = 0
            for byte in self {
                buffer[count] = byte
                count += 1
                if count == buffer.count {
                    body(UnsafeRawBufferPointer(buffer))
                    count = 0
                }
            }
            if count > 0 {
                body(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[..<count])))
            }
        }
    }

    /// Calls `body` with all the bytes in one contiguous buffer, copying them into an array only
    /// when the sequence has no contiguous storage.
    @inlinable
    func withContiguousBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        if let result = withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(self).withUnsafeBytes(body)
    }
}

extension StringProtocol {
    /// Calls `body` with the string's UTF-8 bytes in one contiguous buffer, copying them only when
    /// the string is not stored contiguously (a bridged or foreign string).
    @inlinable
    func withContiguousUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = String(self)
        return copy.withUTF8(body)
    }
}
