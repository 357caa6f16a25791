import ArgumentParsing
import Foundation
import Grading
import ProcessSandbox

/// `workbook bench <chapter>` and `workbook <chapter> …`: the chapters' tools and benchmarks are
/// products of their own (`workbook-<chapter>`, `Sources/Tools/<chapter>`), built on first use, so
/// that the CLI core links no chapter.
enum ChapterTools {
    /// Runs the `workbook-<chapter>` tool with this command line, building it first if needed
    /// (benchmarks in a release build: figures from a debug build mean nothing).
    static func run(chapter: String, release wantsRelease: Bool) throws -> Int32 {
        // Help is the same in either build: no release build just to print it.
        let release = wantsRelease && !CommandLine.arguments.contains { $0 == "--help" || $0 == "-h" }
        let workspace = try Workspace.locate()
        let declaration = try workspace.declaration(chapter)
        guard declaration.hasTools else {
            throw CLIError("the \(chapter) chapter has no tools (no Sources/Tools/\(chapter) in Package.swift)")
        }
        return try runTool("workbook-\(declaration.name)", inputs: declaration.toolInputs, release: release)
    }

    /// Runs the tool `product` with this command line, built first unless it is newer than every
    /// file of `inputs` (`nil`: SwiftPM decides, at the cost of its own look at the sources).
    static func runTool(_ product: String, inputs: [String]?, release: Bool) throws -> Int32 {
        let workspace = try Workspace.locate()
        let configuration = release ? "release" : "debug"
        let binary = workspace.path(".build/\(configuration)/\(product)")
        let builder = GraderBuilder(workspace: workspace, configuration: configuration)
        let upToDate = inputs.map { builder.isNewer(binary, than: $0) } ?? false
        if !GraderBuilder.productsArePrebuilt && !upToDate {
            Console.error("building \(product)\(release ? " (release)" : "")…")
            let build = try Subprocess.run(
                "swift", ["build", "-c", configuration, "--product", product], in: workspace.root)
            guard build.status == 0 else {
                throw CLIError("the \(product) build failed:\n\(build.combinedText.suffix(3000))")
            }
        }
        // The tool replaces this process, so that stopping `workbook` (Ctrl-C, a kill) stops it.
        do {
            try Sandbox.exec(binary.path, arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            throw CLIError("cannot run \(workspace.relative(binary)): \(error)")
        }
    }
}

/// The `--seconds` of `bench`: time per measurement (default 1).
package func benchmarkSeconds(_ command: ParsedCommand) throws -> Double {
    try command.seconds("seconds", in: 0.01...60)?.inSeconds ?? 1
}

/// Times `body` repeatedly for about `seconds`, in batches of about 10 ms, returning the median
/// batch in nanoseconds per call: the typical cost, where the best batch would report the luckiest
/// and the mean would let one descheduled batch move it.
package func measure(seconds: Double, _ body: () throws -> Void) rethrows -> Double {
    // Calibrate a batch to take about 10 ms.
    var batch = 1
    while true {
        let start = ContinuousClock.now
        for _ in 0..<batch { try body() }
        if start.duration(to: .now) > .milliseconds(10) || batch >= 1 << 24 { break }
        batch *= 2
    }
    var perCall: [Double] = []
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    repeat {
        let start = ContinuousClock.now
        for _ in 0..<batch { try body() }
        let elapsed = start.duration(to: .now)
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        perCall.append(nanoseconds / Double(batch))
    } while ContinuousClock.now < deadline || perCall.count < 5
    perCall.sort()
    return perCall.count % 2 == 1
        ? perCall[perCall.count / 2] : (perCall[perCall.count / 2 - 1] + perCall[perCall.count / 2]) / 2
}

/// Times `candidate` against `baseline` in alternating batches of about 10 ms for about
/// `seconds`, returning each one's median nanoseconds per call and the median of the batch-pair
/// ratios: paired batches see the same machine, so the ratio is steadier than two separate
/// medians divided.
package func measureRatio(
    seconds: Double, baseline: () throws -> Void, candidate: () throws -> Void
) rethrows -> (baseline: Double, candidate: Double, ratio: Double) {
    func calibrate(_ body: () throws -> Void) rethrows -> Int {
        var batch = 1
        while true {
            let start = ContinuousClock.now
            for _ in 0..<batch { try body() }
            if start.duration(to: .now) > .milliseconds(10) || batch >= 1 << 24 { return batch }
            batch *= 2
        }
    }
    func time(_ batch: Int, _ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        for _ in 0..<batch { try body() }
        let elapsed = start.duration(to: .now)
        return (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9) / Double(batch)
    }
    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    let baselineBatch = try calibrate(baseline)
    let candidateBatch = try calibrate(candidate)
    var pairs: [(Double, Double)] = []
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    repeat {
        pairs.append((try time(baselineBatch, baseline), try time(candidateBatch, candidate)))
    } while ContinuousClock.now < deadline || pairs.count < 5
    return (median(pairs.map(\.0)), median(pairs.map(\.1)), median(pairs.map { $0.1 / $0.0 }))
}
