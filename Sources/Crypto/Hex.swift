/// Hexadecimal (base16) encoding of bytes, two digits per byte.
public enum Hex {
    /// Encodes `bytes` as hexadecimal text.
    /// - Parameters:
    ///   - bytes: The bytes to encode.
    ///   - uppercase: Whether to use `A`–`F` instead of `a`–`f`.
    /// - Returns: Two characters per byte, most significant digit first.
    /// - Complexity: O(*n*), where *n* is the number of bytes.
    @inlinable
    public static func encode<Bytes: Sequence>(_ bytes: Bytes, uppercase: Bool = false) -> String
    where Bytes.Element == UInt8 {
        bytes.withContiguousBytes { encode(contiguous: $0, uppercase: uppercase) }
    }

    /// Decodes hexadecimal text; upper- and lowercase digits are both accepted.
    /// - Parameter text: Hexadecimal digits, two per byte, with no prefix, separators or whitespace.
    /// - Returns: The decoded bytes.
    /// - Throws: `CryptoError` with code `.invalidHex` and the offending `offset` if the text
    ///   contains a character that is not a hex digit or has an odd number of digits.
    /// - Complexity: O(*n*), where *n* is the length of the text.
    @inlinable
    public static func decode(_ text: some StringProtocol) throws(CryptoError) -> [UInt8] {
        try text.withContiguousUTF8(decode(utf8:)).get()
    }

    /// Decodes hexadecimal digits borrowed from other storage (a header's bytes, say) with the
    /// same rules as `decode(_:)`, copying nothing but the result.
    /// - Complexity: O(*n*), where *n* is the number of bytes.
    @inlinable
    public static func decode(ascii bytes: Span<UInt8>) throws(CryptoError) -> [UInt8] {
        try bytes.withUnsafeBufferPointer { decode(utf8: $0) }.get()
    }

    /// Decodes hexadecimal digits given as ASCII bytes, with the same rules as `decode(_:)`.
    /// - Complexity: O(*n*), where *n* is the number of bytes.
    @inlinable
    public static func decode<Bytes: Collection>(ascii bytes: Bytes) throws(CryptoError) -> [UInt8]
    where Bytes.Element == UInt8 {
        if let result = bytes.withContiguousStorageIfAvailable(decode(utf8:)) { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer(decode(utf8:)).get()
    }

    @usableFromInline
    static func encode(contiguous input: UnsafeRawBufferPointer, uppercase: Bool) -> String {
        let digits: StaticString = uppercase ? "0123456789ABCDEF" : "0123456789abcdef"
        return String(unsafeUninitializedCapacity: input.count * 2) { output in
            for (index, byte) in input.enumerated() {
                output[2 * index] = digits.utf8Start[Int(byte >> 4)]
                output[2 * index + 1] = digits.utf8Start[Int(byte & 0x0F)]
            }
            return input.count * 2
        }
    }

    @usableFromInline
    static func decode(utf8 text: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], CryptoError> {
        var failure: CryptoError?
        let bytes = [UInt8](unsafeUninitializedCapacity: text.count / 2) { output, count in
            for index in 0..<text.count / 2 {
                let high = value(ofDigit: text[2 * index])
                let low = value(ofDigit: text[2 * index + 1])
                guard high | low < 16 else {
                    let offset = high < 16 ? 2 * index + 1 : 2 * index
                    failure = invalidCharacter(at: offset, in: text)
                    return
                }
                output[index] = high << 4 | low
                count = index + 1
            }
        }
        if let failure { return .failure(failure) }
        if text.count % 2 == 1 {
            let offset = text.count - 1
            if value(ofDigit: text[offset]) >= 16 { return .failure(invalidCharacter(at: offset, in: text)) }
            let message = "odd number of digits (\(text.count)): the digit at offset \(offset) has no partner"
            return .failure(CryptoError(code: .invalidHex, message: message, offset: offset))
        }
        return .success(bytes)
    }

    /// The value of an ASCII hex digit, or 0xFF for any other byte.
    private static func value(ofDigit byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        default: 0xFF
        }
    }

    private static func invalidCharacter(at offset: Int, in text: UnsafeBufferPointer<UInt8>) -> CryptoError {
        let character = CryptoError.describeCharacter(at: offset, in: text)
        return CryptoError(
            code: .invalidHex, message: "character \(character) at offset \(offset) is not a hex digit",
            offset: offset)
    }
}
