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

    /// One file of this submission against `other`: its score counts its own code found anywhere
    /// in `other`'s files of its language (types may sit in any file of a module, so a copy
    /// pasted whole into one file must not hide), and the matched lines are shown against the
    /// same-named file, or the most alike one. Every file of `bases` in the language is set aside.
    public func compare(_ name: String, with other: Submission, bases: Submission? = nil) -> FileComparison? {
        guard let mine = files[name], let language = Language(fileName: name),
            let everything = other.combined[language]
        else { return nil }
        let base = bases?.combined[language]
        let overall = Comparison(mine, with: everything, base: base)
        let shown: (name: String, comparison: Comparison)
        let theirNames = other.files.keys.filter { Language(fileName: $0) == language }
        if theirNames.count == 1 {
            shown = (theirNames[0], overall)  // their only file is all of it: no second comparison
        } else if let theirs = other.files[name] {
            shown = (name, Comparison(mine, with: theirs, base: base))
        } else {
            shown = theirNames.sorted(by: Submission.byteOrder).map {
                ($0, Comparison(mine, with: other.files[$0]!, base: base))
            }.max { $0.1.score < $1.1.score }!
        }
        var comparison = overall
        comparison.regions = shown.comparison.regions
        return FileComparison(a: name, b: shown.name, comparison: comparison)
    }

    /// Every file of this submission against `other` (see `compare(_:with:bases:)`), by name.
    public func compare(with other: Submission, bases: Submission? = nil) -> [FileComparison] {
        files.keys.sorted(by: Submission.byteOrder).compactMap {
            compare($0, with: other, bases: bases)
        }
    }
}

extension Submission {
    /// File names in the order of their bytes, the same on every machine.
    static func byteOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
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
