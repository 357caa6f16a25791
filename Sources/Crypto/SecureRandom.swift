internal import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's CSPRNG (`RAND_bytes`), for keys, tokens
/// and nonces.
public enum SecureRandom {
    /// Returns `count` cryptographically secure random bytes.
    /// - Parameter count: How many bytes to return; must not be negative.
    /// - Returns: The random bytes.
    /// - Throws: `CryptoError` with code `.randomFailure` if the generator is not seeded or fails.
    /// - Complexity: O(*n*), where *n* is `count`.
    public static func bytes(count: Int) throws(CryptoError) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes(count:) needs a non-negative count")
        var bytes = [UInt8](repeating: 0, count: count)
        let succeeded = bytes.withUnsafeMutableBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let chunk = min(buffer.count - start, Int(Int32.max))
                guard RAND_bytes(buffer.baseAddress! + start, Int32(chunk)) == 1 else { return false }
                start += chunk
            }
            return true
        }
        guard succeeded else {
            throw CryptoError(code: .randomFailure, message: "RAND_bytes failed: \(openSSLErrorReason())")
        }
        return bytes
    }
}

/// The reason for the most recent error in OpenSSL's error queue, which is then cleared.
func openSSLErrorReason() -> String {
    let code = ERR_get_error()
    ERR_clear_error()
    guard code != 0 else { return "no reason given" }
    var buffer = [CChar](repeating: 0, count: 256)
    ERR_error_string_n(code, &buffer, buffer.count)
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
