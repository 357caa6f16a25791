import Foundation
import Testing

/// `workbook similarity A B`: files and folders compared for instructors and interviewers.
@Suite struct SimilarityCommandTests {
    struct Document: Decodable {
        struct File: Decodable {
            struct Match: Decodable {
                var a: [Int]
                var b: [Int]
            }
            var a: String
            var b: String
            var score: Double
            var flagged: Bool
            var matches: [Match]
        }
        var schemaVersion: Int
        var score: Double
        var flagged: Bool
        var files: [File]
        var onlyInA: [String]
        var onlyInB: [String]
    }

    @Test func foldersArePairedByNameAndTheJSONHasEveryMatch() throws {
        let a = try CandidateFolderTests.folder(
            "a",
            [
                "ConstantTime.swift": try CandidateFolderTests.reference("ConstantTime.swift"),
                "SignatureVerifier.swift": try CandidateFolderTests.reference("SignatureVerifier.swift"),
                "notes.txt": "ignored",
            ])
        let b = try CandidateFolderTests.folder(
            "b",
            [
                "ConstantTime.swift": try CandidateFolderTests.reference("ConstantTime.swift"),
                "TimestampWindow.swift": try CandidateFolderTests.reference("TimestampWindow.swift"),
            ])
        defer { for url in [a, b] { try? FileManager.default.removeItem(at: url) } }
        let output = try CLI.run(["similarity", a.path, b.path, "--chapter", "webhook", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let document = try JSONDecoder().decode(Document.self, from: Data(output.stdout.utf8))
        #expect(document.schemaVersion == 1)
        let same = try #require(document.files.first { $0.a == "ConstantTime.swift" })
        #expect(same.b == "ConstantTime.swift" && same.score == 1 && same.flagged && !same.matches.isEmpty)
        #expect(same.matches.allSatisfy { $0.a.count == 2 && $0.a[0] <= $0.a[1] && $0.b.count == 2 })
        // A file without a namesake is compared with the closest file of its language.
        let other = try #require(document.files.first { $0.a == "SignatureVerifier.swift" })
        #expect(["ConstantTime.swift", "TimestampWindow.swift"].contains(other.b))
        #expect(!other.flagged && (0...1).contains(other.score))
        #expect(document.flagged && document.onlyInA.isEmpty)
        #expect(document.onlyInB == (other.b == "TimestampWindow.swift" ? [] : ["TimestampWindow.swift"]))
        let text = try CLI.run(["similarity", a.path, b.path, "--chapter", "webhook"])
        #expect(text.stdout.contains("100% ⚑") && text.stdout.contains("overall: "), "\(text.stdout)")
    }

    @Test func theStarterIsSetAsideOnlyWithAChapter() throws {
        let starter = try String(
            contentsOf: CLI.packageRoot.appendingPathComponent("Chapters/webhook/starter/HeaderParser.swift.starter"),
            encoding: .utf8)
        let a = try CandidateFolderTests.folder("a", ["HeaderParser.swift": starter])
        let b = try CandidateFolderTests.folder("b", ["HeaderParser.swift": starter])
        defer { for url in [a, b] { try? FileManager.default.removeItem(at: url) } }
        let without = try JSONDecoder().decode(
            Document.self, from: Data(try CLI.run(["similarity", a.path, b.path, "--json"]).stdout.utf8))
        #expect(without.files.first?.score == 1)
        let with = try JSONDecoder().decode(
            Document.self,
            from: Data(try CLI.run(["similarity", a.path, b.path, "--chapter", "webhook", "--json"]).stdout.utf8))
        #expect(with.files.first?.score == 0 && with.flagged == false)
    }

    @Test func badInputsAreRefusedWithWhatAndWhere() throws {
        let empty = try CandidateFolderTests.folder("empty", ["notes.md": "# no code"])
        let file = try CandidateFolderTests.folder("file", ["A.swift": "let a = 1"])
        try FileManager.default.createSymbolicLink(
            at: file.appendingPathComponent("B.swift"), withDestinationURL: file.appendingPathComponent("A.swift"))
        try Data([0xFF, 0xFE, 0x00]).write(to: file.appendingPathComponent("C.sql"))
        defer { for url in [empty, file] { try? FileManager.default.removeItem(at: url) } }
        let cases: [([String], String)] = [
            (["similarity", "/no/such/folder", file.path], "/no/such/folder: no such file or folder"),
            (["similarity", empty.path, file.path], "holds no Swift or SQL file"),
            (["similarity", empty.appendingPathComponent("notes.md").path, file.path], "only Swift and SQL files"),
            (["similarity", file.appendingPathComponent("B.swift").path, file.path], "is a symbolic link"),
            (["similarity", file.appendingPathComponent("C.sql").path, file.path], "not UTF-8 text"),
        ]
        for (arguments, message) in cases {
            let output = try CLI.run(arguments)
            #expect(output.status == 1, "\(arguments)")
            #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
        }
        let typo = try CLI.run(["similarity", file.path, file.path, "--chapter", "webhok"])
        #expect(typo.status == 2 && typo.stderr.contains("did you mean"), "\(typo.stderr)")
        #expect(try CLI.run(["similarity", file.path]).status == 2)
    }
}
