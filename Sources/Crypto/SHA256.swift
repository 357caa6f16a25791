/// SHA-256 (FIPS 180-4) in one call.
///
/// ```swift
/// let digest = SHA256.hash("abc")   // 32 bytes: ba7816bf...
/// ```
/// To hash data that arrives in pieces, use ``SHA256Hasher``.
public enum SHA256 {
    /// The length of a SHA-256 digest in bytes.
    public static let digestCount = 32

    /// Returns the SHA-256 digest of `bytes`.
    ///
    /// Collections with contiguous storage are hashed in place, without copying.
    /// - Parameter bytes: The message.
    /// - Returns: The 32-byte digest.
    /// - Complexity: O(*n*), where *n* is the length of the message.
    @inlinable
    public static func hash<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Returns the SHA-256 digest of the UTF-8 encoding of `string`.
    /// - Parameter string: The message.
    /// - Returns: The 32-byte digest.
    /// - Complexity: O(*n*), where *n* is the length of the string in UTF-8 bytes.
    @inlinable
    public static func hash(_ string: String) -> [UInt8] {
        hash(string.utf8)
    }
}
