/// A small, fast, seeded random number generator (SplitMix64), so generated data is the same for
/// the same seed on every platform and toolchain.
///
/// The standard library's `random(in:using:)` may change its algorithm between releases; the
/// helpers here (`below(_:)`, `chance(_:)`, `pick(_:)`) are defined in terms of `next()` only.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    /// Creates a generator; equal seeds give equal sequences.
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (Lemire's multiply-shift; the tiny bias is irrelevant here).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below(_:) needs a positive bound")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A number in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// `true` with probability `probability` (0...1).
    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) * 0x1.0p-53 < probability
    }

    /// One element of a non-empty array.
    mutating func pick<T>(_ elements: [T]) -> T {
        elements[below(elements.count)]
    }

    /// One element, chosen with the given relative weights.
    mutating func pick<T>(weighted elements: [(T, Int)]) -> T {
        let total = elements.reduce(0) { $0 + $1.1 }
        var roll = below(total)
        for (element, weight) in elements {
            if roll < weight { return element }
            roll -= weight
        }
        return elements[elements.count - 1].0
    }

    /// `count` random digits.
    mutating func digits(_ count: Int, nonZeroFirst: Bool = false) -> String {
        var text = ""
        for index in 0..<count {
            let digit = index == 0 && nonZeroFirst ? int(in: 1...9) : below(10)
            text.append(Character(Unicode.Scalar(UInt8(48 + digit))))
        }
        return text
    }

    /// A derived generator for an independent stream (contacts, events, ...).
    mutating func split() -> SeededRandom { SeededRandom(seed: next()) }
}
