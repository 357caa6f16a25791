import SQLite
import Testing

struct TransactionTests {
    struct Failure: Error, Equatable {
        var reason: String
    }

    let db: Connection

    init() throws {
        db = try Connection(.inMemory)
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    }

    func names() throws -> [String] {
        try db.rows("SELECT name FROM t ORDER BY id").map { row in
            guard case .text(let name) = row[0] else { return "?" }
            return name
        }
    }

    @Test(arguments: [TransactionKind.deferred, .immediate, .exclusive])
    func commitsWhenTheBodyReturns(kind: TransactionKind) throws {
        let value = try db.transaction(kind) {
            #expect(db.isInTransaction)
            try db.execute("INSERT INTO t (name) VALUES ('a')")
            return 7
        }
        #expect(value == 7)
        #expect(!db.isInTransaction)
        #expect(try names() == ["a"])
    }

    @Test func rollsBackAndRethrowsWhenTheBodyThrows() throws {
        let error = #expect(throws: Failure.self) {
            try db.transaction {
                try db.execute("INSERT INTO t (name) VALUES ('gone')")
                throw Failure(reason: "boom")
            }
        }
        #expect(error == Failure(reason: "boom"))
        #expect(!db.isInTransaction)
        #expect(try names() == [])
    }

    @Test func rollsBackWhenAStatementInTheBodyFails() throws {
        let error = #expect(throws: SQLiteError.self) {
            try db.transaction {
                try db.execute("INSERT INTO t (name) VALUES ('gone')")
                try db.prepare("INSERT INTO t (name) VALUES (?)").run([.null])
            }
        }
        #expect(error?.extendedCode == 1299)  // SQLITE_CONSTRAINT_NOTNULL
        #expect(try names() == [])
    }

    @Test func nestedTransactionRollsBackOnlyItsOwnWork() throws {
        try db.transaction {
            try db.execute("INSERT INTO t (name) VALUES ('outer')")
            #expect(throws: Failure.self) {
                try db.transaction {
                    try db.execute("INSERT INTO t (name) VALUES ('inner')")
                    throw Failure(reason: "inner")
                }
            }
            #expect(db.isInTransaction)
            try db.transaction { try db.execute("INSERT INTO t (name) VALUES ('inner kept')") }
        }
        #expect(try names() == ["outer", "inner kept"])
    }

    @Test func outerRollbackUndoesCompletedNestedTransactions() throws {
        #expect(throws: Failure.self) {
            try db.transaction {
                try db.transaction { try db.execute("INSERT INTO t (name) VALUES ('inner')") }
                throw Failure(reason: "outer")
            }
        }
        #expect(try names() == [])
    }

    @Test func busyDatabaseReportsIsBusy() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("busy.sqlite")
        let writer = try Connection(.file(path))
        try writer.execute("CREATE TABLE t (x)")
        let other = try Connection(.file(path))
        try other.execute("PRAGMA busy_timeout = 0")  // fail at once instead of waiting 5 s
        try writer.transaction {
            let error = #expect(throws: SQLiteError.self) {
                try other.transaction { try other.execute("INSERT INTO t VALUES (1)") }
            }
            #expect(error?.isBusy == true)
            #expect(error?.isConstraintViolation == false)
        }
    }
}
