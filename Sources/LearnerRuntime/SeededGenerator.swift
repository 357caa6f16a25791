/// A small, fast, reproducible random number generator (SplitMix64). The same seed gives the same
/// sequence on every platform, so a seed printed in a report replays the run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` random bytes.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }

    // The helpers below are defined on `next()` alone, not on the standard library's
    // `random(in:using:)`, whose algorithm may change between releases: a seed must give the same
    // data on every toolchain.

    /// A number in `0..<bound` (Lemire's multiply-shift; the tiny bias is irrelevant here).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below(_:) needs a positive bound")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A number in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `probability` (0…1).
    public mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) * 0x1.0p-53 < probability
    }

    /// A random element of a non-empty array.
    public mutating func pick<T>(_ elements: [T]) -> T { elements[below(elements.count)] }

    /// One element, chosen with the given relative weights.
    public mutating func pick<T>(weighted elements: [(T, Int)]) -> T {
        let total = elements.reduce(0) { $0 + $1.1 }
        var roll = below(total)
        for (element, weight) in elements {
            if roll < weight { return element }
            roll -= weight
        }
        return elements[elements.count - 1].0
    }

    /// `count` random decimal digits.
    public mutating func digits(_ count: Int, nonZeroFirst: Bool = false) -> String {
        var text = ""
        for index in 0..<count {
            let digit = index == 0 && nonZeroFirst ? int(in: 1...9) : below(10)
            text.append(Character(Unicode.Scalar(UInt8(48 + digit))))
        }
        return text
    }

    /// A derived generator for an independent stream (contacts, events, …).
    public mutating func split() -> SeededGenerator { SeededGenerator(seed: next()) }
}

/// A stable 64-bit hash of a string (FNV-1a), for deriving per-check seeds.
package func stableHash(_ string: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in string.utf8 {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    return hash
}
