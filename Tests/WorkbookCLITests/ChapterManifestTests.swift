import Foundation
import Testing

@testable import WorkbookCLI

/// The chapter list the CLI derives from `swift package dump-package`: what each field comes from.
@Suite struct ChapterManifestTests {
    /// A dump shaped as SwiftPM writes it, for a chapter `demo` with a wrapper and a system library.
    static let dump = """
        {"products": [{"name": "workbook"}, {"name": "grade-demo"}, {"name": "workbook-demo"}],
         "targets": [
          {"name": "CZ", "type": "system", "path": "Sources/CZ", "pkgConfig": "zlib", "dependencies": []},
          {"name": "Zip", "type": "regular", "dependencies": [{"byName": ["CZ", null]}]},
          {"name": "LearnerRuntime", "type": "regular", "dependencies": []},
          {"name": "Grading", "type": "regular", "dependencies": [{"byName": ["LearnerRuntime", null]}]},
          {"name": "Demo", "type": "regular",
           "dependencies": [{"byName": ["LearnerRuntime", null]}, {"byName": ["Zip", null]}]},
          {"name": "DemoChecks", "type": "regular",
           "dependencies": [{"byName": ["Grading", null]}, {"target": ["Demo", null]}]},
          {"name": "DemoSolution", "type": "regular", "path": "Solutions/demo", "exclude": ["q.sql"],
           "dependencies": [{"target": ["Demo", null]}]},
          {"name": "grade-demo", "type": "executable", "path": "Sources/Graders/demo/grader",
           "dependencies": [{"byName": ["Grading", null]}, {"target": ["Demo", null]},
                            {"target": ["DemoChecks", null]}, {"target": ["DemoSolution", null]}]},
          {"name": "workbook-demo", "type": "executable", "path": "Sources/Tools/demo",
           "dependencies": [{"target": ["Demo", null]}]}
         ]}
        """

    @Test func everyFieldComesFromTheManifest() throws {
        let chapters = try ChapterManifest.chapters(fromDump: Data(Self.dump.utf8))
        #expect(chapters.map(\.name) == ["demo"])
        let demo = try #require(chapters.first)
        #expect(demo.module == "Demo")
        #expect(demo.exerciseModule == "DemoExercise")
        #expect(demo.learnerDependencies == ["Zip"])
        #expect(demo.exerciseFiles == ["q.sql"])
        #expect(demo.hasTools)
        #expect(
            demo.learnerTargets == [
                LearnerTarget(name: "CZ", folder: "Sources/CZ", dependencies: [], pkgConfig: "zlib"),
                LearnerTarget(name: "Zip", folder: "Sources/Zip", dependencies: ["CZ"], pkgConfig: nil),
            ])
        #expect(
            demo.graderInputs == [
                "Solutions/demo", "Sources/CZ", "Sources/Demo", "Sources/DemoChecks", "Sources/Graders/demo/grader",
                "Sources/Grading", "Sources/LearnerRuntime", "Sources/Zip",
            ])
        #expect(
            demo.toolInputs == [
                "Sources/CZ", "Sources/Demo", "Sources/LearnerRuntime", "Sources/Tools/demo", "Sources/Zip",
            ])
    }

    @Test func aGraderWithoutChecksOrSolutionIsAClearError() {
        let broken = Self.dump.replacingOccurrences(of: #"{"target": ["DemoChecks", null]},"#, with: "")
        #expect(throws: CLIError.self) { try ChapterManifest.chapters(fromDump: Data(broken.utf8)) }
    }

    @Test func theCheckoutsOwnChaptersAreTheTwoLandedOnes() throws {
        let chapters = try Workspace(root: CLI.packageRoot).declarations()
        #expect(chapters.map(\.name) == ["webhook", "etl"])
        #expect(chapters.map(\.title).allSatisfy { !$0.isEmpty && $0.first?.isUppercase == true })
        #expect(
            chapters.first { $0.name == "etl" }?.exerciseFiles == ["normalize_contacts.sql", "dedupe_contacts.sql"])
    }
}
