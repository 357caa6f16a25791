/// An incremental SHA-256 computation, for messages that arrive in pieces (streams, files).
///
/// It is a value: copying a hasher forks the computation, so a common prefix can be hashed once.
/// ```swift
/// var hasher = SHA256Hasher()
/// hasher.update("ab")
/// hasher.update("c")
/// let digest = hasher.finalize()   // == SHA256.hash("abc")
/// ```
public struct SHA256Hasher: Sendable {
    private var state = SHA256State()

    /// Creates a hasher that has absorbed nothing yet.
    public init() {}

    /// Absorbs `bytes`, without copying them when the collection has contiguous storage.
    /// - Parameter bytes: The next piece of the message.
    /// - Complexity: O(*n*), where *n* is the number of bytes.
    @inlinable
    public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        bytes.withContiguousChunks { absorb($0) }
    }

    /// Absorbs the UTF-8 encoding of `string`.
    /// - Parameter string: The next piece of the message.
    /// - Complexity: O(*n*), where *n* is the length of the string in UTF-8 bytes.
    @inlinable
    public mutating func update(_ string: String) {
        update(string.utf8)
    }

    /// Returns the digest of everything absorbed so far.
    /// - Returns: The 32-byte SHA-256 digest.
    public consuming func finalize() -> [UInt8] {
        state.finalize()
    }

    /// Absorbs one contiguous piece of the message.
    @usableFromInline
    mutating func absorb(_ bytes: UnsafeRawBufferPointer) {
        state.update(bytes)
    }
}
