// Exercise 1's checks make constant-time behaviour visible as a number of reads; the learner
// runner measures it where the learner's comparer runs.

/// Counts element reads, to make timing behaviour visible as a number.
public final class ReadCounter: @unchecked Sendable {
    /// Reads so far.
    public var reads = 0
    /// Creates a counter at zero.
    public init() {}
}

/// A byte collection that counts every element it hands out.
public struct CountingBytes: RandomAccessCollection, Sendable {
    /// The bytes.
    public let base: [UInt8]
    /// Where reads are counted.
    public let counter: ReadCounter
    /// Wraps `base`, counting reads in `counter`.
    public init(base: [UInt8], counter: ReadCounter) {
        self.base = base
        self.counter = counter
    }
    public var startIndex: Int { base.startIndex }
    public var endIndex: Int { base.endIndex }
    public subscript(position: Int) -> UInt8 {
        counter.reads += 1
        return base[position]
    }
}
