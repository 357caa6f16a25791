/// An error from the Crypto module: malformed hex or base64 input, or a failure in libcrypto.
///
/// Messages never contain the input, which may be a secret; decoding errors name at most the one
/// offending character and its offset.
public struct CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What failed. New codes may be added, so switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case invalidHex, invalidBase64, randomFailure, libcrypto
        }

        private var wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The text is not valid hexadecimal.
        public static let invalidHex = Code(.invalidHex)
        /// The text is not valid base64 in the requested alphabet and padding mode.
        public static let invalidBase64 = Code(.invalidBase64)
        /// The random number generator could not produce bytes.
        public static let randomFailure = Code(.randomFailure)
        /// Another libcrypto call failed.
        public static let libcrypto = Code(.libcrypto)

        /// What failed, as the first part of an error description, such as "invalid base64".
        public var description: String {
            switch wrapped {
            case .invalidHex: "invalid hex"
            case .invalidBase64: "invalid base64"
            case .randomFailure: "secure random generation failed"
            case .libcrypto: "libcrypto call failed"
            }
        }
    }

    /// What failed.
    public var code: Code
    /// The detail, such as "character '%' at offset 12 is not in the standard alphabet".
    public var message: String
    /// The offset in the input, counted in characters from 0, where decoding failed, if known.
    public var offset: Int?

    /// Creates an error.
    /// - Parameters:
    ///   - code: What failed.
    ///   - message: The detail, which must not contain secrets.
    ///   - offset: Where in the input the problem is, if it is about an input.
    public init(code: Code, message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    /// The error as "what failed: detail", such as
    /// "invalid base64: character '%' at offset 12 is not in the standard alphabet".
    public var description: String { "\(code): \(message)" }
}

extension CryptoError {
    /// Describes the Unicode scalar that starts at `offset` in `text` (a UTF-8 buffer whose bytes
    /// before `offset` are all ASCII, so `offset` counts characters too), such as `'%'` or `U+000A`.
    static func describeCharacter(at offset: Int, in text: UnsafeBufferPointer<UInt8>) -> String {
        let rest = UnsafeBufferPointer(rebasing: text[offset..<min(offset + 4, text.count)])
        guard let scalar = String(decoding: rest, as: UTF8.self).unicodeScalars.first else { return "?" }
        if scalar.value > 0x20 && scalar.value < 0x7F { return "'\(scalar)'" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
