/// Header fields as an HTTP/1.1 parser delivers them: names in any case, values already stripped
/// of surrounding optional whitespace. Order is kept; a name may appear more than once.
public struct HTTPHeaders: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence, CustomStringConvertible {
    /// The fields in arrival order.
    public private(set) var fields: [(name: String, value: String)]

    /// Creates headers from fields in arrival order.
    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    /// Creates headers from a literal; order is the literal's order.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// Appends a field, keeping any earlier field of the same name.
    public mutating func add(name: String, value: String) { fields.append((name, value)) }

    /// Every value of the field `name`, compared case-insensitively (field names are ASCII, RFC 9110 §5.1).
    public func values(for name: String) -> [String] {
        var values: [String] = []
        for field in fields where asciiCaseInsensitiveEquals(field.name, name) {
            values.append(field.value)
        }
        return values
    }

    /// How often a field occurs, for headers that must appear at most once.
    public enum Occurrence: Sendable, Equatable {
        /// The field is absent.
        case absent
        /// The field occurs once, with this value.
        case once(String)
        /// The field occurs this many times.
        case repeated(Int)
    }

    /// Whether the field `name` is absent, present once (with its value) or repeated; allocates
    /// nothing, for the hot path of a verifier.
    public func occurrence(of name: String) -> Occurrence {
        var found: String?
        var count = 0
        for field in fields where asciiCaseInsensitiveEquals(field.name, name) {
            count += 1
            found = field.value
        }
        switch count {
        case 0: return .absent
        case 1: return .once(found!)
        default: return .repeated(count)
        }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    public var description: String { fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }
}

/// ASCII case-insensitive comparison, as header field names require; no Unicode folding.
package func asciiCaseInsensitiveEquals(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    func same(_ x: UInt8, _ y: UInt8) -> Bool {
        if x == y { return true }
        let lower = x | 0x20
        return lower == y | 0x20 && lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }
    // Native strings are contiguous UTF-8: compare the buffers directly.
    if let result = a.utf8.withContiguousStorageIfAvailable({ x in
        b.utf8.withContiguousStorageIfAvailable { y in
            for i in 0..<x.count where !same(x[i], y[i]) { return false }
            return true
        }
    }), let result {
        return result
    }
    return a.utf8.elementsEqual(b.utf8, by: same)
}

extension HTTPHeaders: Codable {
    private struct Field: Codable {
        var name: String
        var value: String
    }

    public init(from decoder: any Decoder) throws {
        self.init(try [Field](from: decoder).map { (name: $0.name, value: $0.value) })
    }

    public func encode(to encoder: any Encoder) throws {
        try fields.map { Field(name: $0.name, value: $0.value) }.encode(to: encoder)
    }
}
