import ArgumentParsing
import Foundation

/// `workbook bench <chapter>`: measures a chapter's reference in a release build.
enum Benchmarks {
    static func run(_ command: ParsedCommand) throws -> Int32 {
        let chapter = command.arguments["chapter"]!
        #if DEBUG
            // Figures from a debug build mean nothing: build the release CLI and hand over to it.
            let workspace = try Workspace.locate()
            Console.error("building the release workbook for benchmarks…")
            let build = try ProcessRunner.run(
                "swift", ["build", "-c", "release", "--product", "workbook"], in: workspace.root)
            guard build.status == 0 else { throw CLIError("the release build failed:\n\(build.output.suffix(3000))") }
            let process = Process()
            process.executableURL = workspace.path(".build/release/workbook")
            process.arguments = Array(CommandLine.arguments.dropFirst())
            process.currentDirectoryURL = workspace.root
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        #else
            let seconds =
                try command.value("seconds").map { text -> Double in
                    guard let value = Double(text), value > 0, value <= 60 else {
                        throw CLIError("--seconds expects 0 to 60", isUsage: true)
                    }
                    return value
                } ?? 1
            switch chapter {
            case "webhook":
                return try WebhookBenchmark(
                    seconds: seconds, python: !command.flag("no-python"), json: command.flag("json")
                ).run()
            case "etl":
                let rows = try command.integer("rows") ?? 1_000_000
                guard (1...100_000_000).contains(rows) else {
                    throw CLIError("--rows expects 1 to 100000000", isUsage: true)
                }
                return try ETLBenchmark(rows: rows, python: !command.flag("no-python"), json: command.flag("json"))
                    .run()
            default:
                throw CLIError("no benchmark for chapter \"\(chapter)\"; benchmarks: webhook, etl", isUsage: true)
            }
        #endif
    }
}

/// Times `body` repeatedly for about `seconds`, returning the best of several batches in
/// nanoseconds per call (the least disturbed by the machine's other work).
func measure(seconds: Double, _ body: () throws -> Void) rethrows -> Double {
    // Calibrate a batch to take about 10 ms.
    var batch = 1
    while true {
        let start = ContinuousClock.now
        for _ in 0..<batch { try body() }
        if start.duration(to: .now) > .milliseconds(10) || batch >= 1 << 24 { break }
        batch *= 2
    }
    var best = Double.infinity
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    repeat {
        let start = ContinuousClock.now
        for _ in 0..<batch { try body() }
        let elapsed = start.duration(to: .now)
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        best = min(best, nanoseconds / Double(batch))
    } while ContinuousClock.now < deadline
    return best
}
