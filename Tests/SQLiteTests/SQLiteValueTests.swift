import SQLite
import Testing

struct SQLiteValueTests {
    @Test(arguments: [
        (SQLiteValue.null, "NULL"), (.integer(-42), "-42"), (.real(1.5), "1.5"),
        (.text("it's"), "'it''s'"), (.blob([0x0a, 0xff]), "X'0AFF'"), (.blob([]), "X''"),
    ])
    func describesItselfAsAnSQLLiteral(value: SQLiteValue, literal: String) {
        #expect(value.description == literal)
    }

    @Test func convertiblesRoundTripThroughSQLiteValue() {
        #expect(Int(sqliteValue: 5.sqliteValue) == 5)
        #expect(Int64(sqliteValue: Int64.min.sqliteValue) == .min)
        #expect(Double(sqliteValue: 0.25.sqliteValue) == 0.25)
        #expect(String(sqliteValue: "s".sqliteValue) == "s")
        #expect(Bool(sqliteValue: true.sqliteValue) == true)
        #expect(Bool(sqliteValue: false.sqliteValue) == false)
        #expect([UInt8](sqliteValue: [UInt8]([1, 2]).sqliteValue) == [1, 2])
    }

    @Test func conversionsRejectOtherStorageClasses() {
        #expect(Int(sqliteValue: .text("5")) == nil)
        #expect(String(sqliteValue: .integer(5)) == nil)
        #expect([UInt8](sqliteValue: .text("x")) == nil)
        #expect(Bool(sqliteValue: .null) == nil)
        #expect(Double(sqliteValue: .integer(2)) == 2.0)
    }
}
