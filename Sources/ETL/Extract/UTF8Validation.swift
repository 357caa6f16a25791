/// UTF-8 well-formedness as Unicode defines it (Table 3-7): no overlong forms, no surrogates,
/// nothing above U+10FFFF, no truncated sequence.
enum UTF8Validation {
    /// The index of the first byte of the first ill-formed sequence in `bytes[range]`, or `nil` if
    /// the bytes are valid UTF-8.
    /// - Complexity: O(*n*) in the length of `range`.
    static func firstInvalidByte(in bytes: [UInt8], _ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            var length = 0
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, lower) = (3, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: (length, upper) = (3, 0x9F)
            case 0xF0: (length, lower) = (4, 0x90)
            case 0xF1...0xF3: length = 4
            case 0xF4: (length, upper) = (4, 0x8F)
            default: return index
            }
            guard index + length <= end, (lower...upper).contains(bytes[index + 1]) else { return index }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
