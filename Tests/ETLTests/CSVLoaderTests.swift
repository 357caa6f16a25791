import ETL
import Foundation
import SQLite
import Testing

struct CSVLoaderTests {
    /// 2026-01-02T03:04:05Z, so that `_loaded_at` is known.
    static let loadedAt = Date(timeIntervalSince1970: 1_767_323_045)

    static func options(_ change: (inout CSVLoadOptions) -> Void = { _ in }) -> CSVLoadOptions {
        var options = CSVLoadOptions(loadedAt: loadedAt)
        change(&options)
        return options
    }

    /// Loads `text` from a fresh file into `table` of `db`.
    static func load(
        _ text: String, table: String = "people", into db: Connection, options: CSVLoadOptions = options()
    ) throws -> (report: CSVLoadReport, path: String) {
        let directory = try CSVScratchDirectory()
        defer { directory.remove() }
        let path = try directory.write(text, to: "people.csv")
        return (try CSVLoader.load(csv: path, table: table, into: db, options: options), path)
    }

    @Test func loadsRowsInFileOrderWithTheMetadataColumnsAfterTheFilesOwn() throws {
        let db = try Connection(.inMemory)
        let (report, path) = try Self.load("id,name\r\n2,Grace\r\n1,\"Lovelace, Ada\"\r\n3,\n", into: db)
        #expect(report.read == 3 && report.loaded == 3 && report.quarantined == 0 && report.blankLines == 0)
        #expect(report.columns == ["id", "name"])
        #expect(report.bytes == 40)
        #expect(
            try db.rows("SELECT name FROM pragma_table_info('people')").map { $0[0] } == [
                .text("id"), .text("name"), .text("_source_file"), .text("_line"), .text("_loaded_at"),
            ])
        #expect(
            try db.rows("SELECT * FROM people ORDER BY rowid") == [
                [.text("2"), .text("Grace"), .text(path), .integer(2), .text("2026-01-02T03:04:05Z")],
                [.text("1"), .text("Lovelace, Ada"), .text(path), .integer(3), .text("2026-01-02T03:04:05Z")],
                [.text("3"), .text(""), .text(path), .integer(4), .text("2026-01-02T03:04:05Z")],
            ])
    }

    @Test func quarantinesBadRecordsWithTheirLinesAndReconciles() throws {
        let db = try Connection(.inMemory)
        let text = "a,b\n1,2\n\n1,2,3\n\"multi\nline\",ok\nx\u{0}y,z\n4,\"open\nto the end"
        let (report, path) = try Self.load(text, into: db)
        #expect(report.read == 5)
        #expect(report.loaded == 2)
        #expect(report.quarantined == 3)
        #expect(report.blankLines == 1)
        #expect(report.isReconciled)
        #expect(
            try db.rows("SELECT a, b, _line FROM people ORDER BY rowid") == [
                [.text("1"), .text("2"), .integer(2)],
                [.text("multi\nline"), .text("ok"), .integer(5)],
            ])
        #expect(
            try db.rows("SELECT table_name, source_file, line, raw_text, reason, detail, loaded_at FROM _quarantine")
                == [
                    [
                        .text("people"), .text(path), .integer(4), .text("1,2,3"), .text("wrong_field_count"),
                        .text("expected 2 fields, found 3"), .text("2026-01-02T03:04:05Z"),
                    ],
                    [
                        .text("people"), .text(path), .integer(7), .text("x\u{0}y,z"), .text("nul_byte"),
                        .text("a NUL byte at byte 2 of the record"), .text("2026-01-02T03:04:05Z"),
                    ],
                    [
                        .text("people"), .text(path), .integer(8), .text("4,\"open\nto the end"),
                        .text("unterminated_quote"),
                        .text("the quoted field 2 opened on line 8 is not closed at the end of the file"),
                        .text("2026-01-02T03:04:05Z"),
                    ],
                ])
    }

    @Test func namesColumnsUniquelyFromTheHeader() throws {
        let db = try Connection(.inMemory)
        let (report, _) = try Self.load("name,,Name,\"a \"\"q\"\"\",_line,c2,name_2\n1,2,3,4,5,6,7\n", into: db)
        #expect(report.columns == ["name", "c2", "Name_2", "a \"q\"", "_line_2", "c2_2", "name_2_2"])
        #expect(
            try db.rows("SELECT \"a \"\"q\"\"\", \"_line_2\", \"_line\" FROM people") == [
                [.text("4"), .text("5"), .integer(2)]
            ])
    }

    @Test func namesColumnsC1ToCNWithoutAHeader() throws {
        let db = try Connection(.inMemory)
        let (report, _) = try Self.load(
            "x\u{0},y\n1,2,3\n4,5,6\n7,8\n", into: db, options: Self.options { $0.hasHeader = false })
        #expect(report.columns == ["c1", "c2", "c3"])
        #expect((report.read, report.loaded, report.quarantined) == (4, 2, 2))
        #expect(
            try db.rows("SELECT reason, line FROM _quarantine ORDER BY rowid") == [
                [.text("nul_byte"), .integer(1)], [.text("wrong_field_count"), .integer(4)],
            ])
    }

    @Test func quotesAHostileTableName() throws {
        let db = try Connection(.inMemory)
        try db.execute("CREATE TABLE victims (v); INSERT INTO victims VALUES (1)")
        let hostile = "x\"; DROP TABLE victims; --"
        let (report, _) = try Self.load("a\n1\n", table: hostile, into: db)
        #expect(report.loaded == 1)
        #expect(try db.scalar("SELECT count(*) FROM victims", as: Int.self) == 1)
        #expect(try db.scalar("SELECT a FROM \"x\"\"; DROP TABLE victims; --\"", as: String.self) == "1")
        #expect(try db.scalar("SELECT table_name FROM _quarantine", as: String.self) == nil)
    }

    @Test func appendsOnEveryLoad() throws {
        let db = try Connection(.inMemory)
        for _ in 0..<2 { _ = try Self.load("a,b\n1,2\n3,4\n", into: db) }
        #expect(try db.scalar("SELECT count(*) FROM people", as: Int.self) == 4)
        #expect(
            try db.rows("SELECT _line FROM people ORDER BY rowid").map { $0[0] } == [2, 3, 2, 3].map { .integer($0) })
    }

    @Test func rejectsAnEmptyFileWhenAHeaderIsExpected() throws {
        let db = try Connection(.inMemory)
        for text in ["", "\n\r\n", "\u{FEFF}"] {
            let error = #expect(throws: ExtractError.self) { try Self.load(text, into: db) }
            #expect(error?.code == .emptyFile)
            #expect(error?.description.hasSuffix("people.csv: empty file: no header") == true)
        }
        let (report, _) = try Self.load("", into: db, options: Self.options { $0.hasHeader = false })
        #expect((report.read, report.loaded, report.columns) == (0, 0, []))
        #expect(try db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'people'", as: Int.self) == 0)
    }

    @Test func loadsAHeaderOnlyFileAsAnEmptyTable() throws {
        let db = try Connection(.inMemory)
        let (report, _) = try Self.load("a,b\n", into: db)
        #expect((report.read, report.loaded, report.columns) == (0, 0, ["a", "b"]))
        #expect(try db.scalar("SELECT count(*) FROM people", as: Int.self) == 0)
    }

    @Test func rejectsAMalformedHeader() throws {
        let db = try Connection(.inMemory)
        let error = #expect(throws: ExtractError.self) { try Self.load("\na,\"b\n", into: db) }
        #expect(error?.code == .malformedHeader)
        #expect(error?.line == 2)
    }

    @Test func appliesColumnTypesAndRejectsUnknownOnes() throws {
        let db = try Connection(.inMemory)
        let options = Self.options { $0.columnTypes = ["id": "integer", "Score": "REAL"] }
        _ = try Self.load("id,score,name\n1,2.5,a\nx,,b\n", into: db, options: options)
        #expect(
            try db.rows("SELECT typeof(id), typeof(score), typeof(name) FROM people ORDER BY rowid") == [
                [.text("integer"), .text("real"), .text("text")], [.text("text"), .text("text"), .text("text")],
            ])
        for types in [["id": "VARCHAR"], ["id": "INTEGER); DROP TABLE people; --"], ["missing": "TEXT"]] {
            let error = #expect(throws: ExtractError.self) {
                try Self.load("id\n1\n", table: "other", into: db, options: Self.options { $0.columnTypes = types })
            }
            #expect(error?.code == .invalidOptions)
        }
    }

    @Test func refusesATableThatLacksAColumn() throws {
        let db = try Connection(.inMemory)
        try db.execute("CREATE TABLE people (a TEXT)")
        let error = #expect(throws: ExtractError.self) { try Self.load("a,b\n1,2\n", into: db) }
        #expect(error?.code == .tableMismatch)
        #expect(error?.message.contains("has no column \"b\"") == true)
    }

    @Test func leavesNothingBehindWhenAnInsertFails() throws {
        let db = try Connection(.inMemory)
        try db.execute(
            "CREATE TABLE people (a TEXT CHECK (a <> 'bad'), _source_file TEXT, _line INTEGER, _loaded_at TEXT)")
        let error = #expect(throws: ExtractError.self) { try Self.load("a\nok\n1,2\nbad\n", into: db) }
        #expect(error?.code == .databaseFailed)
        #expect(error?.line == 4)
        #expect(error?.message.contains("CHECK constraint failed") == true)
        #expect(try db.scalar("SELECT count(*) FROM people", as: Int.self) == 0)
        #expect(try db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = '_quarantine'", as: Int.self) == 0)
    }

    @Test func loadsWithoutMetadataColumnsOrItsOwnTransaction() throws {
        let db = try Connection(.inMemory)
        let options = Self.options {
            $0.metadataColumns = false
            $0.batchTransaction = false
            $0.delimiter = UInt8(ascii: ";")
        }
        try db.transaction {
            _ = try Self.load("a;b\n1;\"2;3\"\n", into: db, options: options)
            #expect(db.isInTransaction)
        }
        #expect(try db.rows("SELECT * FROM people") == [[.text("1"), .text("2;3")]])
    }

    @Test func rejectsReservedAndEmptyTableNames() throws {
        let db = try Connection(.inMemory)
        for table in ["", "_QUARANTINE", "a\u{0}b"] {
            let error = #expect(throws: ExtractError.self) { try Self.load("a\n1\n", table: table, into: db) }
            #expect(error?.code == .invalidOptions)
        }
    }

    @Test func loadsALargeFileInChunksWithBoundedBuffers() throws {
        // 20,000 rows with quoted fields across many 1 MiB chunks... scaled down: 64-byte chunks.
        let db = try Connection(.inMemory)
        var text = "id,note\n"
        for index in 0..<20_000 { text += "\(index),\"n\(index), \"\"q\"\"\"\n" }
        var options = Self.options()
        options.csv.chunkBytes = 4096
        let (report, _) = try Self.load(text, into: db, options: options)
        #expect(report.loaded == 20_000)
        #expect(try db.scalar("SELECT note FROM people WHERE id = '12345'", as: String.self) == "n12345, \"q\"")
        #expect(
            try db.scalar("SELECT count(*) FROM people WHERE _line = CAST(id AS INTEGER) + 2", as: Int.self) == 20_000)
    }
}
