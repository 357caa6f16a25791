import Foundation
import Similarity
import Testing

/// The acceptance of the score cards' copy detection, on every exercise file of the landed
/// chapters: disguised copies of the reference are flagged, honest work is not.
@Suite struct CopyDetectionTests {
    @Test(arguments: ExerciseFile.all)
    func disguisedReferenceIsFlagged(_ file: ExerciseFile) {
        for seed: UInt64 in 1...10 {
            let copy = disguise(file.reference, file.language, seed: seed)
            #expect(copy != file.reference)
            let comparison = file.againstReference(copy)
            #expect(comparison.isFlagged, "seed \(seed): \(comparison.score) of \(comparison.fingerprints)")
            #expect(!comparison.regions.isEmpty)
        }
    }

    @Test(arguments: ExerciseFile.all)
    func untouchedStarterScoresZero(_ file: ExerciseFile) {
        let comparison = file.againstReference(file.starter)
        #expect(comparison.score < 0.05)
        #expect(!comparison.isFlagged)
    }

    @Test(arguments: independentSolutions.map(\.file))
    func independentSolutionIsNotFlagged(_ file: ExerciseFile) throws {
        let path = try #require(independentSolutions.first { $0.file.name == file.name }?.path)
        let text = file.read(path)
        #expect(!text.isEmpty)
        let comparison = file.againstReference(text)
        #expect(!comparison.isFlagged, "\(comparison.score) of \(comparison.fingerprints)")
        #expect(comparison.score < 0.25)
    }

    @Test func aWholeCopyPastedIntoOneFileIsFlagged() {
        // Swift types may live in any file of a module: every reference file pasted into the
        // first exercise file, the others left as their starters.
        for chapter in ["webhook", "etl"] {
            let swift = ExerciseFile.all.filter { $0.chapter == chapter && $0.language == .swift }
            let pasted = swift.map(\.reference).joined(separator: "\n")
            var texts = Dictionary(uniqueKeysWithValues: swift.map { ($0.name, $0.starter) })
            texts[swift[0].name] = pasted
            let comparisons = Submission(texts: texts).compare(
                with: ExerciseFile.references(chapter), bases: ExerciseFile.starters(chapter))
            let first = comparisons.first { $0.a == swift[0].name }
            #expect(first?.comparison.isFlagged == true, "\(chapter): \(String(describing: first))")
        }
    }

    @Test func repetitiveFilesCompareInLinearTime() {
        // Half a million tokens of one repeated k-gram: quadratic matching would not finish.
        let text = "let a: [Int] = [" + String(repeating: "0, ", count: 150_000) + "0]"
        let start = ContinuousClock.now
        let comparison = Comparison(Fingerprints(text, language: .swift), with: Fingerprints(text, language: .swift))
        #expect(comparison.score == 1)
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func referenceAgainstItselfScoresOne() {
        for file in ExerciseFile.all {
            let comparison = file.againstReference(file.reference)
            #expect(comparison.score == 1, "\(file.testDescription)")
            #expect(comparison.shared == comparison.fingerprints)
        }
    }

    @Test func disguiseIsReproducibleFromItsSeed() {
        let file = ExerciseFile.all[0]
        #expect(disguise(file.reference, file.language, seed: 3) == disguise(file.reference, file.language, seed: 3))
        #expect(disguise(file.reference, file.language, seed: 3) != disguise(file.reference, file.language, seed: 4))
    }
}
