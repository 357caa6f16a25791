import SQLite
import Testing

struct SQLiteErrorTests {
    let db: Connection

    init() throws {
        db = try Connection(.inMemory)
        try db.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, token TEXT UNIQUE NOT NULL)")
    }

    @Test func constraintViolationNamesTheConstraintAndTheSQLButNotTheValues() throws {
        let insert = try db.prepare("INSERT INTO accounts (id, token) VALUES (?, ?)")
        try insert.run([.integer(1), .text("tok_first_secret")])
        let error = #expect(throws: SQLiteError.self) { try insert.run([.integer(1), .text("tok_second_secret")]) }
        #expect(error?.code == 19)  // SQLITE_CONSTRAINT
        #expect(error?.extendedCode == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
        #expect(error?.isConstraintViolation == true)
        #expect(error?.isBusy == false)
        #expect(error?.message == "UNIQUE constraint failed: accounts.id")
        #expect(error?.sql == "INSERT INTO accounts (id, token) VALUES (?, ?)")
        #expect(
            error?.description
                == "SQLite error 19 (SQLITE_CONSTRAINT_PRIMARYKEY): UNIQUE constraint failed: accounts.id"
                + " in `INSERT INTO accounts (id, token) VALUES (?, ?)`")
        #expect(error?.description.contains("secret") == false)
    }

    @Test func uniqueAndNotNullViolationsHaveTheirExtendedCodes() throws {
        try db.execute("INSERT INTO accounts VALUES (1, 'a')")
        let unique = #expect(throws: SQLiteError.self) { try db.execute("INSERT INTO accounts VALUES (2, 'a')") }
        #expect(unique?.extendedCode == 2067)  // SQLITE_CONSTRAINT_UNIQUE
        #expect(unique?.message == "UNIQUE constraint failed: accounts.token")
        let notNull = #expect(throws: SQLiteError.self) { try db.execute("INSERT INTO accounts VALUES (3, NULL)") }
        #expect(notNull?.extendedCode == 1299)  // SQLITE_CONSTRAINT_NOTNULL
        #expect(
            notNull?.description
                == "SQLite error 19 (SQLITE_CONSTRAINT_NOTNULL): NOT NULL constraint failed: accounts.token"
                + " in `INSERT INTO accounts VALUES (3, NULL)`")
    }

    @Test func syntaxErrorPointsAtTheToken() throws {
        let error = #expect(throws: SQLiteError.self) { try db.prepare("SELEC id FROM accounts") }
        #expect(error?.code == 1)  // SQLITE_ERROR
        #expect(
            error?.description
                == "SQLite error 1 (SQLITE_ERROR): near \"SELEC\": syntax error in `SELEC id FROM accounts`")
    }

    @Test func unknownTableIsReportedWithTheStatement() throws {
        let error = #expect(throws: SQLiteError.self) { try db.rows("SELECT * FROM missing") }
        #expect(error?.message == "no such table: missing")
        #expect(error?.sql == "SELECT * FROM missing")
    }

    @Test func unknownExtendedCodesAreNamedAfterTheirPrimaryCode() {
        let error = SQLiteError(extendedCode: 19 | 99 << 8, message: "new kind of constraint")
        #expect(error.code == 19)
        #expect(
            error.description
                == "SQLite error 19 (SQLITE_CONSTRAINT (extended code 25363)): new kind of constraint")
    }
}
