// `workbook-similarity`: the benchmark of the score cards' copy detection, a product of its own
// so that it runs in a release build. `workbook bench similarity` builds and runs it.
import ArgumentParsing
import Foundation
import LearnerRuntime
import Similarity
import WorkbookCLI

let benchCommands = CommandSpec(
    "workbook", abstract: "The copy detection's benchmark.",
    subcommands: [
        CommandSpec(
            "bench", abstract: "Compare N submissions of a chapter pairwise, as `workbook scorecards` does.",
            discussion:
                "The submissions are disguised copies of the chapter's reference (renamed, re-indented, reordered, each from its own seed), so every pair shares code, the costly case.",
            arguments: [ArgumentSpec("what", help: "similarity")],
            options: [
                .option("chapter", value: "C", help: "The chapter whose reference is disguised (default webhook)."),
                .option("count", value: "N", help: "Submissions (default 50)."),
                .option("seconds", value: "S", help: "Time per measurement (default 1)."),
                .flag("json", help: "Print the figures as JSON."),
            ])
    ])

exit(
    Workbook.main(Array(CommandLine.arguments.dropFirst()), root: benchCommands) { command in
        guard try command.argument("what") == "similarity" else {
            throw CLIError("workbook-similarity runs `bench similarity`", isUsage: true)
        }
        return try SimilarityBenchmark(command).run()
    })
