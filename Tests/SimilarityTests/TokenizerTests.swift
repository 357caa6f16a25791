import Similarity
import Testing

@Suite struct TokenizerTests {
    func swift(_ text: String) -> [String] { Language.swift.tokenize(text).map(\.text) }
    func sql(_ text: String) -> [String] { Language.sql.tokenize(text).map(\.text) }

    @Test func swiftDropsCommentsAndLayoutAndNormalisesNames() {
        let one = swift("let total = price * 3 // the sum\n/* a /* nested */ comment */ return total")
        let two = swift("var   x=y*42\nreturn x")
        #expect(one == ["let", "I", "=", "I", "*", "N", "return", "I"])
        #expect(two == ["var", "I", "=", "I", "*", "N", "return", "I"])
    }

    @Test func swiftStringsAreOneTokenWithTheirInterpolations() {
        #expect(swift(#"f("a \"quoted\" \(g("x)")) end")"#) == ["I", "(", "S", ")"])
        #expect(swift("let s = \"\"\"\n  many \"lines\"\n  \"\"\"\nx") == ["let", "I", "=", "S", "I"])
        #expect(swift(##"let r = #"raw \(not) "here""#; y"##) == ["let", "I", "=", "S", ";", "I"])
        #expect(swift("let broken = \"no end\nnext") == ["let", "I", "=", "S", "I"])
    }

    @Test func swiftKeepsKeywordsAttributesAndMaximalOperators() {
        #expect(
            swift("@Sendable func f() throws -> Int { a ?? b; c..<d; e...5; #if DEBUG }")
                == [
                    "@Sendable", "func", "I", "(", ")", "throws", "->", "I", "{", "I", "??", "I", ";", "I", "..<",
                    "I", ";", "I", "...", "N", ";", "#if", "I", "}",
                ])
        #expect(swift("x = 0x1F + 1_000 + 1.5e-3 + t.0") == ["I", "=", "N", "+", "N", "+", "N", "+", "I", ".", "N"])
        #expect(swift("`default` + $0 + café") == ["I", "+", "I", "+", "I"])
    }

    @Test func swiftTokensKnowTheirLines() {
        let tokens = Language.swift.tokenize("a\n\n/* two\nlines */ b\n\"x\"\ny")
        #expect(tokens.map(\.line) == [1, 4, 5, 6])
    }

    @Test func sqlNormalisesNamesAndKeepsKeywordsAndFunctions() {
        let one = sql("SELECT lower(trim(email)) AS e FROM contacts -- comment\nWHERE id = 'it''s' /* x */;")
        let two = sql("select LOWER ( TRIM(mail) ) as m from \"people\" where [key] = 'other';")
        #expect(
            one == [
                "SELECT", "lower", "(", "trim", "(", "I", ")", ")", "AS", "I", "FROM", "I", "WHERE", "I", "=", "S", ";",
            ])
        #expect(two == one)
        #expect(
            sql("x >= ?1 AND y <> :name OR z = X'00ff' || 2.5") == [
                "I", ">=", "?", "AND", "I", "<>", "?", "OR", "I", "=", "S", "||", "N",
            ])
    }

    @Test func sqlNamesBeforeParenthesesAreNamesUnlessBuiltIn() {
        let one = sql(
            "CREATE TABLE t (a) ; INSERT INTO t (a) VALUES (trim(x)); WITH c(a) AS (SELECT 1) SELECT * FROM c")
        let two = sql(
            "create table renamed (b) ; insert into renamed (b) values (TRIM(y)); with d(b) as (select 1) select * from d"
        )
        #expect(one == two)
        #expect(one.contains("trim") && !one.contains("t") && !one.contains("c"))
    }

    @Test func emptyAndHostileTextsTokenizeWithoutTrapping() {
        #expect(swift("").isEmpty)
        #expect(sql("").isEmpty)
        for text in ["\"", "/*", "#\"", "`", "\"\\(", "'", "[", "0x", "1e", "\u{0}\u{FFFF}", "\"\"\"", "\\"] {
            _ = swift(text)
            _ = sql(text)
        }
        #expect(swift(String(repeating: "(", count: 100_000)).count == 100_000)
    }
}
