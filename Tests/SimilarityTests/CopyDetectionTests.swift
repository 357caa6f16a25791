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
