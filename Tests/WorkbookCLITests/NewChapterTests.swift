import Foundation
import Grading
import Testing

/// `workbook new` writes a chapter that `workbook validate` passes without edits, in a copy of the
/// checkout (the chapter is never committed), and `validate` then catches a broken reference.
@Suite(.serialized) struct NewChapterTests {
    /// A copy of the checkout's tracked and new files, without `.build` or `.workbook`.
    static func copyOfCheckout() throws -> URL {
        let listing = try Subprocess.run(
            "git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], in: CLI.packageRoot)
        try #require(listing.status == 0, "git ls-files failed: \(listing.combinedText)")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-new-\(UUID().uuidString)")
        for path in listing.outputText.split(separator: "\0").map(String.init) {
            let source = CLI.packageRoot.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: source.path) else { continue }  // deleted, not committed
            let target = copy.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: target)
        }
        return copy
    }

    @Test func scaffoldValidatesWithoutEditsAndValidateCatchesABrokenReference() throws {
        let copy = try Self.copyOfCheckout()
        defer { try? FileManager.default.removeItem(at: copy) }
        // This copy is a package of its own: the CLI builds its grader there.
        let build = ["WORKBOOK_PREBUILT": "0"]
        let new = try CLI.run(["new", "demo", "--title", "Demo"], in: copy, environment: build)
        #expect(new.status == 0, "\(new.stdout)\n\(new.stderr)")
        let manifest = try String(contentsOf: copy.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains("Chapter(name: \"demo\", module: \"Demo\""))
        for path in [
            "Chapters/demo/plan.json", "Chapters/demo/README.md", "Exercises/demo/Slug.swift",
            "Solutions/demo/Slug.swift", "Chapters/demo/mutants/keeps-edge-hyphens/Slug.swift",
        ] {
            #expect(FileManager.default.fileExists(atPath: copy.appendingPathComponent(path).path), "\(path) missing")
        }
        let readme = try String(contentsOf: copy.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("| [demo](Chapters/demo/README.md) | Demo | 1 exercise,"))

        let validate = try CLI.run(["validate", "demo"], in: copy, environment: build)
        #expect(validate.status == 0, "\(validate.stdout)\n\(validate.stderr)")
        let list = try CLI.run(["list"], in: copy, environment: build)
        #expect(list.stdout.contains("demo  Demo"), "\(list.stdout)")

        let again = try CLI.run(["new", "demo", "--title", "Demo"], in: copy, environment: build)
        #expect(again.status == 1 && again.stderr.contains("already declares a chapter demo"), "\(again.stderr)")

        // A reference that keeps a leading hyphen: validate names the check, the file and the case.
        let solution = copy.appendingPathComponent("Solutions/demo/Slug.swift")
        let text = try String(contentsOf: solution, encoding: .utf8)
        try text.replacingOccurrences(of: "if pendingSeparator && !result.isEmpty", with: "if pendingSeparator")
            .write(to: solution, atomically: true, encoding: .utf8)
        let broken = try CLI.run(["validate", "demo"], in: copy, environment: build)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("the reference in Solutions/demo/ failed"), "\(broken.stderr)")
        #expect(broken.stderr.contains(#"got "-2026-a-year""#), "\(broken.stderr)")
    }

    @Test func badNamesAndTitlesAreRefusedBeforeAnythingIsWritten() throws {
        for arguments in [
            ["new", "Demo", "--title", "Demo"], ["new", "x", "--title", "X"], ["new", "demo"],
            ["new", "demo", "--title", "  "], ["new", "de-mo", "--title", "Demo"],
        ] {
            let result = try CLI.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
        }
        let command = try CLI.run(["new", "run", "--title", "Run"])
        #expect(command.status == 1 && command.stderr.contains("is a workbook command"), "\(command.stderr)")
        let existing = try CLI.run(["new", "webhook", "--title", "Again"])
        #expect(existing.status == 1 && existing.stderr.contains("already declares"), "\(existing.stderr)")
        // Module names that exist already, in any case, or that the toolchain has.
        for name in ["http", "grading", "foundation", "crypto"] {
            let clash = try CLI.run(["new", name, "--title", "Clash"])
            #expect(clash.status == 1 && clash.stderr.contains("exists already"), "\(name): \(clash.stderr)")
        }
    }
}
