import Foundation

// The JSON codec of remote calls. Foundation's coders spend most of a call on dynamic casts (they
// look for `Date`, `Data`, `URL` and `Decimal` in every value); this one encodes every type
// through its own `Codable` conformance, in compact JSON with keys in encoding order, and reads
// hostile input safely: malformed text, deep nesting and out-of-range numbers are errors.
// Both peers use it, so `Data` travels as an array of bytes and `Date` as its seconds since 2001.

/// Encodes `Encodable` values as compact JSON for remote calls.
public struct WireEncoder: Sendable {
    public init() {}

    /// The JSON text of `value`.
    /// - Throws: `EncodingError.invalidValue` for a non-finite number or a value that encodes nothing.
    public func encode<T: Encodable>(_ value: T) throws -> Data {
        let root = WireNode()
        try value.encode(to: WireValueEncoder(node: root, codingPath: []))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        guard root.write(to: &bytes) else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "\(T.self) encoded no value"))
        }
        return Data(bytes)
    }
}

/// One value being encoded; containers hold their children, a scalar its JSON text.
final class WireNode {
    var scalar: String?
    var items: [WireNode]?
    var members: [(String, WireNode)]?

    init(scalar: String? = nil) { self.scalar = scalar }

    /// Appends the JSON text; `false` when nothing was encoded here.
    func write(to bytes: inout [UInt8]) -> Bool {
        if let scalar {
            bytes.append(contentsOf: scalar.utf8)
        } else if let items {
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                if !item.write(to: &bytes) { bytes.append(contentsOf: "null".utf8) }
            }
            bytes.append(UInt8(ascii: "]"))
        } else if let members {
            bytes.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                WireText.quote(key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                if !value.write(to: &bytes) { bytes.append(contentsOf: "null".utf8) }
            }
            bytes.append(UInt8(ascii: "}"))
        } else {
            return false
        }
        return true
    }
}

enum WireText {
    /// `text` as a JSON string literal.
    static func quote(_ text: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [
                    0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)],
                ])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        quote(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func number<T: BinaryFloatingPoint & LosslessStringConvertible>(_ value: T, _ path: [any CodingKey]) throws
        -> String
    {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: path, debugDescription: "\(value) has no JSON representation"))
        }
        return value.description
    }
}

extension WireText {
    /// The JSON text of a value of the common scalar types, found by comparing metatypes (cheap)
    /// instead of casting (what makes Foundation's coders slow); `nil` for every other type.
    @inline(__always)
    static func scalar<T: Encodable>(_ value: T, _ path: @autoclosure () -> [any CodingKey]) throws -> String? {
        if T.self == UInt8.self { return String(unsafeBitCast(value, to: UInt8.self)) }
        if T.self == Int.self { return String(unsafeBitCast(value, to: Int.self)) }
        if T.self == String.self { return quoted(unsafeBitCast(value, to: String.self)) }
        if T.self == Bool.self { return unsafeBitCast(value, to: Bool.self) ? "true" : "false" }
        if T.self == Int64.self { return String(unsafeBitCast(value, to: Int64.self)) }
        if T.self == UInt64.self { return String(unsafeBitCast(value, to: UInt64.self)) }
        if T.self == Double.self { return try number(unsafeBitCast(value, to: Double.self), path()) }
        return nil
    }
}

extension WireScalar {
    /// A value of the common scalar types read directly (see `WireText.scalar`); `nil` for others.
    @inline(__always)
    static func scalar<T: Decodable>(_ type: T.Type, _ value: WireValue, _ path: @autoclosure () -> [any CodingKey])
        throws -> T?
    {
        if T.self == UInt8.self { return unsafeBitCast(try integer(value, path()) as UInt8, to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try integer(value, path()) as Int, to: T.self) }
        if T.self == String.self { return unsafeBitCast(try string(value, path()), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(value, path()), to: T.self) }
        if T.self == Int64.self { return unsafeBitCast(try integer(value, path()) as Int64, to: T.self) }
        if T.self == UInt64.self { return unsafeBitCast(try integer(value, path()) as UInt64, to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try floating(value, path()) as Double, to: T.self) }
        return nil
    }
}

struct WireValueEncoder: Encoder {
    let node: WireNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil { node.members = [] }
        return KeyedEncodingContainer(WireKeyedEncoder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.items == nil { node.items = [] }
        return WireUnkeyedEncoder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        WireSingleEncoder(node: node, codingPath: codingPath)
    }
}

struct WireKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: WireNode
    let codingPath: [any CodingKey]

    private func put(_ text: String, _ key: Key) { node.members!.append((key.stringValue, WireNode(scalar: text))) }
    private func child(_ key: Key) -> WireNode {
        let child = WireNode()
        node.members!.append((key.stringValue, child))
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { put("null", key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(value ? "true" : "false", key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(WireText.quoted(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        put(try WireText.number(value, codingPath + [key]), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        put(try WireText.number(value, codingPath + [key]), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(String(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(String(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        if let text = try WireText.scalar(value, codingPath + [key]) { return put(text, key) }
        try value.encode(to: WireValueEncoder(node: child(key), codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        WireValueEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        WireValueEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        WireValueEncoder(node: child(Key(stringValue: "super")!), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        WireValueEncoder(node: child(key), codingPath: codingPath + [key])
    }
}

struct WireUnkeyedEncoder: UnkeyedEncodingContainer {
    let node: WireNode
    let codingPath: [any CodingKey]
    var count: Int { node.items!.count }

    private func put(_ text: String) { node.items!.append(WireNode(scalar: text)) }
    private func child() -> WireNode {
        let child = WireNode()
        node.items!.append(child)
        return child
    }
    private var path: [any CodingKey] { codingPath + [WireIndex(count)] }

    mutating func encodeNil() throws { put("null") }
    mutating func encode(_ value: Bool) throws { put(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { put(WireText.quoted(value)) }
    mutating func encode(_ value: Double) throws { put(try WireText.number(value, path)) }
    mutating func encode(_ value: Float) throws { put(try WireText.number(value, path)) }
    mutating func encode(_ value: Int) throws { put(String(value)) }
    mutating func encode(_ value: Int8) throws { put(String(value)) }
    mutating func encode(_ value: Int16) throws { put(String(value)) }
    mutating func encode(_ value: Int32) throws { put(String(value)) }
    mutating func encode(_ value: Int64) throws { put(String(value)) }
    mutating func encode(_ value: UInt) throws { put(String(value)) }
    mutating func encode(_ value: UInt8) throws { put(String(value)) }
    mutating func encode(_ value: UInt16) throws { put(String(value)) }
    mutating func encode(_ value: UInt32) throws { put(String(value)) }
    mutating func encode(_ value: UInt64) throws { put(String(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if let text = try WireText.scalar(value, path) { return put(text) }
        let path = self.path
        try value.encode(to: WireValueEncoder(node: child(), codingPath: path))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let path = self.path
        return WireValueEncoder(node: child(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = self.path
        return WireValueEncoder(node: child(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = self.path
        return WireValueEncoder(node: child(), codingPath: path)
    }
}

struct WireSingleEncoder: SingleValueEncodingContainer {
    let node: WireNode
    let codingPath: [any CodingKey]

    private func put(_ text: String) { node.scalar = text }

    mutating func encodeNil() throws { put("null") }
    mutating func encode(_ value: Bool) throws { put(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { put(WireText.quoted(value)) }
    mutating func encode(_ value: Double) throws { put(try WireText.number(value, codingPath)) }
    mutating func encode(_ value: Float) throws { put(try WireText.number(value, codingPath)) }
    mutating func encode(_ value: Int) throws { put(String(value)) }
    mutating func encode(_ value: Int8) throws { put(String(value)) }
    mutating func encode(_ value: Int16) throws { put(String(value)) }
    mutating func encode(_ value: Int32) throws { put(String(value)) }
    mutating func encode(_ value: Int64) throws { put(String(value)) }
    mutating func encode(_ value: UInt) throws { put(String(value)) }
    mutating func encode(_ value: UInt8) throws { put(String(value)) }
    mutating func encode(_ value: UInt16) throws { put(String(value)) }
    mutating func encode(_ value: UInt32) throws { put(String(value)) }
    mutating func encode(_ value: UInt64) throws { put(String(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: WireValueEncoder(node: node, codingPath: codingPath))
    }
}

struct WireIndex: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

// MARK: decoding

/// Decodes JSON from the other process: untrusted text, so every malformed input is an error.
public struct WireDecoder: Sendable {
    /// The deepest nesting accepted; deeper is an error, not a stack overflow.
    public static let maximumDepth = 256

    public init() {}

    /// Decodes a `T` from JSON text.
    /// - Throws: `DecodingError` saying what was wrong and where.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        var parser = WireParser(bytes: [UInt8](data))
        let value = try parser.document()
        return try T(from: WireValueDecoder(value: value, codingPath: []))
    }
}

/// A parsed JSON value; numbers keep their text, so that integers convert exactly.
enum WireValue {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([WireValue])
    case object([(String, WireValue)])

    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

struct WireParser {
    let bytes: [UInt8]
    var index = 0

    mutating func document() throws -> WireValue {
        let value = try parse(depth: 0)
        skipSpace()
        guard index == bytes.count else { throw corrupt("text after the JSON value") }
        return value
    }

    private func corrupt(_ what: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: [], debugDescription: "malformed JSON at byte \(index): \(what)"))
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func expect(_ word: String, _ value: WireValue) throws -> WireValue {
        let word = Array(word.utf8)
        guard bytes.count - index >= word.count, Array(bytes[index..<index + word.count]) == word else {
            throw corrupt("an unknown literal")
        }
        index += word.count
        return value
    }

    private mutating func parse(depth: Int) throws -> WireValue {
        guard depth < WireDecoder.maximumDepth else { throw corrupt("nested deeper than \(WireDecoder.maximumDepth)") }
        skipSpace()
        guard index < bytes.count else { throw corrupt("the text ends where a value should be") }
        switch bytes[index] {
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "["):
            index += 1
            var items: [WireValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                items.append(try parse(depth: depth + 1))
                skipSpace()
                guard index < bytes.count else { throw corrupt("an unterminated array") }
                index += 1
                if bytes[index - 1] == UInt8(ascii: "]") { return .array(items) }
                guard bytes[index - 1] == UInt8(ascii: ",") else { throw corrupt("expected , or ] in an array") }
            }
        case UInt8(ascii: "{"):
            index += 1
            var members: [(String, WireValue)] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw corrupt("expected a key") }
                let key = try string()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw corrupt("expected :") }
                index += 1
                members.append((key, try parse(depth: depth + 1)))
                skipSpace()
                guard index < bytes.count else { throw corrupt("an unterminated object") }
                index += 1
                if bytes[index - 1] == UInt8(ascii: "}") { return .object(members) }
                guard bytes[index - 1] == UInt8(ascii: ",") else { throw corrupt("expected , or } in an object") }
            }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try number())
        default:
            throw corrupt("unexpected character")
        }
    }

    /// A number's text, checked against JSON's grammar.
    private mutating func number() throws -> String {
        let start = index
        func digits() -> Int {
            let from = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            return index - from
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let leadingZero = index < bytes.count && bytes[index] == 0x30
        let whole = digits()
        guard whole > 0, !(leadingZero && whole > 1) else { throw corrupt("a malformed number") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw corrupt("a malformed number") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw corrupt("a malformed number") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - index >= 4 else { throw corrupt("a truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw corrupt("a malformed \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func string() throws -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw corrupt("an unterminated string") }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case 0..<0x20:
                throw corrupt("a control character in a string")
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw corrupt("an unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), bytes.count - index >= 6, bytes[index] == 0x5C,
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw corrupt("an unpaired surrogate") }
                        scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw corrupt("an unpaired surrogate") }
                    out.append(contentsOf: String(Character(unicode)).utf8)
                default:
                    throw corrupt("an unknown escape")
                }
            default:
                out.append(byte)
            }
        }
    }
}

struct WireValueDecoder: Decoder {
    let value: WireValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: Int].self, value, codingPath) }
        return KeyedDecodingContainer(WireKeyedDecoder<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch([Int].self, value, codingPath) }
        return WireUnkeyedDecoder(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        WireSingleDecoder(value: value, codingPath: codingPath)
    }
}

func mismatch(_ type: Any.Type, _ value: WireValue, _ path: [any CodingKey]) -> DecodingError {
    .typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(type), found \(value.kind)"))
}

/// Reads scalars out of values, for all three kinds of container.
enum WireScalar {
    static func bool(_ value: WireValue, _ path: [any CodingKey]) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(Bool.self, value, path) }
        return bool
    }

    static func string(_ value: WireValue, _ path: [any CodingKey]) throws -> String {
        guard case .string(let string) = value else { throw mismatch(String.self, value, path) }
        return string
    }

    static func integer<T: FixedWidthInteger>(_ value: WireValue, _ path: [any CodingKey]) throws -> T {
        guard case .number(let text) = value else { throw mismatch(T.self, value, path) }
        if let exact = T(text) { return exact }
        if let double = Double(text), let exact = T(exactly: double) { return exact }
        throw DecodingError.dataCorrupted(
            .init(codingPath: path, debugDescription: "\(text) does not fit in \(T.self)"))
    }

    static func floating<T: BinaryFloatingPoint & LosslessStringConvertible>(
        _ value: WireValue, _ path: [any CodingKey]
    ) throws -> T {
        guard case .number(let text) = value else { throw mismatch(T.self, value, path) }
        guard let number = T(text), number.isFinite else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "\(text) is not a \(T.self)"))
        }
        return number
    }
}

struct WireKeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(String, WireValue)]
    let codingPath: [any CodingKey]
    /// For large objects, the members by key (the first of duplicate keys wins, as in a scan).
    private let index: [String: Int]?

    init(members: [(String, WireValue)], codingPath: [any CodingKey]) {
        self.members = members
        self.codingPath = codingPath
        index =
            members.count > 16
            ? Dictionary(
                members.enumerated().map { ($0.element.0, $0.offset) }, uniquingKeysWith: { first, _ in first })
            : nil
    }

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

    private func find(_ key: Key) -> WireValue? {
        if let index { return index[key.stringValue].map { members[$0].1 } }
        return members.first { $0.0 == key.stringValue }?.1
    }

    private func value(_ key: Key) throws -> WireValue {
        guard let value = find(key) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "no value for \"\(key.stringValue)\""))
        }
        return value
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try value(key) { return true }
        return false
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try WireScalar.bool(value(key), codingPath + [key])
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try WireScalar.string(value(key), codingPath + [key])
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try WireScalar.floating(value(key), codingPath + [key])
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try WireScalar.floating(value(key), codingPath + [key])
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try WireScalar.integer(value(key), codingPath + [key])
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try WireScalar.integer(value(key), codingPath + [key])
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try WireScalar.integer(value(key), codingPath + [key])
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try WireScalar.integer(value(key), codingPath + [key])
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try WireScalar.integer(value(key), codingPath + [key])
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try WireScalar.integer(value(key), codingPath + [key])
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try WireScalar.integer(value(key), codingPath + [key])
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try WireScalar.integer(value(key), codingPath + [key])
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try WireScalar.integer(value(key), codingPath + [key])
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try WireScalar.integer(value(key), codingPath + [key])
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let found = try value(key)
        if let scalar = try WireScalar.scalar(type, found, codingPath + [key]) { return scalar }
        return try T(from: WireValueDecoder(value: found, codingPath: codingPath + [key]))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try WireValueDecoder(value: value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try WireValueDecoder(value: value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        WireValueDecoder(
            value: members.first { $0.0 == "super" }?.1 ?? .null, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        WireValueDecoder(value: find(key) ?? .null, codingPath: codingPath + [key])
    }
}

struct WireUnkeyedDecoder: UnkeyedDecodingContainer {
    let items: [WireValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [WireValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private var path: [any CodingKey] { codingPath + [WireIndex(currentIndex)] }

    private mutating func next() throws -> WireValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self, .init(codingPath: path, debugDescription: "the array has only \(items.count) values"))
        }
        defer { currentIndex += 1 }
        return items[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = items[currentIndex] else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try WireScalar.bool(next(), path) }
    mutating func decode(_ type: String.Type) throws -> String { try WireScalar.string(next(), path) }
    mutating func decode(_ type: Double.Type) throws -> Double { try WireScalar.floating(next(), path) }
    mutating func decode(_ type: Float.Type) throws -> Float { try WireScalar.floating(next(), path) }
    mutating func decode(_ type: Int.Type) throws -> Int { try WireScalar.integer(next(), path) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try WireScalar.integer(next(), path) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try WireScalar.integer(next(), path) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try WireScalar.integer(next(), path) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try WireScalar.integer(next(), path) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try WireScalar.integer(next(), path) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try WireScalar.integer(next(), path) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try WireScalar.integer(next(), path) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try WireScalar.integer(next(), path) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try WireScalar.integer(next(), path) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let path = self.path
        let value = try next()
        if let scalar = try WireScalar.scalar(type, value, path) { return scalar }
        return try T(from: WireValueDecoder(value: value, codingPath: path))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let path = self.path
        return try WireValueDecoder(value: next(), codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let path = self.path
        return try WireValueDecoder(value: next(), codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let path = self.path
        return WireValueDecoder(value: try next(), codingPath: path)
    }
}

struct WireSingleDecoder: SingleValueDecodingContainer {
    let value: WireValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }
    func decode(_ type: Bool.Type) throws -> Bool { try WireScalar.bool(value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try WireScalar.string(value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try WireScalar.floating(value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try WireScalar.floating(value, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try WireScalar.integer(value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try WireScalar.integer(value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try WireScalar.integer(value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try WireScalar.integer(value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try WireScalar.integer(value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try WireScalar.integer(value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try WireScalar.integer(value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try WireScalar.integer(value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try WireScalar.integer(value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try WireScalar.integer(value, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: WireValueDecoder(value: value, codingPath: codingPath))
    }
}
