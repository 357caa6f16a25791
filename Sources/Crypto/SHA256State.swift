internal import COpenSSL

/// A running SHA-256 computation: OpenSSL's `SHA256_CTX`, held by value.
///
/// The context is a plain C struct without pointers, so copying this value forks the computation
/// and nothing needs freeing. This is the only type that calls OpenSSL's hash functions.
struct SHA256State: Sendable {
    /// The digest length in bytes.
    static let digestCount = 32
    /// The block length in bytes, which HMAC pads keys to.
    static let blockCount = 64

    private var context = SHA256_CTX()

    init() {
        SHA256_Init(&context)  // Cannot fail: it only stores the initial hash values.
    }

    /// Absorbs `bytes`.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        SHA256_Update(&context, base, bytes.count)
    }

    /// Finishes the computation and writes the 32-byte digest to the start of `digest`.
    ///
    /// Afterwards the state is spent: start a new one before hashing again.
    mutating func finalize(into digest: UnsafeMutableRawBufferPointer) {
        precondition(digest.count >= Self.digestCount, "a SHA-256 digest needs 32 bytes")
        SHA256_Final(digest.baseAddress!.assumingMemoryBound(to: UInt8.self), &context)
    }

    /// Finishes the computation and returns the 32-byte digest.
    ///
    /// Afterwards the state is spent: start a new one before hashing again.
    mutating func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Self.digestCount) { buffer, count in
            finalize(into: UnsafeMutableRawBufferPointer(buffer))
            count = Self.digestCount
        }
    }
}
