import Crypto
import Testing

/// A test case of RFC 4231, "Identifiers and Test Vectors for HMAC-SHA-224, HMAC-SHA-256,
/// HMAC-SHA-384, and HMAC-SHA-512", section 4. Expected values are typed from the RFC.
struct RFC4231Case: CustomTestStringConvertible, Sendable {
    var number: Int
    var key: [UInt8]
    var data: [UInt8]
    /// HMAC-SHA-256 from the RFC, in hex; test case 5 gives only the first 128 bits.
    var expected: String

    var testDescription: String { "RFC 4231 test case \(number)" }

    static let all: [RFC4231Case] = [
        RFC4231Case(
            number: 1, key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
            expected: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        RFC4231Case(
            number: 2, key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
            expected: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        RFC4231Case(
            number: 3, key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
            expected: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        RFC4231Case(
            number: 4, key: Array(0x01...0x19), data: [UInt8](repeating: 0xcd, count: 50),
            expected: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        RFC4231Case(
            number: 5, key: [UInt8](repeating: 0x0c, count: 20), data: Array("Test With Truncation".utf8),
            expected: "a3b6167473100ee06e0c796c2955552b"),
        RFC4231Case(
            number: 6, key: [UInt8](repeating: 0xaa, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            expected: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        RFC4231Case(
            number: 7, key: [UInt8](repeating: 0xaa, count: 131),
            data: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data."
                    + " The key needs to be hashed before being used by the HMAC algorithm.").utf8),
            expected: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]
}

struct HMACSHA256Tests {
    @Test(arguments: RFC4231Case.all)
    func matchesRFC4231(_ vector: RFC4231Case) {
        let code = HMACSHA256.authenticationCode(for: vector.data, key: vector.key)
        #expect(code.count == 32)
        #expect(code.hexEncoded.hasPrefix(vector.expected))
    }

    @Test(arguments: RFC4231Case.all)
    func incrementalUpdatesInAnySplitEqualOneShot(_ vector: RFC4231Case) {
        let oneShot = HMACSHA256.authenticationCode(for: vector.data, key: vector.key)
        for split in 0...vector.data.count {
            var hmac = HMACSHA256(key: vector.key)
            hmac.update(vector.data[..<split])
            hmac.update(vector.data[split...])
            #expect(hmac.finalize() == oneShot, "split at \(split)")
        }
        var byteByByte = HMACSHA256(key: vector.key)
        for byte in vector.data { byteByByte.update(CollectionOfOne(byte)) }
        #expect(byteByByte.finalize() == oneShot)
    }

    @Test func nonContiguousCollectionsHashLikeArrays() {
        let key = Array("key".utf8)
        let message = (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 31) }  // longer than the copy buffer
        let expected = HMACSHA256.authenticationCode(for: message, key: key)
        #expect(HMACSHA256.authenticationCode(for: message.lazy.map { $0 }, key: key.lazy.map { $0 }) == expected)
        var hmac = HMACSHA256(key: key)
        hmac.update(message.lazy.filter { _ in true })
        #expect(hmac.finalize() == expected)
    }

    @Test func stringUpdateHashesUTF8Bytes() {
        let text = "grüße, 世界 🌍"
        var fromString = HMACSHA256(key: Array("k".utf8))
        fromString.update(text)
        let expected = HMACSHA256.authenticationCode(for: Array(text.utf8), key: Array("k".utf8))
        #expect(fromString.finalize() == expected)
    }

    @Test func copyingForksTheState() {
        let key = Array("secret".utf8)
        var first = HMACSHA256(key: key)
        first.update("prefix-")
        var second = first
        first.update("a")
        second.update("b")
        #expect(first.finalize() == HMACSHA256.authenticationCode(for: Array("prefix-a".utf8), key: key))
        #expect(second.finalize() == HMACSHA256.authenticationCode(for: Array("prefix-b".utf8), key: key))
    }

    @Test func keyedValueIsReusableForManyMessages() {
        let key = Array("secret".utf8)
        let keyed = HMACSHA256(key: key)
        for message in ["one", "two", ""] {
            var hmac = keyed
            hmac.update(message)
            #expect(hmac.finalize() == HMACSHA256.authenticationCode(for: Array(message.utf8), key: key))
        }
    }

    @Test func emptyKeyAndMessageAreAllowed() {
        // Cross-checked with Python: hmac.new(b"", b"", hashlib.sha256).hexdigest()
        let code = HMACSHA256.authenticationCode(for: [UInt8](), key: [UInt8]())
        #expect(code.hexEncoded == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}
