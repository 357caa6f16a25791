import ETL
import Foundation
import Testing

struct JSONLinesReaderTests {
    struct Event: Decodable, Equatable {
        var id: Int
        var name: String
    }

    static let messy =
        Array(
            ("\u{FEFF}{\"id\":1,\"name\":\"a\"}\r\n"
                + "\n"
                + "   \t\r\n"
                + "{\"id\":2,\"name\":\"b\"}\n"
                + "{\"id\":3,\"name\":\n"
                + "[1,2]\n"
                + "42\n"
                + "{\"id\":4}\n"
                + "{\"id\":\"five\",\"name\":\"e\"}\n"
                + "{\"id\":6,\"name\":\"\(String(repeating: "x", count: 80))\"}\n"
                + "{\"id\":7,\"name\":\"g\"}").utf8) + [0x0A, 0x7B, 0xFF, 0x7D, 0x0A]

    static func read(_ bytes: [UInt8], options: JSONLinesOptions = JSONLinesOptions()) throws -> (
        items: [JSONLinesItem<Event>], blankLines: Int
    ) {
        let directory = try CSVScratchDirectory()
        defer { directory.remove() }
        let reader = try JSONLinesReader(path: try directory.write(bytes, to: "events.jsonl"), options: options)
        var items: [JSONLinesItem<Event>] = []
        while let item = try reader.next(as: Event.self) { items.append(item) }
        return (items, reader.blankLines)
    }

    /// (line, reason) of the malformed items, and the values with their lines.
    static func summary(_ items: [JSONLinesItem<Event>]) -> [String] {
        items.map { item in
            switch item {
            case .value(let event, let line): "\(line): \(event.id) \(event.name)"
            case .malformed(let bad): "\(bad.line): \(bad.reason)"
            }
        }
    }

    @Test func decodesEachLineAndReportsEveryBadOneWithItsLine() throws {
        let (items, blankLines) = try Self.read(Self.messy, options: JSONLinesOptions(maxLineBytes: 64))
        #expect(
            Self.summary(items) == [
                "1: 1 a", "4: 2 b", "5: invalid_json", "6: not_an_object", "7: not_an_object", "8: decoding_failed",
                "9: decoding_failed", "10: line_too_long", "11: 7 g", "12: invalid_utf8",
            ])
        #expect(blankLines == 2)
    }

    @Test func describesWhatIsWrongWithALine() throws {
        let (items, _) = try Self.read(Self.messy, options: JSONLinesOptions(maxLineBytes: 64))
        var details: [Int: MalformedRecord] = [:]
        for case .malformed(let bad) in items { details[bad.line] = bad }
        #expect(details[5]?.rawText == "{\"id\":3,\"name\":")
        #expect(details[6]?.detail == "the line is an array, not an object")
        #expect(details[7]?.detail == "the line is a number, not an object")
        #expect(details[8]?.detail.contains("name") == true)
        #expect(details[9]?.detail.hasPrefix("at .id: ") == true)
        #expect(details[10]?.detail == "the line is 98 bytes; the limit is 64")
        #expect(details[10]?.rawText.hasPrefix("{\"id\":6,") == true)
        #expect(details[12]?.rawText == "{\u{FFFD}}")
        #expect(details[12]?.detail == "invalid UTF-8 at byte 2 of the line")
    }

    @Test func readsObjectsWithJSONSerialization() throws {
        let directory = try CSVScratchDirectory()
        defer { directory.remove() }
        let path = try directory.write("{\"a\":[1,true,null]}\n\"text\"\ntrue\nnull\n{\"b\":{}}", to: "objects.jsonl")
        let reader = try JSONLinesReader(path: path)
        var lines: [String] = []
        while let item = try reader.nextObject() {
            switch item {
            case .value(let object, let line): lines.append("\(line): \(object.keys.sorted())")
            case .malformed(let bad): lines.append("\(bad.line): \(bad.detail)")
            }
        }
        #expect(
            lines == [
                "1: [\"a\"]", "2: the line is a string, not an object", "3: the line is a boolean, not an object",
                "4: the line is null, not an object", "5: [\"b\"]",
            ])
    }

    @Test func yieldsTheSameItemsWhateverTheChunkSize() throws {
        var options = JSONLinesOptions(maxLineBytes: 64)
        let reference = Self.summary(try Self.read(Self.messy, options: options).items)
        for chunkBytes in [1, 2, 3, 7, 64 << 10] {
            options.chunkBytes = chunkBytes
            let (items, blankLines) = try Self.read(Self.messy, options: options)
            #expect(Self.summary(items) == reference, "chunk size \(chunkBytes)")
            #expect(blankLines == 2)
        }
    }

    @Test func rejectsAMissingFile() {
        let error = #expect(throws: ExtractError.self) { try JSONLinesReader(path: "/nonexistent.jsonl") }
        #expect(error?.code == .cannotOpen)
    }
}
