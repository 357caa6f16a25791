import Crypto
import Testing

/// The test vectors of RFC 4648, "The Base16, Base32, and Base64 Data Encodings", section 10.
let rfc4648Vectors: [(plain: String, encoded: String)] = [
    ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
    ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
]

struct Base64Tests {
    @Test(arguments: rfc4648Vectors, [Base64.Alphabet.standard, .urlSafe])
    func encodesAndDecodesRFC4648Vectors(vector: (plain: String, encoded: String), alphabet: Base64.Alphabet)
        throws
    {
        let bytes = Array(vector.plain.utf8)
        #expect(Base64.encode(bytes, alphabet: alphabet) == vector.encoded)
        #expect(try Base64.decode(vector.encoded, alphabet: alphabet) == bytes)
        let unpadded = String(vector.encoded.prefix { $0 != "=" })
        #expect(Base64.encode(bytes, alphabet: alphabet, padding: false) == unpadded)
        #expect(try Base64.decode(unpadded, alphabet: alphabet, padding: .forbidden) == bytes)
        #expect(try Base64.decode(unpadded, alphabet: alphabet, padding: .optional) == bytes)
        #expect(try Base64.decode(vector.encoded, alphabet: alphabet, padding: .optional) == bytes)
    }

    /// The borrowed-bytes overload decodes exactly as the string one, errors included.
    @Test(arguments: ["Zm9vYmE=", "Zm9vYg", "-_8=", "Zm9v\u{0}", ""])
    func decodesBorrowedBytesAsTheStringOverloadDoes(text: String) {
        let owned = Result { () throws(CryptoError) in try Base64.decode(text) }
        let borrowed = Result { () throws(CryptoError) in try Base64.decode(ascii: text.utf8.span) }
        #expect(String(describing: owned) == String(describing: borrowed))
    }

    @Test func alphabetsDifferOnlyInTheLastTwoSymbols() throws {
        #expect(Base64.encode([0xfb, 0xff, 0xbf]) == "+/+/")
        #expect(Base64.encode([0xfb, 0xff, 0xbf], alphabet: .urlSafe) == "-_-_")
        #expect(Base64.encode([0xfb, 0xff]) == "+/8=")
        #expect(try Base64.decode("-_8=", alphabet: .urlSafe) == [0xfb, 0xff])
        let error = #expect(throws: CryptoError.self) { try Base64.decode("-_8=") }
        #expect(error?.description == "invalid base64: character '-' at offset 0 is not in the standard alphabet")
        let urlError = #expect(throws: CryptoError.self) { try Base64.decode("+/8=", alphabet: .urlSafe) }
        #expect(
            urlError?.description == "invalid base64: character '+' at offset 0 is not in the URL-safe alphabet")
    }

    @Test func roundTripsEveryLengthAndByteValue() throws {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        for count in 0...bytes.count {
            let prefix = Array(bytes.prefix(count))
            for alphabet in [Base64.Alphabet.standard, .urlSafe] {
                #expect(try Base64.decode(Base64.encode(prefix, alphabet: alphabet), alphabet: alphabet) == prefix)
                let unpadded = Base64.encode(prefix, alphabet: alphabet, padding: false)
                #expect(try Base64.decode(unpadded, alphabet: alphabet, padding: .optional) == prefix)
            }
        }
    }

    @Test func decodesAnUnpadded32ByteKeyWithOptionalPadding() throws {
        // base64 of the bytes 0x00...0x1f, padded: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
        let key = try Base64.decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", padding: .optional)
        #expect(key == Array(0..<32))
    }

    @Test func requiredPaddingRejectsUnpaddedText() {
        let error = #expect(throws: CryptoError.self) { try Base64.decode("Zm9vYg") }
        #expect(error?.code == .invalidBase64)
        #expect(error?.offset == 6)
        #expect(error?.description == "invalid base64: missing padding: expected 2 '=' at offset 6")
    }

    @Test func forbiddenPaddingRejectsAnyEqualsSign() {
        let error = #expect(throws: CryptoError.self) { try Base64.decode("Zm9vYg==", padding: .forbidden) }
        #expect(error?.offset == 6)
        #expect(error?.description == "invalid base64: padding is not allowed, but '=' is at offset 6")
    }

    @Test(arguments: [Base64.Padding.required, .optional])
    func incompleteOrExcessPaddingIsRejected(padding: Base64.Padding) {
        let short = #expect(throws: CryptoError.self) { try Base64.decode("Zm9vYg=", padding: padding) }
        #expect(short?.description == "invalid base64: wrong padding: 1 '=' at offset 6, expected 2")
        let excess = #expect(throws: CryptoError.self) { try Base64.decode("Zm9v=", padding: padding) }
        #expect(excess?.description == "invalid base64: wrong padding: 1 '=' at offset 4, expected 0")
        let onlyPadding = #expect(throws: CryptoError.self) { try Base64.decode("====", padding: padding) }
        #expect(onlyPadding?.offset == 0)
    }

    /// Malformed inputs, each with the offset the error must name.
    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var offset: Int
        var messageFragment: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        Malformed(name: "character outside the alphabet", text: "Zm9v%mFy", offset: 4, messageFragment: "'%'"),
        Malformed(name: "padding in the middle", text: "Zg==Zm8=", offset: 2, messageFragment: "more data"),
        Malformed(name: "lone padding in the middle", text: "Zm=v", offset: 2, messageFragment: "more data"),
        Malformed(name: "impossible length", text: "Zm9vY", offset: 4, messageFragment: "impossible length"),
        Malformed(name: "non-zero bits after one byte", text: "Zh==", offset: 1, messageFragment: "non-canonical"),
        Malformed(name: "non-zero bits after two bytes", text: "Zm9=", offset: 2, messageFragment: "non-canonical"),
        Malformed(name: "line break", text: "Zm9v\nYmFy", offset: 4, messageFragment: "U+000A"),
        Malformed(name: "space", text: "Zm9v YmFy", offset: 4, messageFragment: "whitespace is not allowed"),
        Malformed(name: "non-ASCII character", text: "Zm9vYmFé", offset: 7, messageFragment: "U+00E9"),
    ])
    func rejectsMalformedInputAtTheRightOffset(_ malformed: Malformed) {
        for padding in [Base64.Padding.required, .optional] {
            let error = #expect(throws: CryptoError.self) { try Base64.decode(malformed.text, padding: padding) }
            #expect(error?.code == .invalidBase64)
            #expect(error?.offset == malformed.offset)
            #expect(error?.message.contains(malformed.messageFragment) == true, "\(String(describing: error))")
        }
    }

    @Test func errorsNeverContainTheInput() {
        let secret = "c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4OTA*"
        let error = #expect(throws: CryptoError.self) { try Base64.decode(secret) }
        #expect(error?.description == "invalid base64: character '*' at offset 39 is not in the standard alphabet")
        #expect(error?.description.contains("c2Vjc") == false)
    }
}
