internal import COpenSSL

/// HMAC-SHA256 (RFC 2104 with SHA-256), computed incrementally.
///
/// `HMACSHA256` is a value: copying it forks the computation. Keying costs two SHA-256 blocks, so
/// to authenticate many messages with one key, key once and copy:
/// ```swift
/// let keyed = HMACSHA256(key: secret)
/// var hmac = keyed                 // an independent copy; `keyed` is unchanged
/// hmac.update(timestamp)
/// hmac.update(".")
/// hmac.update(body)
/// let code = hmac.finalize()
/// if code == MessageAuthenticationCode(bytes: received) { ... }   // constant-time
/// ```
/// The key itself is not retained: only the hash states after its padded blocks are.
public struct HMACSHA256: Sendable {
    /// The hash of the inner padded key block followed by the message so far.
    private var inner = SHA256State()
    /// The hash of the outer padded key block; the inner digest is appended when finalizing.
    private var outer = SHA256State()

    /// Creates an HMAC computation keyed with `key`.
    ///
    /// Keys longer than the 64-byte SHA-256 block are hashed first, as RFC 2104 specifies; keys of
    /// any length, including empty, are accepted.
    /// - Parameter key: The secret key.
    /// - Complexity: O(*k*), where *k* is the length of the key.
    @inlinable
    public init<Key: Collection>(key: Key) where Key.Element == UInt8 {
        self.init(unkeyed: ())
        key.withContiguousBytes { absorbKey($0) }
    }

    /// Absorbs `bytes` into the message, without copying them when the collection has contiguous
    /// storage (`[UInt8]`, `ArraySlice`, `Data`, a native string's `utf8`).
    /// - Parameter bytes: The next piece of the message.
    /// - Complexity: O(*n*), where *n* is the number of bytes.
    @inlinable
    public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        bytes.withContiguousChunks { absorb($0) }
    }

    /// Absorbs the UTF-8 encoding of `string` into the message.
    /// - Parameter string: The next piece of the message.
    /// - Complexity: O(*n*), where *n* is the length of the string in UTF-8 bytes.
    @inlinable
    public mutating func update(_ string: String) {
        update(string.utf8)
    }

    /// Returns the authentication code of the message absorbed so far.
    /// - Returns: The 32-byte code; compare it with `==`, which takes constant time.
    public consuming func finalize() -> MessageAuthenticationCode {
        withUnsafeTemporaryAllocation(byteCount: SHA256State.digestCount, alignment: 8) { innerDigest in
            inner.finalize(into: innerDigest)
            outer.update(UnsafeRawBufferPointer(innerDigest))
        }
        return MessageAuthenticationCode(bytes: outer.finalize())
    }

    /// Returns the HMAC-SHA256 authentication code of `message` under `key`.
    /// - Parameters:
    ///   - message: The message to authenticate.
    ///   - key: The secret key.
    /// - Returns: The 32-byte code; compare it with `==`, which takes constant time.
    /// - Complexity: O(*n* + *k*), where *n* and *k* are the lengths of message and key.
    @inlinable
    public static func authenticationCode<Message: Collection, Key: Collection>(
        for message: Message, key: Key
    ) -> MessageAuthenticationCode where Message.Element == UInt8, Key.Element == UInt8 {
        var hmac = HMACSHA256(key: key)
        hmac.update(message)
        return hmac.finalize()
    }

    /// The state before keying; `absorbKey(_:)` must follow.
    @usableFromInline
    init(unkeyed: ()) {}

    /// Keys the computation: hashes the key block XOR ipad into `inner` and XOR opad into `outer`.
    @usableFromInline
    mutating func absorbKey(_ key: UnsafeRawBufferPointer) {
        let blockCount = SHA256State.blockCount
        withUnsafeTemporaryAllocation(byteCount: blockCount, alignment: 8) { block in
            block.initializeMemory(as: UInt8.self, repeating: 0)
            if key.count > blockCount {
                var keyHash = SHA256State()
                keyHash.update(key)
                keyHash.finalize(into: block)
            } else {
                block.copyMemory(from: key)
            }
            for index in 0..<blockCount { block[index] ^= 0x36 }
            inner.update(UnsafeRawBufferPointer(block))
            for index in 0..<blockCount { block[index] ^= 0x36 ^ 0x5c }
            outer.update(UnsafeRawBufferPointer(block))
            OPENSSL_cleanse(block.baseAddress, blockCount)  // Leave no copy of the key behind.
        }
    }

    /// Absorbs one contiguous piece of the message.
    @usableFromInline
    mutating func absorb(_ bytes: UnsafeRawBufferPointer) {
        inner.update(bytes)
    }
}
