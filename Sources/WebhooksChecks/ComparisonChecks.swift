import Grading
import Webhooks

extension WebhookChecks {
    static func comparisonChecks(learner: WebhookImplementations, reference: WebhookImplementations) -> [Check] {
        let comparer = learner.comparer
        return [
            Check(
                "equal bytes are equal; any difference, or another length, is not", kind: .example, points: 2,
                why: "a comparer that accepts a near-miss lets a forged signature through"
            ) { _ in
                let mac = (0..<32).map { UInt8($0 &* 7 &+ 3) }
                try require(
                    comparer.isEqual(mac, mac), "identical 32-byte MACs compared unequal", input: "a == b",
                    expected: "true", actual: "false")
                try require(
                    comparer.isEqual([UInt8](), [UInt8]()), "two empty sequences compared unequal", input: "[], []",
                    expected: "true", actual: "false")
                for position in [0, 1, 15, 30, 31] {
                    var other = mac
                    other[position] ^= 0x01
                    try require(
                        !comparer.isEqual(mac, other), "MACs differing in one bit compared equal",
                        input: "a and b differ in byte \(position)", expected: "false", actual: "true")
                }
                try require(
                    !comparer.isEqual(mac, mac.dropLast()), "a 31-byte prefix compared equal to the 32-byte MAC",
                    input: "b = a.dropLast()", expected: "false", actual: "true")
                try require(
                    !comparer.isEqual(mac.prefix(0), mac), "an empty sequence compared equal to a MAC",
                    input: "a = [], b = 32 bytes", expected: "false", actual: "true")
            },
            Check(
                "agrees with == on random pairs", kind: .property, points: 2,
                why: "the comparison must be exactly equality, only in constant time"
            ) { context in
                let property = Property<[[UInt8]]>(
                    generate: { g in
                        let a = g.bytes(Int.random(in: 0...40, using: &g))
                        var b = a
                        switch Int.random(in: 0..<4, using: &g) {
                        case 0: break
                        case 1 where !b.isEmpty: b[Int.random(in: 0..<b.count, using: &g)] &+= 1
                        case 2: b.append(UInt8.random(in: 0...255, using: &g))
                        default: b = g.bytes(a.count)
                        }
                        return [a, b]
                    },
                    shrink: { pair in
                        Shrink.array(pair[0]).map { [$0, $0 == pair[0] ? pair[1] : Array(pair[1].prefix($0.count))] }
                    },
                    describe: { "a = \($0[0]), b = \($0[1])" })
                try context.forAll(
                    property, learner: { comparer.isEqual($0[0], $0[1]) }, reference: { $0[0] == $0[1] })
            },
            Check(
                "reads every byte of both, wherever the first difference is", kind: .scenario, points: 2,
                why: "an early exit makes the time taken reveal how many leading bytes of a guess were right"
            ) { _ in
                let mac = (0..<32).map { UInt8(truncatingIfNeeded: $0 * 31 + 5) }
                var counts: [String: (Int, Int)] = [:]
                for position in [nil, 0, 1, 16, 31] as [Int?] {
                    var other = mac
                    if let position { other[position] ^= 0x80 }
                    let ca = ReadCounter()
                    let cb = ReadCounter()
                    _ = comparer.isEqual(CountingBytes(base: mac, counter: ca), CountingBytes(base: other, counter: cb))
                    counts[position.map { "first difference at byte \($0)" } ?? "no difference"] = (ca.reads, cb.reads)
                }
                let distinct = Set(counts.values.map { "\($0.0)/\($0.1)" })
                let summary = counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.0)+\($0.value.1) reads" }
                    .joined(separator: "; ")
                try require(
                    distinct.count == 1, "the number of bytes read depends on where the inputs differ",
                    input: "two 32-byte MACs", expected: "the same read count for every position", actual: summary)
                let (a, b) = counts["no difference"]!
                try require(
                    a >= 32 && b >= 32, "not every byte was read", input: "two equal 32-byte MACs",
                    expected: "at least 32 reads of each", actual: "\(a) reads of a, \(b) of b")
            },
            Check(
                "takes as long when the first byte differs as when the last one does", kind: .scenario, points: 2,
                why: "a comparer can read every byte and still leave early afterwards (copy, then ==)",
                // A measurement: on a loaded machine 54 comparisons of 256 KiB in a debug build
                // outran 3 s (a clean-clone CI run timed the reference out).
                timeLimit: .seconds(10)
            ) { _ in
                // Large inputs, so that an early exit after the reads is measurable; timed where the
                // comparer runs. A ratio above 3 between the medians must hold on three tries to fail.
                var ratios: [String] = []
                for _ in 0..<3 {
                    let times = Probes.comparisonTimes(comparer, size: 1 << 18, rounds: 9)
                    try require(
                        !times.calledEqual, "inputs differing in one byte compared equal", input: "two 256 KiB inputs",
                        expected: "false", actual: "true")
                    if times.ratio <= 3 { return }
                    func µs(_ d: Duration) -> String { "\((d.inSeconds * 1e7).rounded() / 10) µs" }
                    ratios.append("\(µs(times.firstByte)) against \(µs(times.lastByte))")
                }
                throw CheckFailure(
                    "the time taken depends on where the inputs differ",
                    input: "256 KiB inputs differing in the first byte, then in the last; medians of 9 calls",
                    expected: "about the same time (at most 3× apart)", actual: ratios.joined(separator: "; "))
            },
            Check(
                "works on any collection: slices, reversed views", kind: .example, points: 2,
                why: "MACs arrive as slices of buffers; indexing them from 0 reads the wrong bytes or traps"
            ) { _ in
                let buffer = Array("header: v1,abcdefghijklmnopqrstuvwxyz012345".utf8)
                let slice = buffer[12...]
                let copy = Array(slice)
                try require(
                    comparer.isEqual(slice, copy), "an ArraySlice compared unequal to an array of the same bytes",
                    input: "buffer[12...] vs Array(buffer[12...])", expected: "true", actual: "false")
                try require(
                    !comparer.isEqual(slice, copy.reversed()), "a slice compared equal to its reverse",
                    input: "slice vs slice.reversed()", expected: "false", actual: "true")
                try require(
                    comparer.isEqual(copy.reversed(), slice.reversed()),
                    "two reversed views of the same bytes compared unequal", input: "reversed views", expected: "true",
                    actual: "false")
                try require(
                    comparer.isEqual("abc".utf8, [0x61, 0x62, 0x63]), "String.UTF8View compared unequal to its bytes",
                    input: "\"abc\".utf8 vs [0x61, 0x62, 0x63]", expected: "true", actual: "false")
            },
        ]
    }
}
