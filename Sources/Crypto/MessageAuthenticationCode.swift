/// A message authentication code, such as the 32 bytes that ``HMACSHA256`` produces.
///
/// Comparing two codes with `==` takes the same time wherever they differ, so comparing a
/// received signature with the expected one does not leak how many leading bytes an attacker
/// guessed right. The bytes are never printed: `description` and `dump` show only the length.
public struct MessageAuthenticationCode: Sendable, Equatable, Hashable, RandomAccessCollection,
    CustomStringConvertible, CustomReflectable
{
    /// The raw bytes of the code.
    public let bytes: [UInt8]

    /// Wraps `bytes`, for example a signature received in a request, so it can be compared in
    /// constant time with a computed code. Any length is accepted; codes of different lengths are
    /// simply unequal.
    /// - Parameter bytes: The raw bytes of the code.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Returns whether the two codes are equal, in time that depends only on their lengths.
    ///
    /// Codes of different lengths are unequal (the length is not secret).
    public static func == (lhs: MessageAuthenticationCode, rhs: MessageAuthenticationCode) -> Bool {
        constantTimeEquals(lhs.bytes, rhs.bytes)
    }

    /// Hashes the bytes of the code (not in constant time).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes)
    }

    /// The code as lowercase hexadecimal, two characters per byte.
    public var hexEncoded: String { Hex.encode(bytes) }

    /// The code in standard, padded base64 (RFC 4648 section 4).
    public var base64Encoded: String { Base64.encode(bytes) }

    /// A description that names the length but never the bytes, so codes can be logged safely.
    public var description: String { "MessageAuthenticationCode(\(bytes.count) bytes)" }

    /// A mirror without children, so `dump` does not print the bytes either.
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// The position of the first byte, always 0.
    public var startIndex: Int { 0 }

    /// The position after the last byte, which is the length of the code.
    public var endIndex: Int { bytes.count }

    /// The byte at `position`.
    public subscript(position: Int) -> UInt8 { bytes[position] }

    /// Calls `body` with the bytes in contiguous memory, so generic byte algorithms (such as
    /// ``constantTimeEquals(_:_:)``) read them without per-element dispatch.
    public func withContiguousStorageIfAvailable<Result>(
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
    ) rethrows -> Result? {
        try bytes.withUnsafeBufferPointer(body)
    }
}
