import Crypto
import Testing

struct ConstantTimeEqualsTests {
    @Test(
        arguments: [
            ([], [], true),
            ([0x01], [0x01], true),
            ([0x01, 0x02, 0x03], [0x01, 0x02, 0x03], true),
            ([0x01], [0x02], false),
            ([0x00, 0x02, 0x03], [0x01, 0x02, 0x03], false),  // first byte differs
            ([0x01, 0x02, 0x03], [0x01, 0x02, 0x83], false),  // last byte differs, in the high bit
            ([0xff, 0xff], [0x00, 0x00], false),
        ] as [([UInt8], [UInt8], Bool)])
    func comparesEqualLengthCollections(a: [UInt8], b: [UInt8], expected: Bool) {
        #expect(constantTimeEquals(a, b) == expected)
        #expect(constantTimeEquals(b, a) == expected)
        // Slices, and collections without contiguous storage, take the same decisions.
        #expect(constantTimeEquals(a[...], b[...]) == expected)
        #expect(constantTimeEquals(a.reversed(), b.reversed()) == expected)
        #expect(constantTimeEquals(a.lazy.map { $0 }, b) == expected)
    }

    @Test(
        arguments: [
            ([], [0x00]),
            ([0x01, 0x02], [0x01, 0x02, 0x03]),
            ([0x01, 0x02, 0x03], [0x01, 0x02]),
        ] as [([UInt8], [UInt8])])
    func differentLengthsAreUnequal(a: [UInt8], b: [UInt8]) {
        #expect(!constantTimeEquals(a, b))
        #expect(!constantTimeEquals(a.lazy.map { $0 }, b))
    }
}
