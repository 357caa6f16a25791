// `workbook-webhook`: the webhook chapter's tools and benchmark, a product of its own so that the
// CLI core links no chapter. `workbook webhook …` and `workbook bench webhook` build and run it.
import ArgumentParsing
import Foundation
import WorkbookCLI

exit(
    Workbook.main(
        Array(CommandLine.arguments.dropFirst()),
        root: toolCommands(
            webhookCommands,
            benchOptions: [
                .option("seconds", value: "S", help: "Time per measurement (default 1)."),
                .flag("no-python", help: "Skip the Python libraries' figures."),
            ])
    ) { command in
        switch command.path.first {
        case "webhook": return try WebhookTool.run(command)
        case "bench":
            return try WebhookBenchmark(
                seconds: try benchmarkSeconds(command), python: !command.flag("no-python"), json: command.flag("json")
            ).run()
        default: throw CLIError("workbook-webhook runs `webhook …` and `bench webhook`", isUsage: true)
        }
    })
