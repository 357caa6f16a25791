import ArgumentParsing
import Foundation
import Grading
import Testing

@testable import WorkbookCLI

/// Every command's `--help`, compared with Tests/Golden/help/; the list of commands comes from the
/// command table itself (and each chapter tool's tree), so a new command gets a golden file too.
@Suite struct GoldenHelpTests {
    /// Every command path of a tree, the root first.
    static func paths(_ spec: CommandSpec, prefix: [String] = []) -> [[String]] {
        [prefix] + spec.subcommands.flatMap { paths($0, prefix: prefix + [$0.name]) }
    }

    static var commands: [[String]] {
        let chapters = (try? Workspace(root: CLI.packageRoot).declarations()) ?? []
        let core = paths(workbookCommands(chapters: []))
        // Each chapter tool's commands, as its own help lists them.
        let tools = chapters.filter(\.hasTools).flatMap { chapter -> [[String]] in
            let listing = (try? CLI.run([chapter.name, "--help"]))?.stdout ?? ""
            let names = listing.split(separator: "\n").compactMap { line -> String? in
                let parts = line.split(separator: " ", omittingEmptySubsequences: true)
                let isCommand = line.hasPrefix("  ") && parts.count > 1 && parts[0].first?.isLowercase == true
                return isCommand ? String(parts[0]) : nil
            }
            return [[chapter.name], ["bench", chapter.name]] + names.map { [chapter.name, $0] }
        }
        return core + tools
    }

    @Test func everyCommandsHelpMatchesItsGoldenFile() throws {
        var problems: [String] = []
        for path in Self.commands {
            let result = try CLI.run(path + ["--help"])
            let name = "help/" + (path.isEmpty ? "workbook" : path.joined(separator: "-")) + ".txt"
            if result.status != 0 { problems.append("\(path) --help exited \(result.status): \(result.stderr)") }
            if let problem = Golden.problem(name, result.stdout) { problems.append(problem) }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n\n"))")
    }
}

/// The golden files of Tests/Golden/.
enum Golden {
    static let folder = CLI.packageRoot.appendingPathComponent("Tests/Golden")

    static func problem(_ name: String, _ text: String) -> String? {
        CommittedCopy.problem(
            folder.appendingPathComponent(name), expected: text, update: "WORKBOOK_UPDATE_GOLDEN",
            fix: "run `WORKBOOK_UPDATE_GOLDEN=1 swift test`, read the diff and commit it")
    }
}
