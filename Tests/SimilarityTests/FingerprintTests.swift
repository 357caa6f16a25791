import LearnerRuntime
import Similarity
import Testing

@Suite struct FingerprintTests {
    /// A token stream of words `w0`, `w1`, … that keeps its text (keywords are kept as written).
    func tokens(_ words: [Int]) -> [Token] {
        words.enumerated().map { Token(text: "w\($1)", line: $0 + 1, range: 0..<0) }
    }

    @Test func anySharedRunOfTheGuaranteedLengthIsFound() {
        let parameters = Fingerprints.Parameters.standard
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<300 {
            let shared = (0..<parameters.guaranteedMatch).map { _ in generator.below(1_000_000) }
            let a =
                (0..<generator.below(200)).map { _ in generator.below(1_000_000) } + shared
                + (0..<generator.below(200)).map { _ in generator.below(1_000_000) }
            let b =
                (0..<generator.below(200)).map { _ in generator.below(1_000_000) } + shared
                + (0..<generator.below(200)).map { _ in generator.below(1_000_000) }
            let comparison = Comparison(
                Fingerprints(tokens: tokens(a), parameters: parameters),
                with: Fingerprints(tokens: tokens(b), parameters: parameters))
            #expect(comparison.shared >= 1)
        }
    }

    @Test func runsShorterThanKAreNeverMatches() {
        let a = tokens(Array(0..<100))
        let b = tokens(Array(0..<9) + Array(1000..<1100))  // 9 tokens shared, k is 10
        #expect(Comparison(Fingerprints(tokens: a), with: Fingerprints(tokens: b)).shared == 0)
    }

    @Test func winnowingKeepsAboutTwoInWindowPlusOne() {
        var generator = SeededGenerator(seed: 5)
        let fingerprints = Fingerprints(tokens: tokens((0..<20_000).map { _ in generator.below(1 << 30) }))
        let density = Double(fingerprints.selected.count) / Double(fingerprints.kgrams.count)
        #expect(abs(density - 2.0 / 9.0) < 0.02)
    }

    @Test func textsShorterThanKHaveNoFingerprintsAndScoreZero() {
        let short = Fingerprints("let a = 1", language: .swift)
        #expect(short.selected.isEmpty)
        let comparison = Comparison(short, with: short)
        #expect(comparison.score == 0 && comparison.fingerprints == 0 && !comparison.isFlagged)
    }

    @Test func theBaseIsSetAside() {
        let starter = "struct S {\n    func f(a: Int, b: Int) -> Int {\n        // TODO\n        return 0\n    }\n}\n"
        let solved = starter.replacingOccurrences(
            of: "// TODO\n        return 0",
            with:
                "var total = 0\n        for i in 0..<a { total += i * b }\n        while total > 100 { total -= b }\n        return total"
        )
        let base = Fingerprints(starter, language: .swift)
        let alone = Comparison(
            Fingerprints(starter, language: .swift), with: Fingerprints(solved, language: .swift), base: base)
        #expect(alone.fingerprints == 0 && alone.score == 0)
        let copy = Comparison(
            Fingerprints(solved, language: .swift), with: Fingerprints(solved, language: .swift), base: base)
        #expect(copy.score == 1 && copy.fingerprints > 0)
        let withoutBase = Comparison(
            Fingerprints(solved, language: .swift), with: Fingerprints(solved, language: .swift))
        #expect(withoutBase.fingerprints > copy.fingerprints)
    }

    @Test func regionsAreTheCopiedLinesInBothTexts() {
        let copied = """
            for (index, value) in values.enumerated() where value > limit {
                results.append(index * 2 + value)
                if results.count > 10 { break }
            }
            """
        let a = "let x = 1\n" + copied + "\nreturn results\n"
        let b = "import Foundation\nlet y = 2\nfunc unrelated() {}\n\n" + copied + "\n"
        let comparison = Comparison(Fingerprints(a, language: .swift), with: Fingerprints(b, language: .swift))
        #expect(comparison.score > 0.5)
        #expect(comparison.regions.count == 1)
        let region = try? #require(comparison.regions.first)
        #expect(region.map { (2...5).contains($0.a.lowerBound) && $0.a.upperBound <= 6 } == true)
        #expect(region.map { $0.b.lowerBound >= 5 && $0.b.upperBound <= 8 } == true)
    }
}
