/// Base64 encoding of bytes (RFC 4648), with a strict decoder.
///
/// The decoder accepts exactly the canonical encodings: it rejects characters outside the
/// alphabet (including whitespace and line breaks), `=` anywhere but at the end, impossible
/// lengths, and non-zero unused bits in the last character, which would let two different texts
/// decode to the same bytes. Errors say what is wrong and at which offset, never echoing the input.
public enum Base64 {
    /// The 64 symbols of an encoding.
    public enum Alphabet: Sendable {
        /// `A`–`Z`, `a`–`z`, `0`–`9`, `+`, `/` (RFC 4648 section 4).
        case standard
        /// `A`–`Z`, `a`–`z`, `0`–`9`, `-`, `_`, safe in URLs and file names (RFC 4648 section 5).
        case urlSafe
    }

    /// Whether the decoder requires, accepts or rejects trailing `=` padding.
    public enum Padding: Sendable {
        /// The text must be padded with `=` to a multiple of four characters.
        case required
        /// Padded and unpadded text are both accepted; padding, if present, must be complete.
        case optional
        /// The text must not contain `=`.
        case forbidden
    }

    /// Encodes `bytes` as base64 text.
    /// - Parameters:
    ///   - bytes: The bytes to encode.
    ///   - alphabet: The symbols to use.
    ///   - padding: Whether to pad the text with `=` to a multiple of four characters.
    /// - Returns: Four characters for every three bytes, without line breaks.
    /// - Complexity: O(*n*), where *n* is the number of bytes.
    @inlinable
    public static func encode<Bytes: Sequence>(
        _ bytes: Bytes, alphabet: Alphabet = .standard, padding: Bool = true
    ) -> String where Bytes.Element == UInt8 {
        bytes.withContiguousBytes { encode(contiguous: $0, alphabet: alphabet, padding: padding) }
    }

    /// Decodes base64 text strictly.
    /// - Parameters:
    ///   - text: The base64 text, without whitespace or line breaks.
    ///   - alphabet: The symbols the text uses.
    ///   - padding: Whether trailing `=` padding is required, optional or forbidden.
    /// - Returns: The decoded bytes.
    /// - Throws: `CryptoError` with code `.invalidBase64` and the offending `offset` if the text
    ///   has a character outside the alphabet, `=` before the end, an impossible length, non-zero
    ///   unused bits in its last character, or padding that `padding` does not allow.
    /// - Complexity: O(*n*), where *n* is the length of the text.
    @inlinable
    public static func decode(
        _ text: some StringProtocol, alphabet: Alphabet = .standard, padding: Padding = .required
    ) throws(CryptoError) -> [UInt8] {
        try text.withContiguousUTF8 { decode(utf8: $0, alphabet: alphabet, padding: padding) }.get()
    }

    /// Decodes base64 borrowed from other storage (a header's bytes, say) with the same rules as
    /// `decode(_:alphabet:padding:)`, copying nothing but the result.
    /// - Complexity: O(*n*), where *n* is the number of bytes.
    @inlinable
    public static func decode(
        ascii bytes: Span<UInt8>, alphabet: Alphabet = .standard, padding: Padding = .required
    ) throws(CryptoError) -> [UInt8] {
        try bytes.withUnsafeBufferPointer { decode(utf8: $0, alphabet: alphabet, padding: padding) }.get()
    }

    /// Decodes base64 given as ASCII bytes (a slice of a header, say) with the same rules as
    /// `decode(_:alphabet:padding:)`, without first making a string.
    /// - Complexity: O(*n*), where *n* is the number of bytes.
    @inlinable
    public static func decode<Bytes: Collection>(
        ascii bytes: Bytes, alphabet: Alphabet = .standard, padding: Padding = .required
    ) throws(CryptoError) -> [UInt8] where Bytes.Element == UInt8 {
        if let result = bytes.withContiguousStorageIfAvailable({
            decode(utf8: $0, alphabet: alphabet, padding: padding)
        }) {
            return try result.get()
        }
        return try Array(bytes).withUnsafeBufferPointer { decode(utf8: $0, alphabet: alphabet, padding: padding) }.get()
    }
}

extension Base64 {
    @usableFromInline
    static func encode(
        contiguous input: UnsafeRawBufferPointer, alphabet: Alphabet, padding: Bool
    ) -> String {
        let remainder = input.count % 3
        let fullCount = input.count - remainder
        let tailCount = remainder == 0 ? 0 : (padding ? 4 : remainder + 1)
        let outputCount = fullCount / 3 * 4 + tailCount
        let symbols = alphabet.symbols.utf8Start
        return String(unsafeUninitializedCapacity: outputCount) { output in
            var inputIndex = 0
            var outputIndex = 0
            while inputIndex < fullCount {
                let group =
                    UInt32(input[inputIndex]) << 16 | UInt32(input[inputIndex + 1]) << 8
                    | UInt32(input[inputIndex + 2])
                output[outputIndex] = symbols[Int(group >> 18)]
                output[outputIndex + 1] = symbols[Int(group >> 12 & 0x3F)]
                output[outputIndex + 2] = symbols[Int(group >> 6 & 0x3F)]
                output[outputIndex + 3] = symbols[Int(group & 0x3F)]
                inputIndex += 3
                outputIndex += 4
            }
            if remainder > 0 {
                let second = remainder == 2 ? UInt32(input[inputIndex + 1]) : 0
                let group = UInt32(input[inputIndex]) << 16 | second << 8
                output[outputIndex] = symbols[Int(group >> 18)]
                output[outputIndex + 1] = symbols[Int(group >> 12 & 0x3F)]
                if remainder == 2 { output[outputIndex + 2] = symbols[Int(group >> 6 & 0x3F)] }
                for index in (outputIndex + remainder + 1)..<(outputIndex + tailCount) {
                    output[index] = UInt8(ascii: "=")
                }
            }
            return outputCount
        }
    }

    @usableFromInline
    static func decode(
        utf8 text: UnsafeBufferPointer<UInt8>, alphabet: Alphabet, padding: Padding
    ) -> Result<[UInt8], CryptoError> {
        var end = text.count
        while end > 0 && text[end - 1] == UInt8(ascii: "=") { end -= 1 }
        let paddingCount = text.count - end
        let remainder = end % 4
        let fullEnd = end - remainder
        let outputCount = fullEnd / 4 * 3 + max(0, remainder - 1)

        // Pass 1: decode, stopping at the first character outside the alphabet.
        var badOffset: Int?
        let bytes = alphabet.decodingTable.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: outputCount) { output, count in
                func firstInvalid(in range: Range<Int>) -> Int? {
                    range.first { table[Int(text[$0])] >= 64 }
                }
                var inputIndex = 0
                var outputIndex = 0
                while inputIndex < fullEnd {
                    let a = table[Int(text[inputIndex])]
                    let b = table[Int(text[inputIndex + 1])]
                    let c = table[Int(text[inputIndex + 2])]
                    let d = table[Int(text[inputIndex + 3])]
                    guard a | b | c | d < 64 else {
                        badOffset = firstInvalid(in: inputIndex..<inputIndex + 4)
                        return
                    }
                    output[outputIndex] = a << 2 | b >> 4
                    output[outputIndex + 1] = b << 4 | c >> 2
                    output[outputIndex + 2] = c << 6 | d
                    inputIndex += 4
                    outputIndex += 3
                }
                if let invalid = firstInvalid(in: fullEnd..<end) {
                    badOffset = invalid
                    return
                }
                if remainder >= 2 {
                    let a = table[Int(text[fullEnd])]
                    let b = table[Int(text[fullEnd + 1])]
                    output[outputIndex] = a << 2 | b >> 4
                    if remainder == 3 {
                        output[outputIndex + 1] = b << 4 | table[Int(text[fullEnd + 2])] >> 2
                    }
                }
                count = outputCount
            }
        }

        // Pass 2: the structural rules, now that every data character is in the alphabet.
        func failure(_ message: String, at offset: Int) -> Result<[UInt8], CryptoError> {
            .failure(CryptoError(code: .invalidBase64, message: message, offset: offset))
        }
        if let offset = badOffset {
            if text[offset] == UInt8(ascii: "=") {
                return failure("padding '=' at offset \(offset) is followed by more data", at: offset)
            }
            let character = CryptoError.describeCharacter(at: offset, in: text)
            let whitespace = [9, 10, 13, 32].contains(text[offset]) ? " (whitespace is not allowed)" : ""
            return failure(
                "character \(character) at offset \(offset) is not in the \(alphabet) alphabet\(whitespace)",
                at: offset)
        }
        if remainder == 1 {
            return failure(
                "impossible length: \(end) characters leave a last group of one character "
                    + "at offset \(end - 1), which cannot encode a byte", at: end - 1)
        }
        if remainder >= 2, alphabet.decodingTable[Int(text[end - 1])] & (remainder == 2 ? 0x0F : 0x03) != 0 {
            return failure(
                "non-canonical encoding: the last character, at offset \(end - 1), has non-zero unused bits",
                at: end - 1)
        }
        let expectedPadding = (4 - remainder) % 4
        if paddingCount > 0 {
            if padding == .forbidden {
                return failure("padding is not allowed, but '=' is at offset \(end)", at: end)
            }
            if paddingCount != expectedPadding {
                return failure(
                    "wrong padding: \(paddingCount) '=' at offset \(end), expected \(expectedPadding)",
                    at: end)
            }
        } else if expectedPadding > 0 && padding == .required {
            return failure("missing padding: expected \(expectedPadding) '=' at offset \(end)", at: end)
        }
        return .success(bytes)
    }
}

extension Base64.Alphabet: CustomStringConvertible {
    /// The alphabet's name in error messages: "standard" or "URL-safe".
    public var description: String {
        switch self {
        case .standard: "standard"
        case .urlSafe: "URL-safe"
        }
    }

    /// The 64 symbols in value order.
    fileprivate var symbols: StaticString {
        switch self {
        case .standard: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        case .urlSafe: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        }
    }

    /// The value of each byte as a symbol of this alphabet, or 0xFF for bytes that are not symbols.
    fileprivate var decodingTable: [UInt8] {
        switch self {
        case .standard: Base64.standardDecodingTable
        case .urlSafe: Base64.urlSafeDecodingTable
        }
    }
}

extension Base64 {
    fileprivate static let standardDecodingTable = makeDecodingTable(.standard)
    fileprivate static let urlSafeDecodingTable = makeDecodingTable(.urlSafe)

    private static func makeDecodingTable(_ alphabet: Alphabet) -> [UInt8] {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let symbols = alphabet.symbols
        for value in 0..<symbols.utf8CodeUnitCount {
            table[Int(symbols.utf8Start[value])] = UInt8(value)
        }
        return table
    }
}
