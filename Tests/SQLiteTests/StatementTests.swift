import SQLite
import Testing

struct StatementTests {
    let db: Connection

    init() throws {
        db = try Connection(.inMemory)
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, value)")
    }

    /// Inserts `value` and reads it back as the single row of `SELECT value FROM t`.
    func roundTrip(_ value: SQLiteValue) throws -> Statement {
        try db.prepare("INSERT INTO t (value) VALUES (?)").run([value])
        let select = try db.prepare("SELECT value FROM t")
        #expect(try select.step())
        return select
    }

    @Test(arguments: [
        SQLiteValue.null, .integer(0), .integer(.min), .integer(.max), .real(-1.25), .real(1e300),
        .text(""), .text("plain"), .text("grüße 世界 🚀"), .blob([]), .blob([0, 1, 0xfe, 0xff]),
    ])
    func storesAndReadsBackEachStorageClass(value: SQLiteValue) throws {
        let select = try roundTrip(value)
        #expect(select.value(at: 0) == value)
        #expect(select.isNull(at: 0) == (value == .null))
        #expect(try select.step() == false)
    }

    @Test func typedReadsReturnTheBoundValues() throws {
        try db.execute("CREATE TABLE typed (i INTEGER, r REAL, s TEXT, b BLOB, n)")
        let insert = try db.prepare("INSERT INTO typed VALUES (?, ?, ?, ?, ?)")
        try insert.bind(Int64(-7), at: 1)
        try insert.bind(0.5, at: 2)
        try insert.bind("text", at: 3)
        try insert.bind(blob: [1, 2, 3], at: 4)
        try insert.bindNull(at: 5)
        #expect(try insert.step() == false)

        let select = try db.prepare("SELECT i, r, s, b, n FROM typed")
        #expect(try select.step())
        #expect(select.int64(at: 0) == -7)
        #expect(select.double(at: 1) == 0.5)
        #expect(select.string(at: 2) == "text")
        #expect(select.blob(at: 3) == [1, 2, 3])
        #expect(select.isNull(at: 4))
    }

    @Test func nullReadsAsNilOrZeroButEmptyValuesAreNotNull() throws {
        try db.execute("CREATE TABLE nulls (n, empty_text TEXT, empty_blob BLOB)")
        try db.prepare("INSERT INTO nulls VALUES (?, ?, ?)").run([.null, .text(""), .blob([])])
        let select = try db.prepare("SELECT n, empty_text, empty_blob FROM nulls")
        #expect(try select.step())
        #expect(select.string(at: 0) == nil)
        #expect(select.blob(at: 0) == nil)
        #expect(select.int64(at: 0) == 0)
        #expect(select.double(at: 0) == 0)
        #expect(select.string(at: 1) == "")
        #expect(!select.isNull(at: 1))
        #expect(select.blob(at: 2) == [])
        #expect(!select.isNull(at: 2))
    }

    @Test func describesItsParametersAndColumns() throws {
        let statement = try db.prepare("SELECT id AS identifier, value FROM t WHERE id > ? AND value <> ?")
        #expect(statement.sql == "SELECT id AS identifier, value FROM t WHERE id > ? AND value <> ?")
        #expect(statement.parameterCount == 2)
        #expect(statement.columnCount == 2)
        #expect(statement.columnName(0) == "identifier")
        #expect(statement.columnName(1) == "value")
    }

    @Test func preparedStatementIsReusedWithReset() throws {
        let insert = try db.prepare("INSERT INTO t (value) VALUES (?)")
        for index in 0..<100 {
            try insert.run([.integer(Int64(index))])
        }
        let select = try db.prepare("SELECT count(*) FROM t WHERE value >= ?")
        for (bound, expected) in [(0, 100), (50, 50), (99, 1)] {
            try select.reset()
            try select.bind(Int64(bound), at: 1)
            #expect(try select.step())
            #expect(select.int64(at: 0) == Int64(expected))
        }
    }

    @Test func resetClearsBindings() throws {
        let select = try db.prepare("SELECT ?")
        try select.bind(Int64(5), at: 1)
        try select.reset()
        #expect(try select.step())
        #expect(select.isNull(at: 0))
    }

    @Test func allRowsRunsFromTheStartWithTheCurrentBindings() throws {
        try db.execute("INSERT INTO t (value) VALUES ('a'), ('b'), ('c')")
        let select = try db.prepare("SELECT value FROM t WHERE value > ? ORDER BY value")
        try select.bind("a", at: 1)
        #expect(try select.allRows() == [[.text("b")], [.text("c")]])
        #expect(try select.allRows() == [[.text("b")], [.text("c")]])
    }

    @Test func wrongNumberOfValuesIsAnError() throws {
        let insert = try db.prepare("INSERT INTO t (id, value) VALUES (?, ?)")
        let error = #expect(throws: SQLiteError.self) { try insert.run([.integer(1)]) }
        #expect(error?.code == 25)  // SQLITE_RANGE
        #expect(error?.message == "the statement has 2 parameters, but 1 values were given")
        #expect(try db.scalar("SELECT count(*) FROM t", as: Int.self) == 0)
    }

    @Test(arguments: [0, 2, -1, Int.max])
    func bindingANonexistentParameterIsAnError(index: Int) throws {
        let statement = try db.prepare("SELECT ?")
        let error = #expect(throws: SQLiteError.self) { try statement.bind(Int64(1), at: index) }
        #expect(error?.code == 25)  // SQLITE_RANGE
        #expect(error?.message == "column index out of range")
    }

    @Test(arguments: ["", "  ", "-- only a comment", ";"])
    func preparingNoStatementIsAnError(sql: String) throws {
        let error = #expect(throws: SQLiteError.self) { try db.prepare(sql) }
        #expect(error?.code == 21)  // SQLITE_MISUSE
    }

    @Test func preparingSeveralStatementsIsAnError() throws {
        let error = #expect(throws: SQLiteError.self) { try db.prepare("SELECT 1; SELECT 2") }
        #expect(error?.message == "more than one statement: prepare them one by one, or use execute(_:)")
        // A trailing semicolon, whitespace or comment is fine.
        #expect(throws: Never.self) { try db.prepare("SELECT 1; -- done\n ") }
    }

    @Test func bindTextRoundTripsNonASCIIFromAnyCollection() throws {
        let text = "naïve café, Ελληνικά, 日本語, 👩‍💻"
        let bytes = Array(text.utf8)
        let padded = [UInt8]("<<".utf8) + bytes + [UInt8](">>".utf8)
        let sources: [(String, (Statement) throws -> Void)] = [
            ("array", { try $0.bindText(utf8: bytes, at: 1) }),
            ("slice", { try $0.bindText(utf8: padded.dropFirst(2).dropLast(2), at: 1) }),
            ("string UTF-8 view", { try $0.bindText(utf8: text.utf8, at: 1) }),
            ("non-contiguous", { try $0.bindText(utf8: bytes.lazy.map { $0 }, at: 1) }),
            ("string", { try $0.bind(text, at: 1) }),
        ]
        let select = try db.prepare("SELECT ?, length(?1), typeof(?1)")
        for (name, bind) in sources {
            try select.reset()
            try bind(select)
            #expect(try select.step(), "\(name)")
            #expect(select.string(at: 0) == text, "\(name)")
            #expect(select.int64(at: 1) == Int64(text.unicodeScalars.count), "\(name)")
            #expect(select.string(at: 2) == "text", "\(name)")
        }
    }

    @Test func bindTextDoesNotNeedTheBytesAfterTheCall() throws {
        let select = try db.prepare("SELECT ?")
        do {
            var bytes = Array("temporary".utf8)
            try select.bindText(utf8: bytes, at: 1)
            bytes.replaceSubrange(0..<4, with: Array("XXXX".utf8))
        }
        #expect(try select.step())
        #expect(select.string(at: 0) == "temporary")
    }

    @Test func runBorrowingUTF8InsertsRowsFromSlicesOfOneBuffer() throws {
        try db.execute("CREATE TABLE csv (a TEXT, b TEXT, c TEXT)")
        let buffer = Array("1,naïve,x\n2,,y\n3,日本,z\n".utf8)
        let insert = try db.prepare("INSERT INTO csv VALUES (?, ?, ?)")
        try db.transaction {
            for line in buffer.split(separator: UInt8(ascii: "\n")) {
                let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
                try insert.run(borrowingUTF8: fields)
            }
        }
        #expect(
            try db.rows("SELECT a, b, c FROM csv ORDER BY a") == [
                [.text("1"), .text("naïve"), .text("x")],
                [.text("2"), .text(""), .text("y")],
                [.text("3"), .text("日本"), .text("z")],
            ])
        // Nothing stays bound after the call: running again without values inserts NULLs.
        #expect(try insert.step() == false)
        #expect(try db.scalar("SELECT count(*) FROM csv WHERE a IS NULL", as: Int.self) == 1)
    }

    @Test func runBorrowingUTF8AcceptsNonContiguousFields() throws {
        let insert = try db.prepare("INSERT INTO t (id, value) VALUES (?, ?)")
        try insert.run(borrowingUTF8: [Array("5".utf8).lazy.map { $0 }, Array("five".utf8).lazy.map { $0 }])
        #expect(try db.rows("SELECT id, value FROM t") == [[.integer(5), .text("five")]])
    }

    @Test func runBorrowingUTF8RejectsTheWrongNumberOfFields() throws {
        let insert = try db.prepare("INSERT INTO t (id, value) VALUES (?, ?)")
        for fields in [[Array("1".utf8)], [Array("1".utf8), Array("a".utf8), Array("extra".utf8)]] {
            let error = #expect(throws: SQLiteError.self) { try insert.run(borrowingUTF8: fields) }
            #expect(error?.code == 25)  // SQLITE_RANGE
        }
        #expect(try db.scalar("SELECT count(*) FROM t", as: Int.self) == 0)
        try insert.run(borrowingUTF8: [Array("1".utf8), Array("a".utf8)])
        #expect(try db.scalar("SELECT count(*) FROM t", as: Int.self) == 1)
    }
}
