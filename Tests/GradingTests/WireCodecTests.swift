import Foundation
import Grading
import Testing

/// The remote calls' JSON codec: every value round-trips, the text is standard JSON on one line,
/// and hostile text is an error, never a crash.
@Suite struct WireCodecTests {
    enum Shape: Codable, Equatable {
        case empty
        case point(x: Int, y: Int)
        case named(String, tags: [String]?)
    }

    struct Everything: Codable, Equatable {
        var text: String
        var bytes: [UInt8]
        var data: Data
        var date: Date
        var smallest: Int64
        var largest: UInt64
        var doubles: [Double]
        var float: Float
        var flag: Bool
        var missing: Int?
        var present: Int?
        var nested: [[Int8]]
        var byName: [String: Int]
        var byNumber: [Int: String]
        var shapes: [Shape]
        var duration: Duration
    }

    static let everything = Everything(
        text: "quote \" backslash \\ newline \n tab \t nul \u{0} bell \u{7} é 😀 \u{2028}",
        bytes: [0, 1, 127, 128, 255], data: Data([9, 8, 7]), date: Date(timeIntervalSince1970: 1_700_000_000.25),
        smallest: .min, largest: .max, doubles: [0, -0.0, 0.1, 1e300, 5e-324, -2.5], float: 3.25, flag: true,
        missing: nil, present: 7, nested: [[], [-128, 127]], byName: ["b": 2, "a": 1], byNumber: [3: "three"],
        shapes: [.empty, .point(x: -1, y: 2), .named("n", tags: nil), .named("m", tags: ["t"])],
        duration: .milliseconds(1500))

    @Test func everyKindOfValueRoundTrips() throws {
        let text = try RemotePeer.encoder.encode(Self.everything)
        let back = try RemotePeer.decoder.decode(Everything.self, from: text)
        #expect(back == Self.everything)
        #expect(back.doubles[1].sign == .minus)
    }

    @Test func theTextIsOneLineOfStandardJSON() throws {
        let text = try RemotePeer.encoder.encode(Self.everything)
        #expect(!text.contains(0x0A) && !text.contains(0x0D))
        // Foundation reads it as the same value.
        let object = try JSONSerialization.jsonObject(with: text) as? [String: Any]
        #expect(object?["text"] as? String == Self.everything.text)
        #expect((object?["bytes"] as? [Int]) == [0, 1, 127, 128, 255])
    }

    @Test func itReadsWhatFoundationWrites() throws {
        struct Sample: Codable, Equatable {
            var text: String
            var numbers: [Double]
            var count: Int
        }
        let sample = Sample(text: "é \u{1F600} / \u{1} \"", numbers: [1, 0.5, -3e-7], count: -42)
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.prettyPrinted, .sortedKeys]
        #expect(try RemotePeer.decoder.decode(Sample.self, from: foundation.encode(sample)) == sample)
        // Escapes Foundation never writes but JSON allows.
        let escaped = Data(#"{"text":"\u00e9 \ud83d\ude00 \/ \b\f","numbers":[1E2,2e-1],"count":0}"#.utf8)
        let decoded = try RemotePeer.decoder.decode(Sample.self, from: escaped)
        #expect(decoded.text == "é 😀 / \u{8}\u{C}")
        #expect(decoded.numbers == [100, 0.2])
    }

    @Test func nonFiniteNumbersAreRefusedWhenEncoding() {
        #expect(throws: EncodingError.self) { try RemotePeer.encoder.encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try RemotePeer.encoder.encode(Double.infinity) }
    }

    @Test(arguments: [
        "", " ", "[", "[1,", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{1:2}", "[1]x", "tru", "nul", "01", "1.", "-",
        "1e", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"a\u{1}b\"", "[1,]", "{\"a\":1,}",
    ])
    func malformedTextIsAnError(_ text: String) {
        #expect(throws: DecodingError.self) { try RemotePeer.decoder.decode([Int].self, from: Data(text.utf8)) }
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect(throws: DecodingError.self) { try RemotePeer.decoder.decode([Int].self, from: Data(deep.utf8)) }
    }

    @Test func numbersThatDoNotFitAreErrors() {
        let decoder = RemotePeer.decoder
        #expect(throws: DecodingError.self) { try decoder.decode([UInt8].self, from: Data("[256]".utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode([UInt8].self, from: Data("[-1]".utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode([Int].self, from: Data("[1.5]".utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode([Int64].self, from: Data("[1e30]".utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode([Double].self, from: Data("[1e999]".utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode([Int].self, from: Data("[\"1\"]".utf8)) }
        #expect((try? decoder.decode([Int].self, from: Data("[2e3]".utf8))) == [2000])
    }

    @Test func aMissingKeyNamesTheKeyAndWhere() throws {
        struct Inner: Codable { var value: Int }
        struct Outer: Codable { var inner: [Inner] }
        do {
            _ = try RemotePeer.decoder.decode(Outer.self, from: Data(#"{"inner":[{"value":1},{}]}"#.utf8))
            Issue.record("a missing key decoded")
        } catch DecodingError.keyNotFound(let key, let context) {
            #expect(key.stringValue == "value")
            #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["inner", "1"])
        }
    }
}
