/// What a ``JSONLinesReader`` yields for each non-blank line: its value, or why it has none.
public enum JSONLinesItem<Value> {
    /// A line that parsed (and decoded), with its 1-based line number.
    case value(Value, line: Int)
    /// A line that did not; the reader has already moved on to the next line.
    case malformed(MalformedRecord)

    /// The 1-based line number.
    public var line: Int {
        switch self {
        case .value(_, let line): line
        case .malformed(let malformed): malformed.line
        }
    }
}

extension JSONLinesItem: Sendable where Value: Sendable {}
extension JSONLinesItem: Equatable where Value: Equatable {}
