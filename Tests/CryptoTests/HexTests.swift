import Crypto
import Testing

struct HexTests {
    @Test func encodesLowercaseByDefaultAndUppercaseOnRequest() {
        #expect(Hex.encode([0x00, 0x01, 0xab, 0xff]) == "0001abff")
        #expect(Hex.encode([0x00, 0x01, 0xab, 0xff], uppercase: true) == "0001ABFF")
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test func roundTripsEveryByteValue() throws {
        let bytes = Array(UInt8.min...UInt8.max)
        #expect(try Hex.decode(Hex.encode(bytes)) == bytes)
        #expect(try Hex.decode(Hex.encode(bytes, uppercase: true)) == bytes)
    }

    @Test func decodesMixedCaseAndSubstrings() throws {
        #expect(try Hex.decode("DeadBEEF") == [0xde, 0xad, 0xbe, 0xef])
        let text = "xx0aFFxx"
        #expect(try Hex.decode(text.dropFirst(2).dropLast(2)) == [0x0a, 0xff])
        #expect(try Hex.decode("") == [])
    }

    /// The borrowed-bytes overload decodes exactly as the string one, errors included.
    @Test(arguments: ["00ff10Ab", "0g", "123", ""])
    func decodesBorrowedBytesAsTheStringOverloadDoes(text: String) {
        let owned = Result { () throws(CryptoError) in try Hex.decode(text) }
        let borrowed = Result { () throws(CryptoError) in try Hex.decode(ascii: text.utf8.span) }
        #expect(String(describing: owned) == String(describing: borrowed))
    }

    @Test func rejectsOddLengthWithTheOffsetOfTheUnpairedDigit() {
        let error = #expect(throws: CryptoError.self) { try Hex.decode("abc") }
        #expect(error?.code == .invalidHex)
        #expect(error?.offset == 2)
        #expect(
            error?.description == "invalid hex: odd number of digits (3): the digit at offset 2 has no partner")
    }

    @Test(arguments: [("0g", 1), ("zz00", 0), ("00 11", 2), ("0011é0", 4), ("0x12", 1)])
    func rejectsNonHexCharactersAtTheirOffset(text: String, offset: Int) {
        let error = #expect(throws: CryptoError.self) { try Hex.decode(text) }
        #expect(error?.code == .invalidHex)
        #expect(error?.offset == offset)
        #expect(error?.message.contains("at offset \(offset) is not a hex digit") == true)
    }

    @Test func errorNamesTheCharacterButNotTheInput() {
        let error = #expect(throws: CryptoError.self) { try Hex.decode("00112233445566778899%a") }
        #expect(error?.description == "invalid hex: character '%' at offset 20 is not a hex digit")
        let space = #expect(throws: CryptoError.self) { try Hex.decode("00 1") }
        #expect(space?.description == "invalid hex: character U+0020 at offset 2 is not a hex digit")
    }
}
