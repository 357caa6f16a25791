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
                .option("rows", value: "N", help: "Rows in the generated CSV (default 1000000)."),
                .flag("no-python", help: "Skip the Python loader's figures."),
            ])
    ) { command in
        switch command.path.first {
        case "etl": return try ETLTool.run(command)
        case "bench":
            let rows = try command.integer("rows") ?? 1_000_000
            guard (1...100_000_000).contains(rows) else {
                throw CLIError("--rows expects 1 to 100000000", isUsage: true)
            }
            return try ETLBenchmark(rows: rows, python: !command.flag("no-python"), json: command.flag("json")).run()
        default: throw CLIError("workbook-etl runs `etl …` and `bench etl`", isUsage: true)
        }
    })
