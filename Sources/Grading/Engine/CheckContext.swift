/// What a running check gets from the engine: its seed and the property runner.
public struct CheckContext: Sendable {
    /// This check's seed, derived from the run's seed and the check's name.
    public let seed: UInt64
    /// How many cases a property tries.
    public let propertyCases: Int

    /// Creates a context.
    public init(seed: UInt64, propertyCases: Int = 200) {
        self.seed = seed
        self.propertyCases = propertyCases
    }

    /// A generator seeded for this check.
    public func makeGenerator() -> SeededGenerator { SeededGenerator(seed: seed) }

    /// Generates cases and compares `learner` with `reference` on each. On the first difference
    /// it shrinks the input to a minimal one that still differs and fails with input, expected
    /// and got.
    /// - Parameters:
    ///   - property: how to generate, shrink and describe inputs.
    ///   - message: the failure's one-line summary.
    public func forAll<Input: Sendable, Output: Equatable>(
        _ property: Property<Input>, cases: Int? = nil, message: String = "differs from the reference",
        learner: (Input) throws -> Output, reference: (Input) throws -> Output
    ) throws {
        var generator = makeGenerator()
        for _ in 0..<(cases ?? propertyCases) {
            let input = property.generate(&generator)
            let expected = try reference(input)
            let actual = try learner(input)
            guard expected != actual else { continue }
            var smallest = (input: input, expected: expected, actual: actual)
            var steps = 0
            shrinking: while steps < 2_000 {
                for candidate in property.shrink(smallest.input) {
                    steps += 1
                    let e = try reference(candidate)
                    let a = try learner(candidate)
                    if e != a {
                        smallest = (candidate, e, a)
                        continue shrinking
                    }
                }
                break
            }
            throw CheckFailure(
                message, input: property.describe(smallest.input), expected: describe(smallest.expected),
                actual: describe(smallest.actual))
        }
    }
}

/// How to generate, shrink and describe the inputs of a property check.
public struct Property<Input: Sendable>: Sendable {
    /// Makes one random input.
    public var generate: @Sendable (inout SeededGenerator) -> Input
    /// Smaller inputs to try, most aggressive first; empty when nothing is smaller.
    public var shrink: @Sendable (Input) -> [Input]
    /// A one-line description for reports.
    public var describe: @Sendable (Input) -> String

    /// Creates a property.
    public init(
        generate: @escaping @Sendable (inout SeededGenerator) -> Input,
        shrink: @escaping @Sendable (Input) -> [Input] = { _ in [] },
        describe: @escaping @Sendable (Input) -> String = { Grading.describe($0) }
    ) {
        self.generate = generate
        self.shrink = shrink
        self.describe = describe
    }
}

/// Shrinking helpers for common shapes.
public enum Shrink {
    /// Smaller arrays: halves, then each element removed, then elements shrunk by `element`.
    public static func array<T>(_ value: [T], element: (T) -> [T] = { _ in [] }) -> [[T]] {
        guard !value.isEmpty else { return [] }
        var out: [[T]] = [[]]
        if value.count > 1 {
            out.append(Array(value.prefix(value.count / 2)))
            out.append(Array(value.suffix(value.count - value.count / 2)))
        }
        if value.count <= 64 {
            for i in value.indices {
                var copy = value
                copy.remove(at: i)
                out.append(copy)
            }
            for i in value.indices {
                for smaller in element(value[i]) {
                    var copy = value
                    copy[i] = smaller
                    out.append(copy)
                }
            }
        }
        return out
    }

    /// Smaller strings, by characters.
    public static func string(_ value: String) -> [String] {
        array(Array(value)).map { String($0) }
    }

    /// Integers closer to zero.
    public static func integer<T: BinaryInteger>(_ value: T) -> [T] {
        guard value != 0 else { return [] }
        var out: [T] = [0]
        var half = value / 2
        while half != 0 && half != value {
            out.append(value - half)
            half /= 2
        }
        return out.filter { $0 != value }
    }
}
