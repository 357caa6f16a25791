/// The sequential specification a history is checked against: from a state and one operation,
/// the states the object may be in afterwards (none: the operation cannot happen there, and
/// `reason` says why). Indeterminate operations may have several.
public enum Model: String, Sendable, CaseIterable {
    /// A register: `write v`, `read → v`. Starts as `nil`.
    case register
    /// A register with `cas [expected new]` besides read and write.
    case casRegister = "cas-register"
    /// A map from keys to strings: `put`, `get`, `append` (concatenates), checked per key.
    case kv

    /// The object's initial state.
    var initial: Value { .none }

    /// The states after `operation` (one that returned, or an indeterminate one, which may
    /// have taken effect or not) from `state`. Failed operations never reach a model: the checker
    /// drops them, as Knossos does, since they certainly did not happen.
    package func next(_ state: Value, _ operation: Operation) -> [Value] {
        let certain = operation.outcome == .ok
        switch operation.function {
        case .read, .get:
            // An indeterminate read observed nothing.
            return !certain || operation.value == state ? [state] : []
        case .write, .put:
            return certain ? [operation.value] : [operation.value, state]
        case .append:
            guard case .string(let suffix) = operation.value else { return [] }
            let appended: Value =
                if case .string(let current) = state { .string(current + suffix) } else { .string(suffix) }
            return certain ? [appended] : [appended, state]
        case .cas:
            guard case .pair(let expected, let new) = operation.value, state == .int(expected) else {
                return certain ? [] : [state]
            }
            return certain ? [.int(new)] : [.int(new), state]
        }
    }

    /// Why `operation` cannot follow `state`, in words.
    func reason(_ state: Value, _ operation: Operation) -> String {
        switch operation.function {
        case .read, .get: "it read \(operation.value), but the \(self == .kv ? "key" : "register") held \(state)"
        case .cas: "the compare-and-set expected \(operation.value), but the register held \(state)"
        default: "\(operation.function.rawValue) \(operation.value) cannot apply to \(state)"
        }
    }
}
