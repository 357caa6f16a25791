import Similarity

/// How alike each of a candidate's files is to the reference and to the closest other kept
/// candidate's, on the score card: a perfect score says nothing until it says who wrote it.
public struct SubmissionSimilarity: Sendable, Equatable, Codable {
    /// One of the candidate's files.
    public struct File: Sendable, Equatable, Codable {
        /// The candidate's file.
        public var name: String
        /// The exercise it belongs to (`webhook/2`), `nil` for a helper file.
        public var exercise: String?
        /// Against the reference (the same-named file, or the closest one for a helper).
        public var reference: FileComparison
        /// Against the most similar other candidate's kept file, if any card was kept.
        public var closest: Other?
        /// Whether either comparison is flagged.
        public var isFlagged: Bool {
            reference.comparison.isFlagged || closest?.comparison.comparison.isFlagged == true
        }

        /// Creates an entry.
        public init(name: String, exercise: String?, reference: FileComparison, closest: Other?) {
            self.name = name
            self.exercise = exercise
            self.reference = reference
            self.closest = closest
        }
    }

    /// Another candidate's kept file.
    public struct Other: Sendable, Equatable, Codable {
        /// Their name on their card.
        public var candidate: String
        /// Their card (its file name under `.workbook/scorecards/`).
        public var card: String
        /// The comparison.
        public var comparison: FileComparison

        /// Creates an entry.
        public init(candidate: String, card: String, comparison: FileComparison) {
            self.candidate = candidate
            self.card = card
            self.comparison = comparison
        }
    }

    /// The threshold the flags used.
    public var threshold: Double
    /// k and the window of the fingerprints.
    public var k: Int
    public var window: Int
    /// Per file, in the order they were taken.
    public var files: [File]
    /// The texts of the matched regions, for the HTML card's side-by-side view: the candidate's
    /// file, the reference's and the closest candidate's, by file name. Not in the JSON card.
    public var texts: Texts = Texts()

    /// Texts for showing matched lines.
    public struct Texts: Sendable, Equatable {
        public var candidate: [String: String] = [:]
        public var reference: [String: String] = [:]
        public var others: [String: String] = [:]
        /// Creates texts.
        public init(
            candidate: [String: String] = [:], reference: [String: String] = [:], others: [String: String] = [:]
        ) {
            self.candidate = candidate
            self.reference = reference
            self.others = others
        }
    }

    enum CodingKeys: String, CodingKey { case threshold, k, window, files }

    /// Creates the findings.
    public init(files: [File], texts: Texts = Texts(), parameters: Fingerprints.Parameters = .standard) {
        self.threshold = Comparison.threshold
        self.k = parameters.k
        self.window = parameters.window
        self.files = files
        self.texts = texts
    }

    /// "reference 12%, closest: bob 8%" for one file.
    public static func percent(_ score: Double) -> String { "\(Int((score * 100).rounded()))%" }

    /// The findings as report lines: one per file, then what a flag means when one is raised.
    public var lines: [String] {
        var lines = files.map { file in
            var line = "similarity of \(file.name): \(Self.percent(file.reference.comparison.score)) to the reference"
            if file.reference.b != file.name { line += " (\(file.reference.b))" }
            if let other = file.closest {
                line +=
                    ", \(Self.percent(other.comparison.comparison.score)) to \(other.candidate) (the closest other card)"
            }
            return (file.isFlagged ? "⚑ " : "") + line
        }
        if files.contains(where: \.isFlagged) {
            lines.append(
                "⚑ flagged: \(Self.percent(threshold)) or more of a file's own code (the starter set aside) is in another's; the HTML card shows the matched lines side by side"
            )
        }
        return lines
    }
}
