import Crypto
import Testing

/// Examples from FIPS 180-2, appendix B (SHA-256), plus the empty message.
struct SHA256Vector: CustomTestStringConvertible, Sendable {
    var name: String
    var message: String
    var digest: String

    var testDescription: String { name }

    static let all: [SHA256Vector] = [
        SHA256Vector(
            name: "empty message", message: "",
            digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        SHA256Vector(
            name: "FIPS 180-2 B.1 \"abc\"", message: "abc",
            digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        SHA256Vector(
            name: "FIPS 180-2 B.2 448-bit message",
            message: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ]
}

struct SHA256Tests {
    @Test(arguments: SHA256Vector.all)
    func matchesFIPSVectors(_ vector: SHA256Vector) {
        #expect(Hex.encode(SHA256.hash(vector.message)) == vector.digest)
        #expect(Hex.encode(SHA256.hash(Array(vector.message.utf8))) == vector.digest)
    }

    @Test(arguments: SHA256Vector.all)
    func hasherInPiecesEqualsOneShot(_ vector: SHA256Vector) {
        let bytes = Array(vector.message.utf8)
        for split in 0...bytes.count {
            var hasher = SHA256Hasher()
            hasher.update(bytes[..<split])
            hasher.update(String(decoding: bytes[split...], as: UTF8.self))
            #expect(Hex.encode(hasher.finalize()) == vector.digest, "split at \(split)")
        }
    }

    @Test func millionAs() {
        // FIPS 180-2 B.3: one million repetitions of "a", hashed in uneven pieces.
        var hasher = SHA256Hasher()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 999)
        for _ in 0..<1001 { hasher.update(piece) }
        hasher.update(repeatElement(UInt8(ascii: "a"), count: 1_000_000 - 999 * 1001))
        #expect(
            Hex.encode(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func copyingAHasherForksTheState() {
        var first = SHA256Hasher()
        first.update("ab")
        var second = first
        first.update("c")
        second.update("d")
        #expect(first.finalize() == SHA256.hash("abc"))
        #expect(second.finalize() == SHA256.hash("abd"))
    }
}
