import ETL
import Foundation
import Grading
import Testing

/// A minimal CSV writer with the rules of Python's `csv.writer` (QUOTE_MINIMAL): a field is quoted
/// when it holds the delimiter, a quote, CR or LF, quotes inside are doubled, and a record that is
/// one empty field is written `""` so that it is not an empty line.
enum CSVTestWriter {
    static func field(_ text: String, delimiter: UInt8) -> String {
        let special = text.utf8.contains { $0 == delimiter || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func record(_ fields: [String], delimiter: UInt8) -> String {
        if fields == [""] { return "\"\"" }
        return fields.map { field($0, delimiter: delimiter) }.joined(separator: String(UnicodeScalar(delimiter)))
    }
}

struct CSVRoundTripTests {
    /// Pieces of random fields: the characters that matter to CSV, and some that matter to UTF-8.
    static let atoms = ["a", "b", "Z", "0", " ", ",", ";", "\"", "\"\"", "\r", "\n", "\r\n", "\t", "é", "日本", "🚀", "'"]

    /// Random records, the text a writer makes of them, and the line each record starts on.
    static func randomFile(seed: UInt64) -> (records: [[String]], text: String, lines: [Int], delimiter: UInt8) {
        var random = SeededGenerator(seed: seed)
        let delimiter = random.pick([UInt8(ascii: ","), UInt8(ascii: ";"), 0x09])
        var records: [[String]] = []
        var text = ""
        var lines: [Int] = []
        var line = 1
        for _ in 0..<Int.random(in: 1...25, using: &random) {
            let fields = (0..<Int.random(in: 1...6, using: &random)).map { _ in
                (0..<Int.random(in: 0...8, using: &random)).map { _ in random.pick(atoms) }.joined()
            }
            let written = CSVTestWriter.record(fields, delimiter: delimiter) + random.pick(["\n", "\r\n", "\r"])
            records.append(fields)
            lines.append(line)
            // CR, LF and CRLF each end a line.
            let bytes = Array(written.utf8)
            for (index, byte) in bytes.enumerated()
            where byte == 0x0D || (byte == 0x0A && (index == 0 || bytes[index - 1] != 0x0D)) {
                line += 1
            }
            text += written
        }
        if random.chance(0.3) { text.removeLast() }  // Sometimes no line break after the last record.
        return (records, text, lines, delimiter)
    }

    @Test(arguments: 0..<200)
    func readsBackWhatAWriterWrote(seed: Int) throws {
        let file = Self.randomFile(seed: UInt64(seed))
        let directory = try CSVScratchDirectory()
        defer { directory.remove() }
        let path = try directory.write(file.text, to: "random.csv")
        var options = CSVOptions(delimiter: file.delimiter)
        var random = SeededGenerator(seed: UInt64(seed) &+ 1000)
        options.chunkBytes = Int.random(in: 1...64, using: &random)
        let items = try CSVReader(path: path, options: options).readAll()
        let expected = zip(file.records, file.lines).map { CSVItem.record(CSVRecord(fields: $0, line: $1)) }
        #expect(items == expected, "seed \(seed), chunk \(options.chunkBytes): \(file.text.debugDescription)")
    }

    @Test(.enabled(if: PythonOracle.isAvailable, PythonOracle.skipNote), arguments: 0..<20)
    func pythonReadsTheRandomFilesTheSame(seed: Int) throws {
        let file = Self.randomFile(seed: UInt64(seed))
        let directory = try CSVScratchDirectory()
        defer { directory.remove() }
        let path = try directory.write(file.text, to: "random.csv")
        let python = try PythonOracle.csvRecords(path, delimiter: file.delimiter)
        #expect(python.map(\.fields) == file.records)
        #expect(python.map(\.line) == file.lines)
    }
}
