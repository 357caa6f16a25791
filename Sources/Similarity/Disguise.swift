/// A copier's disguise of a program text, made at random from a generator: the edits that MOSS
/// and JPlag were built to see through. The similarity tests and `workbook bench similarity` use
/// it to make copies of the references that no one has to write by hand.
///
/// Swift: every identifier renamed, re-indented, comments dropped and others added, the members
/// of each type and the file's top-level declarations reordered, a few adjacent single-line
/// statements swapped and a few `return` statements split in two. SQL: every name renamed,
/// keywords re-cased, lines re-broken, comments dropped and added.
package enum Disguise {
    /// A disguised copy of `text`.
    package static func apply(
        to text: String, language: Language, using generator: inout some RandomNumberGenerator
    ) -> String {
        let bytes = Array(text.utf8)
        let tokens = language.tokenize(text)
        var names: [String: String] = [:]
        func rename(_ original: String) -> String {
            if let name = names[original] { return name }
            let syllables = ["ka", "lo", "mi", "ru", "sen", "ta", "vo", "zi", "pe", "dor"]
            var name = ""
            repeat {
                name = (0..<Int.random(in: 2...4, using: &generator)).map { _ in
                    syllables.randomElement(using: &generator)!
                }.joined()
            } while names.values.contains(name) || SwiftTokenizer.keywords.contains(name)
                || SQLTokenizer.keywords.contains(name.uppercased())
            names[original] = name
            return name
        }
        // Each token as it will be written: names renamed, SQL keywords re-cased.
        let upper = Bool.random(using: &generator)
        var words: [String] = tokens.map { token in
            let original = String(decoding: bytes[token.range], as: UTF8.self)
            if token.isIdentifier {
                let quoted = original.first.map { "\"`[".contains($0) } ?? false
                return quoted || original.hasPrefix("$") ? original : rename(original)
            }
            if language == .sql && SQLTokenizer.keywords.contains(token.text) {
                return upper ? original.uppercased() : original.lowercased()
            }
            return original
        }
        // Whether a token was glued to the one before it (no space, no comment between them).
        var glued = [false]
        for index in tokens.indices.dropFirst() {
            glued.append(tokens[index - 1].range.upperBound == tokens[index].range.lowerBound)
        }
        switch language {
        case .swift:
            var lines = swiftLines(tokens, &words, glued)
            reorderDeclarations(&lines, using: &generator)
            rewriteStatements(&lines, using: &generator)
            return layOut(
                lines, indent: String(repeating: " ", count: Int.random(in: 2...3, using: &generator)),
                using: &generator)
        case .sql:
            return sqlLayout(tokens, words, glued, using: &generator)
        }
    }

    /// One source line: its brace depth at the start, and its words with whether each is glued.
    struct Line {
        var depth: Int
        var words: [(text: String, glued: Bool)]
        var first: String { words.first?.text ?? "" }
        var isDeclaration: Bool {
            let starts = [
                "func", "init", "var", "let", "static", "public", "private", "fileprivate", "internal",
                "mutating", "struct", "final", "class", "enum", "extension",
            ]
            return starts.contains(first) || first.hasPrefix("@")
        }
        /// Whether it holds no brace (a statement on one line).
        var isBalanced: Bool { !words.contains { $0.text == "{" || $0.text == "}" } }
        /// Whether it opens a type, whose members may be reordered.
        var opensType: Bool {
            words.contains { ["struct", "class", "enum", "extension", "actor", "protocol"].contains($0.text) }
        }
    }

    static func swiftLines(_ tokens: [Token], _ words: inout [String], _ glued: [Bool]) -> [Line] {
        var lines: [Line] = []
        var depth = 0
        var currentLine = -1
        for (index, token) in tokens.enumerated() {
            if token.line != currentLine || lines.isEmpty {
                currentLine = token.line
                lines.append(Line(depth: depth - (token.text == "}" ? 1 : 0), words: []))
            }
            lines[lines.count - 1].words.append(
                (words[index], lines[lines.count - 1].words.isEmpty ? false : glued[index]))
            if token.text == "{" { depth += 1 }
            if token.text == "}" { depth -= 1 }
        }
        return lines
    }

    /// Shuffles each run of sibling declarations (a type's members, a file's types): a
    /// declaration is the lines from its first to where the depth comes back to its own.
    static func reorderDeclarations(_ lines: inout [Line], using generator: inout some RandomNumberGenerator) {
        var blocks: [[Line]] = []
        var index = 0
        var output: [Line] = []
        func flush() {
            output += blocks.shuffled(using: &generator).flatMap { $0 }
            blocks = []
        }
        while index < lines.count {
            let line = lines[index]
            guard line.isDeclaration, line.first != "import" else {
                flush()
                output.append(line)
                index += 1
                continue
            }
            var end = index + 1
            while end < lines.count && lines[end].depth > line.depth { end += 1 }
            // The closing brace of a block at the same depth belongs to it.
            if end < lines.count && lines[end].first == "}" && lines[end].depth == line.depth { end += 1 }
            var block = Array(lines[index..<end])
            if block.count > 2 && line.opensType {
                var inner = Array(block[1..<(block.count - 1)])
                reorderDeclarations(&inner, using: &generator)
                block = [block[0]] + inner + [block[block.count - 1]]
            }
            blocks.append(block)
            index = end
        }
        flush()
        lines = output
    }

    /// A few adjacent one-line `let`/`var` statements swapped, a few `return X` split into
    /// `let t = X` and `return t`.
    static func rewriteStatements(_ lines: inout [Line], using generator: inout some RandomNumberGenerator) {
        var index = 0
        while index + 1 < lines.count {
            let (a, b) = (lines[index], lines[index + 1])
            if a.depth >= 2, a.depth == b.depth, a.isBalanced, b.isBalanced, ["let", "var"].contains(a.first),
                ["let", "var"].contains(b.first), Bool.random(using: &generator)
            {
                lines.swapAt(index, index + 1)
                index += 2
                continue
            }
            if a.depth >= 2, a.first == "return", a.words.count > 2, a.isBalanced, Bool.random(using: &generator) {
                let name = "tmp\(Int.random(in: 1...99, using: &generator))"
                let value = Array(a.words.dropFirst())
                lines[index] = Line(depth: a.depth, words: [("let", false), (name, false), ("=", false)] + value)
                lines.insert(Line(depth: a.depth, words: [("return", false), (name, false)]), at: index + 1)
                index += 2
                continue
            }
            index += 1
        }
    }

    static func layOut(_ lines: [Line], indent: String, using generator: inout some RandomNumberGenerator) -> String {
        let remarks = ["keep this simple", "edge case", "see the docs", "TODO tidy", "checked", "important"]
        var out: [String] = []
        for line in lines {
            let pad = String(repeating: indent, count: max(0, line.depth))
            if Int.random(in: 0..<6, using: &generator) == 0 {
                out.append(pad + "// " + remarks.randomElement(using: &generator)!)
            }
            var text = ""
            for (position, word) in line.words.enumerated() {
                text += (position == 0 || word.glued ? "" : " ") + word.text
            }
            out.append(pad + text)
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func sqlLayout(
        _ tokens: [Token], _ words: [String], _ glued: [Bool], using generator: inout some RandomNumberGenerator
    ) -> String {
        let breaks: Set<String> = [
            "SELECT", "FROM", "WHERE", "GROUP", "ORDER", "CREATE", "DROP", "WITH", "LEFT",
            "JOIN", "UNION", "CASE", "WHEN", "ELSE", "END", "INSERT", "UPDATE", "DELETE", "HAVING", "AND",
        ]
        var out = "-- " + ["cleanup", "my solution", "v2", "draft"].randomElement(using: &generator)! + "\n"
        var lineStart = true
        for (index, token) in tokens.enumerated() {
            if index > 0 && breaks.contains(token.text) && Int.random(in: 0..<3, using: &generator) > 0 {
                out += "\n" + String(repeating: " ", count: Int.random(in: 0...4, using: &generator))
                lineStart = true
            }
            out += (lineStart || glued[index] ? "" : " ") + words[index]
            lineStart = false
            if token.text == ";" {
                out += "\n"
                if Bool.random(using: &generator) { out += "-- next step\n" }
                lineStart = true
            }
        }
        return out + "\n"
    }
}
