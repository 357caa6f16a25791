import SQLite
import Testing

struct ConnectionFunctionTests {
    struct Refusal: Error, CustomStringConvertible {
        var description: String { "refused: the argument is not text" }
    }

    @Test func aSwiftFunctionIsCallableFromSQL() throws {
        let db = try Connection(.inMemory)
        try db.createFunction("reverse", argumentCount: 1) { arguments in
            guard case .text(let text) = arguments[0] else { return .null }
            return .text(String(text.reversed()))
        }
        #expect(try db.scalar("SELECT reverse('abc')", as: String.self) == "cba")
        #expect(try db.scalar("SELECT REVERSE('é€x')", as: String.self) == "x€é")
        #expect(try db.rows("SELECT reverse(NULL)") == [[.null]])
    }

    @Test func argumentsArriveInTheirStorageClass() throws {
        let db = try Connection(.inMemory)
        try db.createFunction("describe", argumentCount: -1) { arguments in
            .text(arguments.map(\.description).joined(separator: "|"))
        }
        let text = try db.scalar("SELECT describe(1, 2.5, 'it''s', X'00FF', NULL, '')", as: String.self)
        #expect(text == "1|2.5|'it''s'|X'00FF'|NULL|''")
        #expect(try db.scalar("SELECT describe()", as: String.self) == "")
    }

    @Test func everyResultStorageClassComesBack() throws {
        let db = try Connection(.inMemory)
        let results: [SQLiteValue] = [
            .null, .integer(-7), .real(0.25), .text(""), .text("x"), .blob([]), .blob([1, 2]),
        ]
        for (index, result) in results.enumerated() {
            try db.createFunction("f\(index)", argumentCount: 0) { _ in result }
            #expect(try db.rows("SELECT f\(index)()") == [[result]])
        }
    }

    @Test func aThrownErrorFailsTheStatementWithItsDescription() throws {
        let db = try Connection(.inMemory)
        try db.createFunction("strict", argumentCount: 1) { _ in throw Refusal() }
        let error = #expect(throws: SQLiteError.self) { try db.scalar("SELECT strict(1)", as: String.self) }
        #expect(error?.message == "strict(): refused: the argument is not text")
        #expect(error?.code == 1)  // SQLITE_ERROR
    }

    @Test func theFunctionWorksInsideViewsAndTriggers() throws {
        let db = try Connection(.inMemory)
        try db.createFunction("double_it", argumentCount: 1, innocuous: true) { arguments in
            guard case .integer(let value) = arguments[0] else { return .null }
            return .integer(value * 2)
        }
        try db.execute(
            """
            CREATE TABLE t (x INTEGER);
            CREATE TABLE log (y INTEGER);
            CREATE VIEW v AS SELECT double_it(x) AS y FROM t;
            CREATE TRIGGER t_insert AFTER INSERT ON t BEGIN INSERT INTO log VALUES (double_it(new.x)); END;
            INSERT INTO t VALUES (21);
            """)
        #expect(try db.scalar("SELECT y FROM v", as: Int.self) == 42)
        #expect(try db.scalar("SELECT y FROM log", as: Int.self) == 42)
    }

    @Test func registeringAgainReplacesAndRemovingForgets() throws {
        let db = try Connection(.inMemory)
        try db.createFunction("answer", argumentCount: 0) { _ in .integer(1) }
        try db.createFunction("answer", argumentCount: 0) { _ in .integer(42) }
        #expect(try db.scalar("SELECT answer()", as: Int.self) == 42)
        try db.removeFunction("answer", argumentCount: 0)
        let error = #expect(throws: SQLiteError.self) { try db.scalar("SELECT answer()", as: Int.self) }
        #expect(error?.message == "no such function: answer")
    }

    @Test func capturedStateIsReleasedWithTheConnection() throws {
        final class Tracker {}
        weak var weakTracker: Tracker?
        do {
            let tracker = Tracker()
            weakTracker = tracker
            let db = try Connection(.inMemory)
            try db.createFunction("keep", argumentCount: 0) { _ in
                _ = tracker
                return .null
            }
            _ = try db.rows("SELECT keep()")
        }
        #expect(weakTracker == nil)
    }

    @Test func rejectsAnArgumentCountOutOfRange() throws {
        let db = try Connection(.inMemory)
        let error = #expect(throws: SQLiteError.self) {
            try db.createFunction("f", argumentCount: 128) { _ in .null }
        }
        #expect(error?.code == 21)  // SQLITE_MISUSE
        #expect(throws: SQLiteError.self) { try db.createFunction("", argumentCount: 0) { _ in .null } }
    }
}
