/// One side of a comparison of folders: its Swift and SQL files by name, fingerprinted once so
/// that a submission compared with fifty others is tokenized once.
public struct Submission: Sendable {
    /// Each file's fingerprints, by file name.
    public var files: [String: Fingerprints]
    /// Each file's text, by file name (for showing matched lines).
    public var texts: [String: String]
    /// All files of a language as one text: what a base (the starters) sets aside from any file
    /// of that language, since a helper file may hold code another file's starter gave.
    var combined: [Language: Fingerprints]

    /// Fingerprints `texts` (file name → contents); files in neither language are left out.
    public init(texts: [String: String], parameters: Fingerprints.Parameters = .standard) {
        var files: [String: Fingerprints] = [:]
        var kept: [String: String] = [:]
        for (name, text) in texts {
            guard let language = Language(fileName: name) else { continue }
            files[name] = Fingerprints(text, language: language, parameters: parameters)
            kept[name] = text
        }
        self.files = files
        self.texts = kept
        var combined: [Language: Fingerprints] = [:]
        for language in Language.allCases {
            let names = kept.keys.filter { Language(fileName: $0) == language }.sorted()
            guard !names.isEmpty else { continue }
            combined[language] = Fingerprints(
                names.map { kept[$0]! }.joined(separator: "\n"), language: language, parameters: parameters)
        }
        self.combined = combined
    }

    /// One file of this submission against the same-named file of `other`, or against each of
    /// `other`'s files in the same language when it has none of that name (a candidate's helper
    /// file may hold another file's code): the closest wins. Every file of `bases` in the
    /// language is set aside.
    public func compare(_ name: String, with other: Submission, bases: Submission? = nil) -> FileComparison? {
        guard let mine = files[name], let language = Language(fileName: name) else { return nil }
        let base = bases?.combined[language]
        if let theirs = other.files[name] {
            return FileComparison(a: name, b: name, comparison: Comparison(mine, with: theirs, base: base))
        }
        return other.files.keys.filter { Language(fileName: $0) == language }.sorted().map { theirName in
            FileComparison(
                a: name, b: theirName, comparison: Comparison(mine, with: other.files[theirName]!, base: base))
        }.max { $0.comparison.score < $1.comparison.score }
    }

    /// Every file of this submission against `other` (see `compare(_:with:bases:)`), by name.
    public func compare(with other: Submission, bases: Submission? = nil) -> [FileComparison] {
        files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.compactMap {
            compare($0, with: other, bases: bases)
        }
    }
}

/// One file compared with another.
public struct FileComparison: Sendable, Equatable, Codable {
    /// The submission's file.
    public var a: String
    /// The other side's file.
    public var b: String
    /// How alike they are.
    public var comparison: Comparison

    /// Creates a file comparison.
    public init(a: String, b: String, comparison: Comparison) {
        self.a = a
        self.b = b
        self.comparison = comparison
    }
}

extension [FileComparison] {
    /// The share of all the compared files' own fingerprints found in the other side: the files
    /// weighed by how much of their own code they hold.
    public var overallScore: Double {
        let own = reduce(0) { $0 + $1.comparison.fingerprints }
        return own == 0 ? 0 : Double(reduce(0) { $0 + $1.comparison.shared }) / Double(own)
    }
}
