/// A text's fingerprints: hashes of its k-grams of normalised tokens, winnowed (Schleimer,
/// Wilkerson and Aiken, "Winnowing: Local Algorithms for Document Fingerprinting", SIGMOD 2003).
///
/// Of every `window` consecutive k-gram hashes the smallest is kept (the rightmost on a tie), so
/// any run of at least `k + window - 1` tokens that two texts share yields at least one
/// fingerprint in both, wherever the run sits, while only about `2 / (window + 1)` of the k-grams
/// are kept.
public struct Fingerprints: Sendable {
    /// The parameters of a comparison.
    public struct Parameters: Sendable, Equatable {
        /// Tokens per k-gram: the noise threshold. A shared run shorter than this is never a match.
        public var k: Int
        /// k-grams per winnowing window.
        public var window: Int
        /// Any shared run of this many tokens or more is found.
        public var guaranteedMatch: Int { k + window - 1 }

        /// Creates parameters.
        public init(k: Int, window: Int) {
            precondition(k >= 1 && window >= 1, "k and window are at least 1")
            self.k = k
            self.window = window
        }

        /// The workbook's choice, from a sweep of k in 8...15 and windows of 4...8 over the landed
        /// chapters (README, "Similarity"): 10 tokens, about one statement of normalised Swift, keep
        /// the idioms every solution shares (`guard I . I == I . I else`) apart from copied code;
        /// a window of 8 keeps a quarter of the k-grams and still finds any copied run of 17 tokens.
        /// It separated the copies best: every disguised reference 0.65 or more, every independent
        /// solution 0.13 or less (each against its same-named reference file).
        public static let standard = Parameters(k: 10, window: 8)
    }

    /// The normalised tokens the hashes were taken over.
    public let tokens: [Token]
    /// The hash of the k-gram starting at each token (none when the text is shorter than k).
    public let kgrams: [UInt64]
    /// The winnowed fingerprints: hash and the token index of its k-gram, in text order.
    public let selected: [(hash: UInt64, position: Int)]
    /// The parameters used.
    public let parameters: Parameters
    /// Every k-gram as (hash, token index), sorted: looked up by binary search when other
    /// texts are compared with this one, which is built once rather than per comparison.
    let sorted: [(hash: UInt64, position: Int)]

    /// The fingerprints of `text` in `language`.
    public init(_ text: String, language: Language, parameters: Parameters = .standard) {
        self.init(tokens: language.tokenize(text), parameters: parameters)
    }

    /// The fingerprints of a token stream.
    public init(tokens: [Token], parameters: Parameters = .standard) {
        self.tokens = tokens
        self.parameters = parameters
        let k = parameters.k
        let tokenHashes = tokens.map { Self.hash($0.text) }
        var kgrams: [UInt64] = []
        if tokens.count >= k {
            kgrams.reserveCapacity(tokens.count - k + 1)
            for start in 0...(tokens.count - k) {
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for index in start..<(start + k) { hash = (hash ^ tokenHashes[index]) &* 0x100_0000_01b3 }
                kgrams.append(hash)
            }
        }
        self.kgrams = kgrams
        // A text with fewer k-grams than a window keeps its smallest, as one window would.
        let window = min(parameters.window, kgrams.count)
        var selected: [(hash: UInt64, position: Int)] = []
        if window > 0 {
            for start in 0...(kgrams.count - window) {
                var best = start
                for index in start..<(start + window) where kgrams[index] <= kgrams[best] { best = index }
                if selected.last?.position != best { selected.append((kgrams[best], best)) }
            }
        }
        self.selected = selected
        sorted = kgrams.enumerated().map { (hash: $1, position: $0) }.sorted {
            $0.hash != $1.hash ? $0.hash < $1.hash : $0.position < $1.position
        }
    }

    /// The token indexes of the k-grams with `hash`, in text order: two binary searches, so a
    /// text that repeats one k-gram half a million times costs no more than any other.
    func positions(of hash: UInt64) -> ArraySlice<(hash: UInt64, position: Int)> {
        func boundary(_ isBefore: ((hash: UInt64, position: Int)) -> Bool) -> Int {
            var (low, high) = (0, sorted.count)
            while low < high {
                let middle = (low + high) / 2
                if isBefore(sorted[middle]) { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return sorted[boundary { $0.hash < hash }..<boundary { $0.hash <= hash }]
    }

    /// Whether any k-gram has `hash`.
    func contains(_ hash: UInt64) -> Bool { !positions(of: hash).isEmpty }

    /// FNV-1a over a token's text, finished with a mix so that k-gram hashes spread.
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        return hash ^ (hash >> 33)
    }
}
