import ETL
import Foundation
import Testing

/// A crafted CSV input with the options to read it with.
struct CSVCase: CustomTestStringConvertible, Sendable {
    var name: String
    var bytes: [UInt8]
    var delimiter = UInt8(ascii: ",")
    var maxFieldBytes = 1 << 20
    var expectedFieldCount: Int?

    init(
        _ name: String, _ text: String, delimiter: UInt8 = UInt8(ascii: ","), maxFieldBytes: Int = 1 << 20,
        expectedFieldCount: Int? = nil
    ) {
        self.init(
            name, Array(text.utf8), delimiter: delimiter, maxFieldBytes: maxFieldBytes,
            expectedFieldCount: expectedFieldCount)
    }

    init(
        _ name: String, _ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ","), maxFieldBytes: Int = 1 << 20,
        expectedFieldCount: Int? = nil
    ) {
        self.name = name
        self.bytes = bytes
        self.delimiter = delimiter
        self.maxFieldBytes = maxFieldBytes
        self.expectedFieldCount = expectedFieldCount
    }

    var testDescription: String { name }

    var options: CSVOptions { CSVOptions(delimiter: delimiter, maxFieldBytes: maxFieldBytes) }

    /// The messy inputs, each compared with Python's csv.reader.
    static let all: [CSVCase] = [
        CSVCase("LF line ends with a header", "id,name\n1,Ada\n2,Grace\n"),
        CSVCase("CRLF line ends", "id,name\r\n1,Ada\r\n2,Grace\r\n"),
        CSVCase("CR line ends", "id,name\r1,Ada\r2,Grace\r"),
        CSVCase("mixed line ends", "a\nb\r\nc\rd\n"),
        CSVCase("no trailing newline", "a,b\n1,2"),
        CSVCase("no header, one record", "x,y,z"),
        CSVCase("embedded LF in quotes", "a,\"line1\nline2\",c\nnext,1,2\n"),
        CSVCase("embedded CR in quotes", "a,\"line1\rline2\",c\r\nnext,1,2\r\n"),
        CSVCase("embedded CRLF in quotes", "a,\"line1\r\nline2\",c\r\nnext,1,2\r\n"),
        CSVCase("embedded blank lines in quotes", "\"one\n\n\nfour\",x\nafter,y\n"),
        CSVCase("doubled quotes", "\"say \"\"hi\"\"\",\"\"\"\",\"\"\"\"\"\"\"\n"),
        CSVCase("quoted delimiters", "\"a,b\",\"c;d\",\",\"\n"),
        CSVCase("empty fields", ",,\n\"\",,\"\"\na,,\n,\n"),
        CSVCase("empty lines between records", "a,b\n\n1,2\n\r\n\r3,4\n\n"),
        CSVCase("only empty lines", "\n\r\n\r\n"),
        CSVCase("text after a closing quote", "\"ab\"cd,x\n\"a\"\"b\"c\"d,e\n"),
        CSVCase("lone quote in an unquoted field", "a\"b,c\"\nab\",\"\n"),
        CSVCase("leading space before a quote", " \"a\" ,b\n"),
        CSVCase("quoted field then CR", "\"ab\"\rcd\n"),
        CSVCase("semicolon delimiter", "a;b,c;\"d;e\"\n1;2;3\n", delimiter: UInt8(ascii: ";")),
        CSVCase("tab delimiter", "a\tb c\t\"d\te\"\n", delimiter: 0x09),
        CSVCase("byte order mark", "\u{FEFF}id,name\n1,Ada\n"),
        CSVCase("byte order mark before a quote", "\u{FEFF}\"id\",name\n"),
        CSVCase("unicode fields", "naïve,日本語,🚀,\"é,ü\"\n"),
        CSVCase("unterminated quote at the end of the file", "a,b\n1,\"open\nstill open"),
        CSVCase("unterminated quote after a doubled quote", "a,\"x\"\""),
        CSVCase("quote closed at the end of the file", "a,\"x\""),
        CSVCase("delimiter at the end of the file", "a,"),
        CSVCase("NUL byte in an unquoted field", [0x61, 0x2C, 0x62, 0x00, 0x63, 0x0A, 0x64, 0x2C, 0x65, 0x0A]),
        CSVCase("NUL byte in a quoted field", [0x22, 0x00, 0x22, 0x2C, 0x78, 0x0A, 0x79, 0x2C, 0x7A, 0x0A]),
        CSVCase("invalid UTF-8", [0x61, 0x2C, 0xC3, 0x28, 0x0A, 0x6F, 0x6B, 0x2C, 0xC3, 0xA9, 0x0A]),
        CSVCase("truncated UTF-8 at the end", [0x6F, 0x6B, 0x0A, 0x61, 0xE6, 0x97]),
        CSVCase("overlong UTF-8 and surrogates", [0xC0, 0xAF, 0x0A, 0xED, 0xA0, 0x80, 0x0A, 0x6F, 0x6B, 0x0A]),
        CSVCase("too many and too few fields", "a,b,c\n1,2,3\n1,2,3,4\n1,2\n\"x\ny\",2,3\n", expectedFieldCount: 3),
        CSVCase(
            "field over the limit",
            "short,ok\n\(String(repeating: "x", count: 40)),next\n\"\(String(repeating: "\"\"", count: 20))\",q\nok,fine\n",
            maxFieldBytes: 16),
        CSVCase(
            "quoted field over the limit spanning lines",
            "a,\"\(String(repeating: "line\n", count: 8))\"\nafter,it\n", maxFieldBytes: 16),
    ]
}

struct CSVReaderTests {
    /// Reads `bytes` with `options`, writing them to a fresh file.
    static func read(_ bytes: [UInt8], options: CSVOptions, expectedFieldCount: Int? = nil) throws -> (
        items: [CSVItem], blankLines: Int
    ) {
        let directory = try CSVScratchDirectory()
        defer { directory.remove() }
        let reader = try CSVReader(path: try directory.write(bytes, to: "input.csv"), options: options)
        reader.expectedFieldCount = expectedFieldCount
        let items = try reader.readAll()
        return (items, reader.blankLines)
    }

    /// Python's records turned into what the workbook's reader must yield, and its blank lines.
    static func expectedFromPython(_ testCase: CSVCase, path: String) throws -> ([CSVOutcome], Int) {
        let records = try PythonOracle.csvRecords(
            path, delimiter: testCase.delimiter, maxFieldBytes: testCase.maxFieldBytes,
            expectedFields: testCase.expectedFieldCount)
        // The reasons in the order the reader checks them.
        let priority = ["unterminated_quote", "field_too_large", "nul_byte", "invalid_utf8", "wrong_field_count"]
        var outcomes: [CSVOutcome] = []
        var blankLines = 0
        for record in records {
            if record.flags.contains("blank") {
                blankLines += 1
            } else if let reason = priority.first(where: record.flags.contains) {
                outcomes.append(.malformed(line: record.line, reason: reason))
            } else {
                outcomes.append(.record(line: record.line, fields: record.fields))
            }
        }
        return (outcomes, blankLines)
    }

    @Test(.enabled(if: PythonOracle.isAvailable, PythonOracle.skipNote), arguments: CSVCase.all)
    func yieldsTheRecordsPythonsCSVReaderYields(_ testCase: CSVCase) throws {
        let directory = try CSVScratchDirectory()
        defer { directory.remove() }
        let path = try directory.write(testCase.bytes, to: "case.csv")
        let (expected, expectedBlankLines) = try Self.expectedFromPython(testCase, path: path)
        let reader = try CSVReader(path: path, options: testCase.options)
        reader.expectedFieldCount = testCase.expectedFieldCount
        let got = try reader.readAll().map(CSVOutcome.init)
        #expect(
            got == expected,
            "\(testCase.name)\nexpected:\n\(expected.map(\.description).joined(separator: "\n"))\ngot:\n\(got.map(\.description).joined(separator: "\n"))"
        )
        #expect(reader.blankLines == expectedBlankLines)
    }

    @Test(arguments: CSVCase.all)
    func yieldsTheSameItemsWhateverTheChunkSize(_ testCase: CSVCase) throws {
        var options = testCase.options
        let results = try [1, 2, 3, 7, 64 << 10].map { chunkBytes in
            options.chunkBytes = chunkBytes
            return try Self.read(testCase.bytes, options: options, expectedFieldCount: testCase.expectedFieldCount)
        }
        for result in results.dropFirst() {
            #expect(result.items == results[0].items)
            #expect(result.blankLines == results[0].blankLines)
        }
    }

    @Test func readsQuotedFieldsLineBreaksAndLineNumbers() throws {
        let text = "id,note\r\n1,\"two\r\nlines\"\r\n\r\n2,\"say \"\"hi\"\"\"\n3,\"ab\"cd\r4,a\"b\n"
        let (items, blankLines) = try Self.read(Array(text.utf8), options: CSVOptions())
        #expect(
            items == [
                .record(CSVRecord(fields: ["id", "note"], line: 1)),
                .record(CSVRecord(fields: ["1", "two\r\nlines"], line: 2)),
                .record(CSVRecord(fields: ["2", "say \"hi\""], line: 5)),
                .record(CSVRecord(fields: ["3", "abcd"], line: 6)),
                .record(CSVRecord(fields: ["4", "a\"b"], line: 7)),
            ])
        #expect(blankLines == 1)
    }

    @Test func dropsAByteOrderMarkAtTheStartOnly() throws {
        let (items, _) = try Self.read(Array("\u{FEFF}a,\u{FEFF}b\n".utf8), options: CSVOptions())
        #expect(items == [.record(CSVRecord(fields: ["a", "\u{FEFF}b"], line: 1))])
    }

    @Test func reportsAnUnterminatedQuoteWithTheLineTheRecordStarts() throws {
        let (items, _) = try Self.read(Array("a,b\n1,\"open\nmore\nend".utf8), options: CSVOptions())
        #expect(items.count == 2)
        guard case .malformed(let bad) = items.last else {
            Issue.record("expected a malformed record, got \(items)")
            return
        }
        #expect(bad.line == 2)
        #expect(bad.reason == .unterminatedQuote)
        #expect(bad.rawText == "1,\"open\nmore\nend")
        #expect(bad.detail == "the quoted field 2 opened on line 2 is not closed at the end of the file")
    }

    @Test func reportsAFieldOverTheLimitAndResumesAtTheNextRecord() throws {
        let big = String(repeating: "x", count: 100)
        let text = "a,b\n\(big),\"q,\n\"\n\"\(big)\nstill\"\nc,d\n"
        var options = CSVOptions(maxFieldBytes: 10)
        for chunkBytes in [1, 5, 64] {
            options.chunkBytes = chunkBytes
            let (items, _) = try Self.read(Array(text.utf8), options: options)
            #expect(
                items.map(CSVOutcome.init) == [
                    .record(line: 1, fields: ["a", "b"]),
                    .malformed(line: 2, reason: "field_too_large"),
                    .malformed(line: 4, reason: "field_too_large"),
                    .record(line: 6, fields: ["c", "d"]),
                ])
        }
    }

    @Test func skipsARecordOverTheLimitWithoutHoldingIt() throws {
        // Quoted line breaks inside the skipped record must not be taken for record ends.
        let long = String(repeating: "abc,\"d\ne\",", count: 200)
        let text = "h1,h2\n\(long)end\nnext,row\n"
        var options = CSVOptions(maxFieldBytes: 100, maxRecordBytes: 64)
        options.chunkBytes = 16
        let (items, _) = try Self.read(Array(text.utf8), options: options)
        #expect(
            items.map(CSVOutcome.init) == [
                .record(line: 1, fields: ["h1", "h2"]),
                .malformed(line: 2, reason: "record_too_large"),
                .record(line: 203, fields: ["next", "row"]),
            ])
        if case .malformed(let bad) = items[1] {
            #expect(bad.rawText.utf8.count <= MalformedRecord.rawTextLimit)
            #expect(bad.rawText.hasPrefix("abc,\"d\ne\",abc"))
            #expect(bad.detail == "the record is longer than the limit of 64 bytes")
        }
    }

    @Test func reportsNULAndInvalidUTF8AsMalformedRecords() throws {
        let bytes: [UInt8] = Array("ok,1\n".utf8) + [0x61, 0x00, 0x2C, 0x32, 0x0A] + [0x62, 0xFF, 0x2C, 0x33, 0x0A]
        let (items, _) = try Self.read(bytes, options: CSVOptions())
        guard items.count == 3, case .malformed(let nul) = items[1], case .malformed(let invalid) = items[2] else {
            Issue.record("unexpected items \(items)")
            return
        }
        #expect(nul.reason == .nulByte)
        #expect(nul.line == 2)
        #expect(nul.detail == "a NUL byte at byte 2 of the record")
        #expect(invalid.reason == .invalidUTF8)
        #expect(invalid.line == 3)
        #expect(invalid.rawText == "b\u{FFFD},3")
        #expect(invalid.detail == "invalid UTF-8 at byte 2 of the record")
    }

    @Test func reportsTheWrongFieldCountOnceExpected() throws {
        let directory = try CSVScratchDirectory()
        defer { directory.remove() }
        let reader = try CSVReader(path: try directory.write("a,b\n1,2,3\n4,5\n", to: "count.csv"))
        #expect(try reader.next() == .record(CSVRecord(fields: ["a", "b"], line: 1)))
        reader.expectedFieldCount = 2
        #expect(
            try reader.next()
                == .malformed(
                    MalformedRecord(
                        line: 2, rawText: "1,2,3", reason: .wrongFieldCount, detail: "expected 2 fields, found 3")
                ))
        #expect(try reader.next() == .record(CSVRecord(fields: ["4", "5"], line: 3)))
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }

    @Test func cutsTheRawTextOfAMalformedRecordAtACharacterBoundary() throws {
        let text = "x" + String(repeating: "é", count: 600) + "\u{0}\n"  // 1202 bytes before the NUL
        let (items, _) = try Self.read(Array(text.utf8), options: CSVOptions())
        guard case .malformed(let bad) = items.first else {
            Issue.record("expected a malformed record")
            return
        }
        #expect(bad.rawText == "x" + String(repeating: "é", count: 511))
        #expect(!bad.rawText.contains("\u{FFFD}"))
    }

    @Test func readsAnEmptyFileAsNoRecords() throws {
        #expect(try Self.read([], options: CSVOptions()).items.isEmpty)
        #expect(try Self.read([0xEF, 0xBB, 0xBF], options: CSVOptions()).items.isEmpty)
    }

    @Test func rejectsAMissingFileAndABadDelimiter() throws {
        let missing = #expect(throws: ExtractError.self) { try CSVReader(path: "/nonexistent/file.csv") }
        #expect(missing?.code == .cannotOpen)
        #expect(missing?.description == "/nonexistent/file.csv: cannot open the file: it does not exist")
        let directory = try CSVScratchDirectory()
        defer { directory.remove() }
        let path = try directory.write("a\n", to: "a.csv")
        for delimiter in [UInt8(ascii: "\""), 0x0A, 0x0D, 0x00, 0xC3] {
            let error = #expect(throws: ExtractError.self) {
                try CSVReader(path: path, options: CSVOptions(delimiter: delimiter))
            }
            #expect(error?.code == .invalidOptions)
        }
        let directoryError = #expect(throws: ExtractError.self) { try CSVReader(path: directory.url.path) }
        #expect(directoryError?.code == .cannotOpen)
    }
}
