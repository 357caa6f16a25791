/// How much of one text (a submission) is found in another (the reference, or another
/// candidate's), with the matched regions, after the code both were given (the starter) is set
/// aside as MOSS sets aside a base file.
public struct Comparison: Sendable, Equatable, Codable {
    /// Lines of both texts that share k-grams, 1-based and inclusive.
    public struct Region: Sendable, Equatable, Codable {
        /// Lines of the submission.
        public var a: ClosedRange<Int>
        /// Lines of the other text.
        public var b: ClosedRange<Int>

        /// Creates a region.
        public init(a: ClosedRange<Int>, b: ClosedRange<Int>) {
            self.a = a
            self.b = b
        }
    }

    /// The share of the submission's own fingerprints (those not in the base) that the other
    /// text holds: 0 when it has none of its own.
    public var score: Double
    /// The submission's own fingerprints.
    public var fingerprints: Int
    /// How many of them the other text holds.
    public var shared: Int
    /// Where, in both texts.
    public var regions: [Region]

    /// Creates a comparison's result.
    public init(score: Double, fingerprints: Int, shared: Int, regions: [Region]) {
        self.score = score
        self.fingerprints = fingerprints
        self.shared = shared
        self.regions = regions
    }

    /// At or above this score a comparison is flagged. Measured with the standard parameters
    /// (README, "Similarity"): disguised references score 0.65 or more against the reference,
    /// independently written solutions 0.17 or less, the untouched starters 0; the threshold
    /// sits nearer the honest side, since a flag asks a question and proves nothing.
    public static let threshold = 0.4
    /// Fewer own fingerprints than this are never flagged: a submission that adds two lines to
    /// the starter says too little to tell copying from the one way to write it.
    public static let leastFingerprints = 4

    /// Whether the score is high enough, on enough of the submission's own text, to be a copy.
    public var isFlagged: Bool { score >= Self.threshold && fingerprints >= Self.leastFingerprints }

    /// Compares `submission` with `other`, leaving out every k-gram of `base` (the starter).
    public init(_ submission: Fingerprints, with other: Fingerprints, base: Fingerprints? = nil) {
        precondition(
            submission.parameters == other.parameters && base.map { $0.parameters == other.parameters } ?? true,
            "fingerprints compared with different parameters")
        let own = submission.selected.filter { !(base?.contains($0.hash) ?? false) }
        var pairs: [(a: Int, b: Int)] = []
        for fingerprint in own {
            let candidates = other.positions(of: fingerprint.hash)
            guard let first = candidates.first else { continue }
            // Where several places of the other text hold it, the one continuing the last match
            // (looked for among the first few: a run of repeats would make this quadratic).
            let continuing = pairs.last.flatMap { last in
                candidates.prefix(64).first { $0.position - last.b == fingerprint.position - last.a }
            }
            pairs.append((fingerprint.position, (continuing ?? first).position))
        }
        self.init(
            score: own.isEmpty ? 0 : Double(pairs.count) / Double(own.count), fingerprints: own.count,
            shared: pairs.count, regions: Self.regions(pairs, submission, other))
    }

    /// Matched k-grams merged into regions where they overlap in both texts, as line ranges.
    static func regions(_ pairs: [(a: Int, b: Int)], _ a: Fingerprints, _ b: Fingerprints) -> [Region] {
        let k = a.parameters.k
        var spans: [(a: Range<Int>, b: Range<Int>)] = []
        for pair in pairs {
            let next = (a: pair.a..<(pair.a + k), b: pair.b..<(pair.b + k))
            if let last = spans.last, next.a.lowerBound <= last.a.upperBound,
                next.b.lowerBound >= last.b.lowerBound, next.b.lowerBound <= last.b.upperBound
            {
                spans[spans.count - 1] = (
                    last.a.lowerBound..<max(last.a.upperBound, next.a.upperBound),
                    last.b.lowerBound..<max(last.b.upperBound, next.b.upperBound)
                )
            } else {
                spans.append(next)
            }
        }
        func lines(_ span: Range<Int>, _ tokens: [Token]) -> ClosedRange<Int> {
            tokens[span.lowerBound].line...tokens[span.upperBound - 1].line
        }
        return spans.map { Region(a: lines($0.a, a.tokens), b: lines($0.b, b.tokens)) }
    }
}
