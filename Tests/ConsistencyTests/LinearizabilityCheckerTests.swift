import Consistency
import LearnerRuntime
import Testing

/// Hand-made histories with known verdicts, and random small ones against a brute force.
@Suite struct LinearizabilityCheckerTests {
    /// An operation from a compact description: process, function, value, outcome, invoked, returned.
    static func op(
        _ index: Int, _ process: Int, _ function: Operation.Function, _ value: Value, _ invoked: Int64,
        _ returned: Int64?, _ outcome: Operation.Outcome = .ok, key: String = ""
    ) -> Operation {
        Operation(
            index: index, process: process, function: function, key: key, value: value, outcome: outcome,
            invoked: invoked, returned: returned)
    }

    func verdict(_ model: Model, _ history: [Operation]) -> LinearizabilityChecker.Verdict {
        LinearizabilityChecker(model: model).check(history)
    }

    @Test func sequentialWriteThenReadIsLinearizable() {
        let history = [Self.op(0, 0, .write, .int(1), 0, 1), Self.op(1, 1, .read, .int(1), 2, 3)]
        #expect(verdict(.register, history) == .linearizable)
    }

    @Test func aStaleReadAfterTheWriteReturnedIsNot() {
        let history = [Self.op(0, 0, .write, .int(1), 0, 1), Self.op(1, 1, .read, .none, 2, 3)]
        guard case .notLinearizable(let why) = verdict(.register, history) else {
            Issue.record("a read of the initial value after the write returned was accepted")
            return
        }
        #expect(why.stuck.index == 1 && why.longest.map(\.index) == [0], "\(why)")
        #expect(why.reason == "it read nil, but the register held 1")
    }

    @Test func aReadConcurrentWithTheWriteMaySeeEitherValue() {
        for seen: Value in [.none, .int(1)] {
            let history = [Self.op(0, 0, .write, .int(1), 0, 10), Self.op(1, 1, .read, seen, 2, 3)]
            #expect(verdict(.register, history) == .linearizable, "\(seen)")
        }
    }

    @Test func aReadOfAValueNeverWrittenIsNot() {
        let history = [Self.op(0, 0, .write, .int(1), 0, 10), Self.op(1, 1, .read, .int(7), 2, 3)]
        #expect(verdict(.register, history) != .linearizable)
    }

    @Test func onlyOneOfSeveralOrdersWorks() {
        // Two concurrent writes, then reads 2 then 1 by processes that start after both: only
        // "write 2, read 2, write 1, read 1" is impossible because both reads follow both writes;
        // with the second read concurrent to the first write instead, one order works.
        let impossible = [
            Self.op(0, 0, .write, .int(1), 0, 5), Self.op(1, 1, .write, .int(2), 0, 5),
            Self.op(2, 2, .read, .int(2), 6, 7), Self.op(3, 3, .read, .int(1), 8, 9),
        ]
        #expect(verdict(.register, impossible) != .linearizable)
        let possible = [
            Self.op(0, 0, .write, .int(1), 0, 9), Self.op(1, 1, .write, .int(2), 0, 5),
            Self.op(2, 2, .read, .int(2), 6, 7), Self.op(3, 3, .read, .int(1), 8, 9),
        ]
        #expect(verdict(.register, possible) == .linearizable)
    }

    @Test func anIndeterminateWriteMayHaveHappenedOrNot() {
        let took = [Self.op(0, 0, .write, .int(1), 0, nil, .info), Self.op(1, 1, .read, .int(1), 5, 6)]
        let didNot = [Self.op(0, 0, .write, .int(1), 0, nil, .info), Self.op(1, 1, .read, .none, 5, 6)]
        #expect(verdict(.register, took) == .linearizable)
        #expect(verdict(.register, didNot) == .linearizable)
        // But not before it was invoked.
        let early = [Self.op(0, 1, .read, .int(1), 0, 1), Self.op(1, 0, .write, .int(1), 5, nil, .info)]
        #expect(verdict(.register, early) != .linearizable)
    }

    @Test func failedOperationsDidNotHappen() {
        let history = [
            Self.op(0, 0, .write, .int(1), 0, 1), Self.op(1, 1, .cas, .pair(1, 2), 2, 3, .fail),
            Self.op(2, 2, .read, .int(1), 4, 5),
        ]
        #expect(verdict(.casRegister, history) == .linearizable)
    }

    @Test func compareAndSetSucceedsOnlyOnTheExpectedValue() {
        let good = [
            Self.op(0, 0, .write, .int(1), 0, 1), Self.op(1, 0, .cas, .pair(1, 2), 2, 3),
            Self.op(2, 1, .read, .int(2), 4, 5),
        ]
        #expect(verdict(.casRegister, good) == .linearizable)
        let bad = [Self.op(0, 0, .write, .int(1), 0, 1), Self.op(1, 0, .cas, .pair(3, 2), 2, 3)]
        guard case .notLinearizable(let why) = verdict(.casRegister, bad) else {
            Issue.record("a compare-and-set on the wrong value succeeded")
            return
        }
        #expect(why.reason.contains("expected [3 2], but the register held 1"), "\(why)")
    }

    @Test func keysAreCheckedApartAndAppendsConcatenate() {
        let history = [
            Self.op(0, 0, .append, .string("x"), 0, 1, key: "a"), Self.op(1, 1, .append, .string("y"), 0, 1, key: "a"),
            Self.op(2, 2, .put, .string("z"), 0, 1, key: "b"), Self.op(3, 0, .get, .string("yx"), 2, 3, key: "a"),
            Self.op(4, 1, .get, .string("z"), 2, 3, key: "b"),
        ]
        #expect(verdict(.kv, history) == .linearizable)
        var lost = history
        lost[3].value = .string("x")  // an append lost
        guard case .notLinearizable(let why) = verdict(.kv, lost) else {
            Issue.record("a lost append was accepted")
            return
        }
        #expect(why.key == "a")
    }

    @Test func theBudgetTurnsIntoUnknown() {
        var history: [Operation] = []
        for index in 0..<40 { history.append(Self.op(index, index, .write, .int(Int64(index)), 0, 100)) }
        history.append(Self.op(40, 40, .read, .int(999), 101, 102))
        #expect(LinearizabilityChecker(model: .register, budget: 1_000).check(history) == .unknown(steps: 1_001))
    }

    /// Every order of the operations that respects real time, tried: the truth for small histories.
    static func bruteForce(_ history: [Operation], _ model: Model) -> Bool {
        let definite = history.filter { $0.outcome == .ok }
        let optional = history.filter { $0.outcome == .info }
        func precedes(_ a: Operation, _ b: Operation) -> Bool { a.returned.map { $0 < b.invoked } ?? false }
        func extend(_ placed: [Operation], _ states: Set<Value>, _ left: [Operation]) -> Bool {
            if !left.contains(where: { $0.outcome == .ok }) { return true }
            for (i, candidate) in left.enumerated() {
                let rest = left.enumerated().filter { $0.offset != i }.map(\.element)
                // Nothing left may have to come before it.
                if rest.contains(where: { precedes($0, candidate) }) { continue }
                let next = Set(states.flatMap { model.next($0, candidate) })
                if !next.isEmpty && extend(placed + [candidate], next, rest) { return true }
            }
            return false
        }
        return extend([], [.none], definite + optional)
    }

    @Test func agreesWithABruteForceOnRandomSmallHistories() {
        var generator = SeededGenerator(seed: 99)
        var disagreements: [String] = []
        var counts = (linearizable: 0, not: 0)
        for round in 0..<400 {
            var history: [Operation] = []
            var clock: [Int64] = [0, 0, 0]
            for index in 0..<generator.int(in: 1...6) {
                let process = generator.below(3)
                let invoked = clock[process] + Int64(generator.below(3))
                let returned = invoked + Int64(1 + generator.below(6))
                clock[process] = returned + 1
                let kind = generator.below(3)
                let outcome: Operation.Outcome = generator.chance(0.15) ? .info : .ok
                let value: Value = generator.chance(0.2) ? .none : .int(Int64(generator.below(3)))
                let function: Operation.Function = kind == 0 ? .write : kind == 1 ? .read : .cas
                let argument: Value =
                    function == .cas ? .pair(Int64(generator.below(3)), Int64(generator.below(3))) : value
                history.append(
                    Self.op(
                        index, process, function, function == .write && argument == .none ? .int(0) : argument,
                        invoked, returned, outcome))
            }
            let fast = LinearizabilityChecker(model: .casRegister).check(history) == .linearizable
            if fast { counts.linearizable += 1 } else { counts.not += 1 }
            if fast != Self.bruteForce(history, .casRegister) {
                disagreements.append("round \(round): checker \(fast): \(history.map(\.description))")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(3))")
        // Both verdicts are common, so the agreement means something.
        #expect(counts.linearizable > 80 && counts.not > 80, "\(counts)")
    }
}
