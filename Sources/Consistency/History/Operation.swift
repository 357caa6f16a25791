/// A value an operation wrote, read or compared: the shapes Jepsen histories hold.
public enum Value: Hashable, Sendable, Codable, CustomStringConvertible {
    case none
    case int(Int64)
    case string(String)
    /// A compare-and-set's `[expected, new]`.
    case pair(Int64, Int64)

    public var description: String {
        switch self {
        case .none: "nil"
        case .int(let value): String(value)
        case .string(let value): "\"\(value)\""
        case .pair(let expected, let new): "[\(expected) \(new)]"
        }
    }
}

/// One completed (or indeterminate) operation of a history: an invocation paired with what
/// became of it, as a checker sees it.
public struct Operation: Sendable, Equatable, CustomStringConvertible {
    /// What became of the call.
    public enum Outcome: Sendable, Equatable {
        /// It returned (`value`: what a read read).
        case ok
        /// It certainly did not take effect (a failed compare-and-set, a refused write).
        case fail
        /// It may or may not have taken effect (a time-out): `info` in Jepsen's histories.
        case info
    }

    /// The function called.
    public enum Function: String, Sendable, Equatable, Codable {
        case read, write, cas
        case get, put, append
    }

    /// Its position in the history, for explanations.
    public var index: Int
    /// The client that called it.
    public var process: Int
    public var function: Function
    /// The key (kv histories; one register: "").
    public var key: String
    /// The argument (write, put, append, cas) or, for a read or get that returned, what it read.
    public var value: Value
    public var outcome: Outcome
    /// Invocation and completion, in one clock's units; `returned` is `nil` for `info`.
    public var invoked: Int64
    public var returned: Int64?

    /// Creates an operation.
    public init(
        index: Int, process: Int, function: Function, key: String = "", value: Value, outcome: Outcome,
        invoked: Int64, returned: Int64?
    ) {
        self.index = index
        self.process = process
        self.function = function
        self.key = key
        self.value = value
        self.outcome = outcome
        self.invoked = invoked
        self.returned = outcome == .info ? nil : returned
    }

    public var description: String {
        let key = key.isEmpty ? "" : " \(self.key)"
        let outcome =
            switch self.outcome {
            case .ok: ""
            case .fail: " (failed)"
            case .info: " (indeterminate)"
            }
        return "#\(index) process \(process): \(function.rawValue)\(key) \(value)\(outcome)"
    }
}
