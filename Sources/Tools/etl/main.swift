// `workbook-etl`: the ETL chapter's tools and benchmark, a product of its own so that the CLI core
// links no chapter. `workbook etl …` and `workbook bench etl` build and run it.
import Foundation
import WorkbookCLI

exit(
    Workbook.main(Array(CommandLine.arguments.dropFirst())) { command in
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
