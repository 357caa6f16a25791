import Crypto
import Testing

struct MessageAuthenticationCodeTests {
    let code = HMACSHA256.authenticationCode(for: Array("Hi There".utf8), key: [UInt8](repeating: 0x0b, count: 20))

    @Test func encodesAsHexAndBase64() {
        // RFC 4231 test case 1; base64 cross-checked with Python's base64 module.
        #expect(code.hexEncoded == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(code.base64Encoded == "sDRMYdjbOFNcqK/OrwvxK4gdwgDJgz2nJuk3bC4yz/c=")
    }

    @Test func descriptionDoesNotRevealTheBytes() {
        #expect(code.description == "MessageAuthenticationCode(32 bytes)")
        #expect(String(reflecting: code) == "MessageAuthenticationCode(32 bytes)")
        var dumped = ""
        dump(code, to: &dumped)
        for text in [code.description, String(reflecting: code), dumped] {
            #expect(!text.contains(code.hexEncoded))
            #expect(!text.contains("176"))  // 0xb0, the first byte, in decimal
        }
    }

    @Test func equalityComparesBytesAndLength() {
        #expect(code == MessageAuthenticationCode(bytes: code.bytes))
        #expect(code != MessageAuthenticationCode(bytes: Array(code.bytes.dropLast())))
        var flipped = code.bytes
        flipped[31] ^= 1
        #expect(code != MessageAuthenticationCode(bytes: flipped))
        #expect(Set([code, MessageAuthenticationCode(bytes: code.bytes)]).count == 1)
    }

    @Test func isACollectionOfItsBytes() {
        #expect(code.count == 32)
        #expect(Array(code) == code.bytes)
        #expect(code.first == 0xb0)
    }
}
