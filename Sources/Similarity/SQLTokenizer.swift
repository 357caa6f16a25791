/// SQL (SQLite's dialect) as normalised tokens: comments and whitespace dropped, keywords
/// upper-cased, calls of built-in functions kept lower-cased (a copier cannot rename `coalesce`),
/// other names (tables, columns, aliases, quoted or not) `I`, numbers `N`, strings and blobs `S`.
enum SQLTokenizer {
    static let keywords: Set<String> = [
        "ABORT", "ACTION", "ADD", "ALL", "ALTER", "ALWAYS", "AND", "AS", "ASC", "AUTOINCREMENT", "BEGIN", "BETWEEN",
        "BY", "CASCADE", "CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE",
        "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DEFAULT", "DELETE", "DESC",
        "DISTINCT", "DO", "DROP", "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE", "EXISTS", "FILTER", "FIRST",
        "FOLLOWING", "FOREIGN", "FROM", "FULL", "GENERATED", "GLOB", "GROUP", "GROUPS", "HAVING", "IF", "IGNORE",
        "IN", "INDEX", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "KEY", "LAST", "LEFT", "LIKE",
        "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT", "NOTHING", "NOTNULL", "NULL", "NULLS", "OF",
        "OFFSET", "ON", "OR", "ORDER", "OTHERS", "OUTER", "OVER", "PARTITION", "PRECEDING", "PRIMARY", "RANGE",
        "RECURSIVE", "REFERENCES", "REGEXP", "RENAME", "REPLACE", "RETURNING", "RIGHT", "ROLLBACK", "ROW", "ROWS",
        "SELECT", "SET", "STRICT", "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES", "TO", "TRANSACTION", "TRIGGER",
        "UNBOUNDED", "UNION", "UNIQUE", "UPDATE", "USING", "VALUES", "VIEW", "WHEN", "WHERE", "WINDOW", "WITH",
        "WITHOUT", "INTEGER", "INT", "TEXT", "REAL", "BLOB", "NUMERIC", "BOOLEAN", "VARCHAR", "TRUE", "FALSE",
    ]

    /// SQLite's built-in functions (core, aggregate, window, date, JSON) and the ones the
    /// workbook registers: kept by name when called, since a copier cannot rename them. Any other
    /// name, a table in `CREATE TABLE t (` or a CTE's `c(a, b)` included, is a name like any other.
    static let functions: Set<String> = [
        "abs", "changes", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex", "ifnull", "iif", "instr",
        "last_insert_rowid", "length", "like", "likelihood", "likely", "lower", "ltrim", "max", "min", "nullif",
        "octet_length", "printf", "quote", "random", "randomblob", "replace", "round", "rtrim", "sign", "soundex",
        "substr", "substring", "total_changes", "trim", "typeof", "unhex", "unicode", "unlikely", "upper",
        "zeroblob", "avg", "count", "group_concat", "string_agg", "sum", "total", "row_number", "rank",
        "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value", "last_value",
        "nth_value", "date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff", "json",
        "jsonb", "json_array", "json_array_length", "json_each", "json_error_position", "json_extract",
        "json_group_array", "json_group_object", "json_insert", "json_object", "json_patch", "json_quote",
        "json_remove", "json_replace", "json_set", "json_tree", "json_type", "json_valid", "sha256_hex",
    ]

    static let operatorCharacters = Set("<>=!|*/%+-&~".utf8)
    static let punctuation = Set("(),;.".utf8)

    static func tokenize(_ text: String) -> [Token] {
        Scanner.tokenize(text) { scanner, byte in
            let start = scanner.offset
            if scanner.starts(with: "--") {
                scanner.skipLine()
                return nil
            }
            if scanner.starts(with: "/*") {
                scanner.advance(2)
                while !scanner.isAtEnd && !scanner.starts(with: "*/") { scanner.advance() }
                scanner.advance(2)
                return nil
            }
            if byte == UInt8(ascii: "'") || ((byte | 0x20) == UInt8(ascii: "x") && scanner.peek(1) == UInt8(ascii: "'"))
            {
                if byte != UInt8(ascii: "'") { scanner.advance() }
                skipQuoted(&scanner, close: UInt8(ascii: "'"))
                return Token.string
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "`") {
                skipQuoted(&scanner, close: byte)
                return Token.identifier
            }
            if byte == UInt8(ascii: "[") {
                while let next = scanner.peek(), next != UInt8(ascii: "]") { scanner.advance() }
                scanner.advance()
                return Token.identifier
            }
            if Scanner.isDigit(byte) || (byte == UInt8(ascii: ".") && scanner.peek(1).map(Scanner.isDigit) == true) {
                while let next = scanner.peek(), Scanner.isIdentifierPart(next) || next == UInt8(ascii: ".") {
                    scanner.advance()
                }
                return Token.number
            }
            if Scanner.isIdentifierStart(byte) {
                while let next = scanner.peek(), Scanner.isIdentifierPart(next) || next == UInt8(ascii: "$") {
                    scanner.advance()
                }
                let word = scanner.text(start..<scanner.offset)
                let upper = word.uppercased()
                if keywords.contains(upper) { return upper }
                let lower = word.lowercased()
                return functions.contains(lower) && nextSignificant(scanner) == UInt8(ascii: "(")
                    ? lower : Token.identifier
            }
            if "?:@$".utf8.contains(byte) {
                // A bound parameter: `?`, `?1`, `:name`, `@name`, `$name`.
                scanner.advance()
                while let next = scanner.peek(), Scanner.isIdentifierPart(next) { scanner.advance() }
                return "?"
            }
            return scanner.operatorOrPunctuation(
                operators: operatorCharacters, punctuation: punctuation, lineComment: "--")
        }
    }

    /// `'…'` with `''` inside, or `"…"` with `""`; unterminated runs to the end.
    static func skipQuoted(_ scanner: inout Scanner, close: UInt8) {
        scanner.advance()
        while let byte = scanner.peek() {
            scanner.advance()
            if byte == close {
                guard scanner.peek() == close else { return }
                scanner.advance()
            }
        }
    }

    /// The first byte after the cursor that is not whitespace.
    static func nextSignificant(_ scanner: Scanner) -> UInt8? {
        var ahead = 0
        while let byte = scanner.peek(ahead), Scanner.isSpace(byte) { ahead += 1 }
        return scanner.peek(ahead)
    }
}
