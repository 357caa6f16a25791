import Dispatch
import Foundation
import LearnerRuntime
import Synchronization

/// Measurements that must be taken where the implementation runs. Across the process boundary a
/// call's own cost (a round trip, 256 KiB encoded) would drown what they measure, so on a proxy
/// they run in the learner runner, beside the learner's code, and send back only the result.
public enum Probes {
    /// Which of `threads` threads won each nonce when they all walked `nonces` in the same order,
    /// started together. The first error a thread met is thrown (the starter's marker first).
    ///
    /// Walking the same nonces keeps the threads meeting on one nonce, so a look-up and a record
    /// under separate locks lets two of them win it; a thread that falls behind finds its nonces
    /// taken and catches up, as a refusal is cheaper than a record.
    public static func race(
        _ store: any NonceStoring, nonces: [String], threads: Int, expiry: Date, now: Date
    ) throws -> RaceResult {
        if let remote = store as? RemoteStore {
            return try remote.peer.call(
                remote.id, "race", RaceArguments(nonces: nonces, threads: threads, expiry: expiry, now: now),
                input: "\(threads) threads walk \(nonces.count) nonces (\(nonces.first ?? "") …)")
        }
        let wins = Mutex([Int](repeating: 0, count: nonces.count))
        let inside = Atomic(0)
        let overlapping = Atomic(0)
        let failures = Mutex<[any Error]>([])
        let arrived = Atomic(0)
        let running = DispatchGroup()
        for _ in 0..<threads {
            running.enter()
            Thread {
                defer { running.leave() }
                // Start together: a thread that finished before the next one started would race no one.
                arrived.add(1, ordering: .sequentiallyConsistent)
                while arrived.load(ordering: .sequentiallyConsistent) < threads {}
                var won: [Int] = []
                do {
                    for (i, nonce) in nonces.enumerated() {
                        if inside.add(1, ordering: .relaxed).newValue > 1 { overlapping.add(1, ordering: .relaxed) }
                        defer { inside.subtract(1, ordering: .relaxed) }
                        if try store.checkAndRecord(nonce, expiry: expiry, now: now) { won.append(i) }
                    }
                } catch {
                    failures.withLock { $0.append(error) }
                }
                wins.withLock { for i in won { $0[i] += 1 } }
            }.start()
        }
        running.wait()
        let thrown = failures.withLock { $0 }
        if let marker = thrown.lazy.compactMap({ $0 as? Unimplemented }).first { throw marker }
        if let failure = thrown.first { throw failure }
        return RaceResult(wins: wins.withLock { $0 }, overlapping: overlapping.load(ordering: .relaxed))
    }

    /// Median times of `comparer` on `size` bytes against a copy that differs in the first byte,
    /// and against one that differs in the last, over `rounds` interleaved calls of each. Plain
    /// arrays, so that copying them out is free and an early exit after the reads shows.
    public static func comparisonTimes(_ comparer: any SignatureComparing, size: Int, rounds: Int) -> ComparisonTimes {
        if let remote = comparer as? RemoteComparer {
            return remote.peer.proxied("isEqual") {
                try remote.peer.call(
                    remote.id, "time", TimingArguments(size: size, rounds: rounds),
                    input: "\(rounds) calls on \(size) bytes differing first in byte 0, then in the last byte")
            }
        }
        let a = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }
        var first = a
        first[0] ^= 0x01
        var last = a
        last[size - 1] ^= 0x01
        var calledEqual = false
        func time(_ b: [UInt8]) -> Duration {
            let started = ContinuousClock.now
            let equal = comparer.isEqual(a, b)
            let elapsed = ContinuousClock.now - started
            calledEqual = calledEqual || equal
            return elapsed
        }
        _ = (time(first), time(last))  // warm up
        var (early, late) = ([Duration](), [Duration]())
        for _ in 0..<rounds {
            early.append(time(first))
            late.append(time(last))
        }
        return ComparisonTimes(
            firstByte: early.sorted()[rounds / 2], lastByte: late.sorted()[rounds / 2], calledEqual: calledEqual)
    }
}

/// What `Probes.race` saw.
public struct RaceResult: Codable, Sendable {
    /// How many threads won each nonce.
    public var wins: [Int]
    /// How many calls began while another thread's call was under way: 0 when the threads ran
    /// one after another (a busy machine), so that there was no race to see.
    public var overlapping: Int
}

/// What `Probes.comparisonTimes` measured.
public struct ComparisonTimes: Codable, Sendable {
    /// The median time when the inputs differ in their first byte.
    public var firstByte: Duration
    /// The median time when they differ in their last byte.
    public var lastByte: Duration
    /// Whether any of those unequal pairs was called equal.
    public var calledEqual: Bool

    /// The larger median over the smaller (at least 1 ns), 1 for a comparer without an early exit.
    public var ratio: Double {
        let (a, b) = (firstByte.inSeconds, lastByte.inSeconds)
        return max(a, b) / max(1e-9, min(a, b))
    }
}

struct RaceArguments: Codable {
    var nonces: [String]
    var threads: Int
    var expiry: Date
    var now: Date
}

struct TimingArguments: Codable {
    var size: Int
    var rounds: Int
}
