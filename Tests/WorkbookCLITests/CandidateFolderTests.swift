import Dispatch
import Foundation
import Grading
import Synchronization
import Testing

/// `workbook grade --from DIR` on an interviewer's machine: what a candidate's folder may hold,
/// what is taken from it and said on the card, and two gradings at once.
@Suite struct CandidateFolderTests {
    /// A fresh folder under the temporary directory; `files` are written into it.
    static func folder(_ name: String, _ files: [String: String] = [:]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (file, text) in files {
            try text.write(to: url.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        return url
    }

    static func reference(_ file: String) throws -> String {
        try String(
            contentsOf: CLI.packageRoot.appendingPathComponent("Solutions/webhook/\(file)"), encoding: .utf8)
    }

    /// Every file under `url`, by path, with its bytes and its type.
    static func digest(_ url: URL) -> [String: String] {
        var files: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: url.path)
        while let path = walker?.nextObject() as? String {
            let full = url.appendingPathComponent(path).path
            var info = stat()
            lstat(full, &info)
            let bytes = FileManager.default.contents(atPath: full).map { $0.base64EncodedString() } ?? "-"
            files[path] = "\(info.st_mode)/\(info.st_mtim.tv_sec)/\(bytes)"
        }
        return files
    }

    /// The JSON score card, as `workbook scorecards` reads it.
    typealias Card = JSONReport.Document

    @Test func eachHostileFileIsRefusedWithItsPathAndWhy() throws {
        let state = try Self.folder("state")
        let candidate = try Self.folder("hostile", ["ConstantTime.swift": try Self.reference("ConstantTime.swift")])
        defer {
            try? FileManager.default.removeItem(at: candidate)
            try? FileManager.default.removeItem(at: state)
        }
        let manager = FileManager.default
        let cases: [(String, (URL) throws -> Void, String)] = [
            (
                "SignatureVerifier.swift", { try manager.createDirectory(at: $0, withIntermediateDirectories: false) },
                "is a folder, not a file"
            ),
            (
                "HeaderParser.swift",
                { try manager.createSymbolicLink(atPath: $0.path, withDestinationPath: "/etc/passwd") },
                "is a symbolic link"
            ),
            (
                "TimestampWindow.swift",
                {
                    try manager.createSymbolicLink(
                        atPath: $0.path, withDestinationPath: "/proc/self/cwd/Solutions/webhook/TimestampWindow.swift")
                }, "is a symbolic link"
            ),
            ("Helper.swift", { _ = mkfifo($0.path, 0o600) }, "is not a regular file"),
            (
                "Big.swift", { try Data(repeating: 0x20, count: 1_100_000).write(to: $0) },
                "is 1100000 bytes"
            ),
            (
                "MemoryNonceStore.swift",
                {
                    try manager.linkItem(at: candidate.appendingPathComponent("ConstantTime.swift"), to: $0)
                }, "is a hard link"
            ),
        ]
        for (name, make, reason) in cases {
            let path = candidate.appendingPathComponent(name)
            try make(path)
            defer { try? manager.removeItem(at: path) }
            let graded = try CLI.run(
                ["grade", "webhook", "--from", candidate.path], environment: ["WORKBOOK_STATE_DIR": state.path])
            #expect(graded.status == 1, "\(name)")
            // A hard link makes both names links: the first in the folder's order is named.
            let named = reason == "is a hard link" ? candidate.appendingPathComponent("ConstantTime.swift") : path
            #expect(graded.stderr.contains("\(named.path) \(reason)"), "\(name): \(graded.stderr)")
            #expect(!graded.stderr.contains("root:x:0"), "the linked file's text was printed")
        }
    }

    @Test func helperFilesAreCompiledAndTheCardListsEveryFile() throws {
        let state = try Self.folder("state")
        // The comparer needs the candidate's helper: the build fails if the helper is dropped.
        let comparer = """
            import Webhooks

            public struct ConstantTimeComparer: SignatureComparing {
                public init() {}
                public func isEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
                where A.Element == UInt8, B.Element == UInt8 {
                    a.count == b.count && accumulatedDifference(a, b) == 0
                }
            }
            """
        let helper = """
            func accumulatedDifference<A: Collection, B: Collection>(_ a: A, _ b: B) -> UInt8
            where A.Element == UInt8, B.Element == UInt8 {
                zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) }
            }
            """
        let candidate = try Self.folder(
            "helpers",
            [
                "ConstantTime.swift": comparer, "Helpers.swift": helper, "notes.txt": "my notes",
                ".ConstantTime.swift.swp": "swap",
            ])
        try FileManager.default.createDirectory(
            at: candidate.appendingPathComponent("drafts"), withIntermediateDirectories: false)
        try "struct Draft {}".write(
            to: candidate.appendingPathComponent("drafts/Draft.swift"), atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(at: candidate)
            try? FileManager.default.removeItem(at: state)
        }
        let folderBefore = Self.digest(candidate)
        let checkoutBefore = try HostileLearnerTests.snapshot()
        let html = state.appendingPathComponent("card.html")
        let graded = try CLI.run(
            ["grade", "webhook", "--from", candidate.path, "--seed", "5", "--json", "--report", html.path],
            environment: ["WORKBOOK_STATE_DIR": state.path])
        let card = try JSONDecoder().decode(Card.self, from: Data(graded.stdout.utf8))
        #expect(card.points("webhook/1").0 == card.points("webhook/1").1, "\(graded.stdout)\n\(graded.stderr)")
        #expect(card.points("webhook/2").0 == 0)
        let files = try #require(card.files)
        #expect(files.taken == ["ConstantTime.swift", "Helpers.swift"])
        #expect(files.starters.contains("HeaderParser.swift") && !files.starters.contains("ConstantTime.swift"))
        #expect(files.ignored.map(\.name) == [".ConstantTime.swift.swp", "drafts", "notes.txt"])
        #expect(graded.stderr.contains("ignored notes.txt: neither a Swift file nor an exercise file"))
        #expect(graded.stderr.contains("and 1 helper file"), "\(graded.stderr)")
        // The text and XML cards say the same.
        let cards = try FileManager.default.contentsOfDirectory(
            atPath: state.appendingPathComponent("scorecards").path)
        let text = try String(
            contentsOf: state.appendingPathComponent("scorecards/" + cards.first { $0.hasSuffix(".txt") }!),
            encoding: .utf8)
        #expect(text.contains("files taken from \(candidate.path): ConstantTime.swift, Helpers.swift"))
        #expect(text.contains("ignored drafts: a folder: only top-level files are taken"))
        let xml = try String(
            contentsOf: state.appendingPathComponent("scorecards/" + cards.first { $0.hasSuffix(".xml") }!),
            encoding: .utf8)
        #expect(xml.contains(#"<property name="files" value="ignored notes.txt: neither a Swift file"#))
        // The four formats agree on the score; the HTML card is one file with nothing to fetch.
        let page = try String(contentsOf: html, encoding: .utf8)
        let total = "\(card.points)/\(card.exercises.reduce(0) { $0 + $1.maxPoints })"
        #expect(text.contains("Score: \(total) points"))
        #expect(page.contains("<strong>\(total) points</strong>"), "\(page.prefix(800))")
        #expect(page.contains("<td>\(card.points("webhook/1").0)/\(card.points("webhook/1").1)</td></tr>"))
        #expect(
            xml.contains(
                #"<property name="points" value="\#(card.points("webhook/1").0)/\#(card.points("webhook/1").1)"/>"#))
        #expect(page.contains("ignored notes.txt: neither a Swift file nor an exercise file"))
        #expect(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"))
        // Every file taken is compared with the reference; the helper with the closest reference file.
        let similarity = try #require(card.similarity)
        #expect(similarity.files.map(\.name) == ["ConstantTime.swift", "Helpers.swift"])
        #expect(similarity.files[0].exercise == "webhook/1" && similarity.files[1].exercise == nil)
        #expect(
            similarity.files[1].reference.b.hasSuffix(".swift") && similarity.files[1].reference.b != "Helpers.swift")
        #expect(similarity.files.allSatisfy { $0.closest == nil })  // no other card was kept
        #expect(text.contains("similarity of ConstantTime.swift: "))
        #expect(xml.contains(#"<property name="similarity" value="similarity of Helpers.swift: "#))
        #expect(page.contains("<h2>Similarity</h2>") && page.contains("<td>Helpers.swift</td>"))
        // The protections the candidate's code ran under are on every format.
        let sandbox = try #require(card.sandbox)
        #expect(sandbox.contains("limits: memory 2048 MB") && sandbox.contains("dies with the grader"), "\(sandbox)")
        #expect(text.contains("sandbox: " + sandbox) && page.contains("<h2>Sandbox</h2>"))
        #expect(xml.contains(#"<property name="sandbox" value=""#))
        #expect(cards.contains { $0.hasSuffix(".html") })
        // Neither the folder nor the checkout was written.
        #expect(Self.digest(candidate) == folderBefore)
        #expect(try HostileLearnerTests.snapshot() == checkoutBefore)
    }

    @Test func twoGradingsAtOnceEachGetTheirOwnCard() throws {
        let state = try Self.folder("state")
        let honest = try Self.folder("honest", ["ConstantTime.swift": try Self.reference("ConstantTime.swift")])
        let weak = try Self.folder(
            "weak",
            [
                "ConstantTime.swift": try Self.reference("ConstantTime.swift").replacingOccurrences(
                    of: "guard a.count == b.count else { return false }",
                    with: "guard a.count == b.count else { return true }")
            ])
        defer {
            for url in [state, honest, weak] { try? FileManager.default.removeItem(at: url) }
        }
        // Repeated: the cards once crossed in 6 of 7 tries.
        for round in 0..<3 {
            let results = try [honest, weak].concurrentMap { folder in
                try CLI.run(
                    ["grade", "webhook", "--from", folder.path, "--seed", "\(round + 1)", "--json"],
                    environment: ["WORKBOOK_STATE_DIR": state.path])
            }
            let cards = try results.map { try JSONDecoder().decode(Card.self, from: Data($0.stdout.utf8)) }
            #expect(cards[0].points("webhook/1").0 == cards[0].points("webhook/1").1, "round \(round): \(results[0])")
            #expect(cards[1].points("webhook/1").0 < cards[1].points("webhook/1").1, "round \(round): \(results[1])")
            #expect(cards[0].files?.taken == ["ConstantTime.swift"] && cards[1].files?.taken == ["ConstantTime.swift"])
            // The honest candidate copied the reference: flagged; from the second round on, each
            // card also names the closest other candidate (never an earlier card of their own).
            let copied = try #require(cards[0].similarity?.files.first)
            #expect(copied.reference.comparison.score == 1 && copied.isFlagged)
            if round > 0 {
                #expect(copied.closest?.candidate == weak.lastPathComponent, "round \(round)")
                #expect(cards[1].similarity?.files.first?.closest?.candidate == honest.lastPathComponent)
            }
        }
        // Side by side: a row per card, hidden checks in brackets, and the seeds differed.
        let page = state.appendingPathComponent("cards.html")
        let side = try CLI.run(
            ["scorecards", "--chapter", "webhook", "--html", page.path], environment: ["WORKBOOK_STATE_DIR": state.path]
        )
        #expect(side.status == 0, "\(side.stderr)")
        let rows = side.stdout.split(separator: "\n").filter { $0.hasPrefix("honest-") || $0.hasPrefix("weak-") }
        #expect(rows.count == 6, "\(side.stdout)")
        #expect(rows.allSatisfy { $0.contains("[") && $0.contains("/106") }, "\(side.stdout)")
        #expect(side.stdout.contains("graded with different seeds (1, 2, 3)"), "\(side.stdout)")
        #expect(rows.allSatisfy { $0.hasSuffix("100% ⚑") || $0.contains("% ⚑") }, "\(side.stdout)")
        #expect(side.stdout.contains("pairs of candidates at or above 40% alike:"))
        #expect(side.stdout.contains("⚑ \(honest.lastPathComponent) and \(weak.lastPathComponent): up to"))
        #expect(try String(contentsOf: page, encoding: .utf8).contains("<td>\(honest.lastPathComponent)</td>"))
    }
}

extension JSONReport.Document {
    /// Earned and possible points of one exercise.
    func points(_ id: String) -> (Int, Int) {
        let exercise = exercises.first { $0.id == id }!
        return (exercise.points, exercise.maxPoints)
    }
}

extension Array where Element: Sendable {
    /// `map`, each element on its own thread, in order.
    func concurrentMap<T: Sendable>(_ transform: @escaping @Sendable (Element) throws -> T) throws -> [T] {
        let results = Mutex<[Int: Result<T, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = Result { try transform(self[index]) }
            results.withLock { $0[index] = result }
        }
        return try results.withLock { stored in try indices.map { try stored[$0]!.get() } }
    }
}
