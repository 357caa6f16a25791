// `workbook-etl`: the ETL chapter's tools and benchmark, a product of its own so that the CLI core
// links no chapter. `workbook etl …` and `workbook bench etl` build and run it.
import ArgumentParsing
import Foundation
import WorkbookCLI

exit(
    Workbook.main(
        Array(CommandLine.arguments.dropFirst()),
        root: toolCommands(
            etlCommands,
            benchOptions: [
                .option(
                    "rows", value: "N",
                    help: "Rows in the generated CSV (default 1000000); with --pipeline, contacts (default 100000)."),
                .flag("no-python", help: "Skip the Python loader's figures."),
                .flag(
                    "pipeline",
                    help: "Both paths end to end on `etl generate` sources, against sqlite3 importing the raw files."),
                .option("seed", value: "S", help: "With --pipeline: the sources' seed (default 7)."),
            ])
    ) { command in
        switch command.path.first {
        case "etl": return try ETLTool.run(command)
        case "bench":
            if command.flag("pipeline") {
                let contacts = try command.integer("rows") ?? 100_000
                guard (1...10_000_000).contains(contacts) else {
                    throw CLIError("--rows expects 1 to 10000000 contacts with --pipeline", isUsage: true)
                }
                guard let seed = UInt64(command.value("seed") ?? "7") else {
                    throw CLIError("--seed expects a whole number from 0 to \(UInt64.max)", isUsage: true)
                }
                return try ETLPipelineBenchmark(contacts: contacts, seed: seed, json: command.flag("json")).run()
            }
            let rows = try command.integer("rows") ?? 1_000_000
            guard (1...100_000_000).contains(rows) else {
                throw CLIError("--rows expects 1 to 100000000", isUsage: true)
            }
            return try ETLBenchmark(rows: rows, python: !command.flag("no-python"), json: command.flag("json")).run()
        default: throw CLIError("workbook-etl runs `etl …` and `bench etl`", isUsage: true)
        }
    })
