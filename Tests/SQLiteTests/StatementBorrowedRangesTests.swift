import SQLite
import Testing

struct StatementBorrowedRangesTests {
    let db: Connection

    init() throws {
        db = try Connection(.inMemory)
        try db.execute("CREATE TABLE t (a TEXT, b TEXT, line INTEGER, source TEXT)")
    }

    @Test func bindsRangesOfOneBufferAndTrailingValues() throws {
        let buffer = Array("1,naïve,,日本\n".utf8)
        let insert = try db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)")
        var trailing: [SQLiteValue] = [.integer(0), .text("f.csv")]
        try db.transaction {
            for (line, fields) in [(1, [0..<1, 2..<8]), (2, [9..<9, 10..<16])] {
                trailing[0] = .integer(Int64(line))
                try insert.run(borrowingUTF8: buffer, fields: fields, followedBy: trailing)
            }
        }
        #expect(
            try db.rows("SELECT a, b, line, source FROM t ORDER BY rowid") == [
                [.text("1"), .text("naïve"), .integer(1), .text("f.csv")],
                [.text(""), .text("日本"), .integer(2), .text("f.csv")],
            ])
        // Nothing stays bound after the call: running again without values inserts NULLs.
        #expect(try insert.step() == false)
        #expect(try db.scalar("SELECT count(*) FROM t WHERE a IS NULL AND line IS NULL", as: Int.self) == 1)
    }

    @Test func rejectsTheWrongNumberOfValuesAndRangesOutsideTheBuffer() throws {
        let insert = try db.prepare("INSERT INTO t (a, b) VALUES (?, ?)")
        let buffer = Array("abc".utf8)
        let tooFew = #expect(throws: SQLiteError.self) {
            try insert.run(borrowingUTF8: buffer, fields: [0..<1])
        }
        #expect(tooFew?.code == 25)  // SQLITE_RANGE
        let tooMany = #expect(throws: SQLiteError.self) {
            try insert.run(borrowingUTF8: buffer, fields: [0..<1], followedBy: [.null, .null])
        }
        #expect(tooMany?.code == 25)
        let outside = #expect(throws: SQLiteError.self) {
            try insert.run(borrowingUTF8: buffer, fields: [0..<1, 2..<4])
        }
        #expect(outside?.code == 21)  // SQLITE_MISUSE
        #expect(outside?.message == "field 2 is bytes 2..<4, outside the buffer of 3 bytes")
        #expect(try db.scalar("SELECT count(*) FROM t", as: Int.self) == 0)
        try insert.run(borrowingUTF8: buffer, fields: [0..<1, 1..<3])
        #expect(try db.rows("SELECT a, b FROM t") == [[.text("a"), .text("bc")]])
    }

    @Test func throwsAFailedStepAndStaysUsable() throws {
        try db.execute("CREATE TABLE u (k TEXT PRIMARY KEY)")
        let insert = try db.prepare("INSERT INTO u VALUES (?)")
        let buffer = Array("xy".utf8)
        try insert.run(borrowingUTF8: buffer, fields: [0..<1])
        let error = #expect(throws: SQLiteError.self) { try insert.run(borrowingUTF8: buffer, fields: [0..<1]) }
        #expect(error?.isConstraintViolation == true)
        try insert.run(borrowingUTF8: buffer, fields: [1..<2])
        #expect(try db.scalar("SELECT group_concat(k) FROM (SELECT k FROM u ORDER BY k)", as: String.self) == "x,y")
    }

    @Test func bindsAnEmptyBufferAsEmptyText() throws {
        let insert = try db.prepare("INSERT INTO t (a) VALUES (?)")
        try insert.run(borrowingUTF8: [], fields: [0..<0])
        #expect(try db.rows("SELECT a, typeof(a) FROM t") == [[.text(""), .text("text")]])
    }
}
