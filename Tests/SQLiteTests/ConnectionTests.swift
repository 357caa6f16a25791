import Foundation
import SQLite
import Testing

struct ConnectionTests {
    @Test func opensAnInMemoryDatabase() throws {
        let db = try Connection(.inMemory)
        #expect(try db.scalar("SELECT 1 + 1", as: Int.self) == 2)
        #expect(Connection.libraryVersion.hasPrefix("3."))
    }

    @Test func reopeningAFileDatabaseSeesCommittedData() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("test.sqlite")
        do {
            let db = try Connection(.file(path))
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
            try db.transaction { try db.prepare("INSERT INTO t (name) VALUES (?)").run([.text("kept")]) }
        }
        let reopened = try Connection(.file(path), readOnly: true)
        #expect(try reopened.rows("SELECT id, name FROM t") == [[.integer(1), .text("kept")]])
    }

    @Test func readOnlyConnectionRejectsWrites() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("test.sqlite")
        try Connection(.file(path)).execute("CREATE TABLE t (x)")
        let db = try Connection(.file(path), readOnly: true)
        let error = #expect(throws: SQLiteError.self) { try db.execute("INSERT INTO t VALUES (1)") }
        #expect(error?.code == 8)  // SQLITE_READONLY
    }

    @Test func openingAMissingFileReadOnlyFailsWithThePath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("missing.sqlite")
        let error = #expect(throws: SQLiteError.self) { try Connection(.file(path), readOnly: true) }
        #expect(error?.code == 14)  // SQLITE_CANTOPEN
        #expect(error?.message == "unable to open database file (\(path))")
    }

    @Test func executeRunsAScriptOfSeveralStatements() throws {
        let db = try Connection(.inMemory)
        try db.execute(
            """
            CREATE TABLE a (x INTEGER);
            CREATE TABLE b (y TEXT);
            INSERT INTO a VALUES (1), (2);
            -- a comment
            INSERT INTO b VALUES ('z');
            """)
        #expect(try db.scalar("SELECT sum(x) FROM a", as: Int.self) == 3)
        #expect(try db.scalar("SELECT y FROM b", as: String.self) == "z")
    }

    @Test func reportsChangesAndLastInsertRowID() throws {
        let db = try Connection(.inMemory)
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)")
        try db.execute("INSERT INTO t (x) VALUES (10), (20), (30)")
        #expect(db.changes == 3)
        #expect(db.lastInsertRowID == 3)
        try db.execute("UPDATE t SET x = x + 1 WHERE x > 15")
        #expect(db.changes == 2)
    }

    @Test func scalarConvertsToTheRequestedType() throws {
        let db = try Connection(.inMemory)
        #expect(try db.scalar("SELECT 42", as: Int64.self) == 42)
        #expect(try db.scalar("SELECT 2.5", as: Double.self) == 2.5)
        #expect(try db.scalar("SELECT 3", as: Double.self) == 3.0)
        #expect(try db.scalar("SELECT ?", [.text("hé")], as: String.self) == "hé")
        #expect(try db.scalar("SELECT 1 = 1", as: Bool.self) == true)
        #expect(try db.scalar("SELECT x'00ff'", as: [UInt8].self) == [0x00, 0xff])
        #expect(try db.scalar("SELECT NULL", as: Int.self) == nil)
        #expect(try db.scalar("SELECT 1 WHERE 0", as: Int.self) == nil)
    }

    @Test func scalarRejectsAValueOfTheWrongTypeWithoutShowingIt() throws {
        let db = try Connection(.inMemory)
        let error = #expect(throws: SQLiteError.self) {
            try db.scalar("SELECT ?", [.text("secret-token")], as: Int.self)
        }
        #expect(error?.code == 20)  // SQLITE_MISMATCH
        #expect(
            error?.description == "SQLite error 20 (SQLITE_MISMATCH): cannot convert text to Int in `SELECT ?`")
    }

    @Test func rowsReturnsEveryRowInOrder() throws {
        let db = try Connection(.inMemory)
        try db.execute("CREATE TABLE t (a, b); INSERT INTO t VALUES (1, 'x'), (2, NULL), (3, 1.5)")
        #expect(
            try db.rows("SELECT a, b FROM t WHERE a >= ? ORDER BY a", [.integer(2)]) == [
                [.integer(2), .null], [.integer(3), .real(1.5)],
            ])
        #expect(try db.rows("SELECT a FROM t WHERE a > 10") == [])
    }
}

@Suite struct ConfinementTests {
    @Test func attachIsRefusedAndTheFileIsNotCreated() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let db = try Connection(.inMemory)
        db.refuseAttachAndExtensions()
        let target = folder.path("planted.db")
        #expect(throws: SQLiteError.self) { try db.execute("ATTACH DATABASE '\(target)' AS planted") }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(throws: SQLiteError.self) { try db.execute("SELECT load_extension('/nonexistent')") }
        try db.execute("CREATE TABLE t (a); INSERT INTO t VALUES (1)")
        #expect(try db.scalar("SELECT count(*) FROM t", as: Int.self) == 1)
    }

    @Test func filePathNamesTheFileAndNothingForMemory() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.path("x.db")
        #expect(try Connection(.file(path)).filePath?.hasSuffix("/x.db") == true)
        #expect(try Connection(.inMemory).filePath == nil)
    }
}
