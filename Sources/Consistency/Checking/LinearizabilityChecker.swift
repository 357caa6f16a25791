/// Whether a history of one object could have happened one operation at a time, each taking
/// effect at an instant between its invocation and its completion (Herlihy and Wing's
/// linearizability).
///
/// The search is Wing and Gong's, with Lowe's refinements as Porcupine implements them: calls
/// and returns in one time-ordered list; an operation is "lifted" out of the list when it is
/// linearized, the search backtracks at the first return whose operation is not, and a cache of
/// (set of linearized operations, state) pairs already explored cuts every repeated subtree.
/// Keys are independent (P-compositionality), so each key's operations are checked alone.
/// Indeterminate (`info`) operations have no return: they may take effect at any time after
/// their invocation, or never.
public struct LinearizabilityChecker: Sendable {
    /// What the search concluded.
    public enum Verdict: Sendable, Equatable {
        case linearizable
        case notLinearizable(Explanation)
        /// The step budget ran out first.
        case unknown(steps: Int)
    }

    /// Why a history is not linearizable: the longest order found that respects real time and
    /// the model, and the operation that could not follow it.
    public struct Explanation: Sendable, Equatable, CustomStringConvertible {
        public var key: String
        /// The longest partial linearization, in order.
        public var longest: [Operation]
        /// The operation that had to take effect next and could not.
        public var stuck: Operation
        /// Why, in the model's words.
        public var reason: String

        public var description: String {
            let order = longest.isEmpty ? "nothing" : longest.map { "#\($0.index)" }.joined(separator: ", ")
            return
                "\(key.isEmpty ? "" : "key \(key): ")no order of the operations works; the longest that respects real time (\(order)) cannot be followed by \(stuck): \(reason)"
        }
    }

    public var model: Model
    /// The most search steps over all keys before the verdict is "unknown".
    public var budget: Int

    /// Creates a checker.
    public init(model: Model, budget: Int = 10_000_000) {
        self.model = model
        self.budget = budget
    }

    /// The verdict on `history` (failed operations are dropped: they did not happen).
    public func check(_ history: [Operation]) -> Verdict {
        var byKey: [String: [Operation]] = [:]
        for operation in history where operation.outcome != .fail {
            byKey[operation.key, default: []].append(operation)
        }
        var steps = 0
        for key in byKey.keys.sorted() {
            switch search(byKey[key]!, key: key, steps: &steps) {
            case .linearizable: continue
            case let other: return other
            }
        }
        return .linearizable
    }

    /// One entry of the time-ordered list: a call or a return of operation `operation`.
    private struct Entry {
        var operation: Int
        var isCall: Bool
        var time: Int64
        var previous = -1
        var next = -1
    }

    private struct Visited: Hashable {
        var linearized: [UInt64]
        var state: Value
    }

    private func search(_ operations: [Operation], key: String, steps: inout Int) -> Verdict {
        // The list, with a head sentinel at index 0; calls before returns at one instant, so that
        // operations that touch in time count as concurrent.
        var order: [(operation: Int, isCall: Bool, time: Int64)] = []
        for (index, operation) in operations.enumerated() {
            order.append((index, true, operation.invoked))
            if let returned = operation.returned { order.append((index, false, returned)) }
        }
        order.sort { ($0.time, $0.isCall ? 0 : 1, $0.operation) < ($1.time, $1.isCall ? 0 : 1, $1.operation) }
        var entries = [Entry(operation: -1, isCall: false, time: .min)]
        var callEntry = [Int](repeating: 0, count: operations.count)
        var returnEntry = [Int](repeating: -1, count: operations.count)
        for item in order {
            let index = entries.count
            entries[index - 1].next = index
            entries.append(Entry(operation: item.operation, isCall: item.isCall, time: item.time, previous: index - 1))
            if item.isCall { callEntry[item.operation] = index } else { returnEntry[item.operation] = index }
        }
        func unlink(_ index: Int) {
            let (previous, next) = (entries[index].previous, entries[index].next)
            entries[previous].next = next
            if next >= 0 { entries[next].previous = previous }
        }
        func relink(_ index: Int) {
            let (previous, next) = (entries[index].previous, entries[index].next)
            entries[previous].next = index
            if next >= 0 { entries[next].previous = index }
        }
        var pending = returnEntry.filter { $0 >= 0 }.count  // definite operations not yet linearized
        var linearized = [UInt64](repeating: 0, count: (operations.count + 63) / 64)
        var visited = Set<Visited>()
        // Each linearized operation, the state before it, and the other states it may leave.
        var stack: [(operation: Int, before: Value, alternatives: ArraySlice<Value>)] = []
        var state = model.initial
        var current = entries[0].next
        var longest: [Int] = []
        var stuck: (operation: Int, state: Value)?

        func lift(_ operation: Int) {
            unlink(callEntry[operation])
            if returnEntry[operation] >= 0 {
                unlink(returnEntry[operation])
                pending -= 1
            }
            linearized[operation / 64] |= 1 << UInt64(operation % 64)
        }
        func unlift(_ operation: Int) {
            if returnEntry[operation] >= 0 {
                relink(returnEntry[operation])
                pending += 1
            }
            relink(callEntry[operation])
            linearized[operation / 64] &= ~(1 << UInt64(operation % 64))
        }
        /// Takes the first of `candidates` that leads somewhere new after `operation` is lifted.
        func advance(_ operation: Int, _ candidates: ArraySlice<Value>, before: Value) -> Bool {
            var rest = candidates
            while let next = rest.popFirst() {
                if visited.insert(Visited(linearized: linearized, state: next)).inserted {
                    stack.append((operation, before, rest))
                    state = next
                    return true
                }
            }
            return false
        }

        while pending > 0 {
            steps += 1
            if steps > budget { return .unknown(steps: steps) }
            guard current >= 0 else { break }  // only indeterminate calls are left: they need not happen
            let entry = entries[current]
            if entry.isCall {
                let operation = entry.operation
                let candidates = model.next(state, operations[operation])
                lift(operation)
                if advance(operation, candidates[...], before: state) {
                    if stack.count > longest.count { longest = stack.map(\.operation) }
                    current = entries[0].next
                } else {
                    unlift(operation)
                    current = entry.next
                }
                continue
            }
            // A return whose operation is not linearized: the last choice on the stack was wrong.
            // At the deepest point reached, this operation is the one that could not follow.
            if stack.count >= longest.count { stuck = (entry.operation, state) }
            if let top = stack.popLast() {
                if advance(top.operation, top.alternatives, before: top.before) {
                    current = entries[0].next
                } else {
                    unlift(top.operation)
                    state = top.before
                    current = entries[callEntry[top.operation]].next
                }
            } else {
                let blocked = stuck ?? (entry.operation, state)
                return .notLinearizable(
                    Explanation(
                        key: key, longest: longest.map { operations[$0] }, stuck: operations[blocked.operation],
                        reason: model.next(blocked.state, operations[blocked.operation]).isEmpty
                            ? model.reason(blocked.state, operations[blocked.operation])
                            : "taking effect there leaves no order for the operations after it"))
            }
        }
        return .linearizable
    }
}
