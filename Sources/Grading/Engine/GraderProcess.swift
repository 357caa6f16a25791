import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The grader executable's side of the protocol: runs checks in order, writes one JSON line per
/// event to the original standard output, and captures what learner code prints so it cannot
/// corrupt the event stream.
public enum GraderProcess {
    /// The arguments a grader understands (the supervisor passes them).
    public struct Arguments: Sendable, Equatable {
        /// The run's seed.
        public var seed: UInt64 = 1
        /// The first check index to run (checks before it are skipped: a restart after a crash).
        public var from = 0
        /// Exercise numbers to run; empty means all.
        public var exercises: Set<Int> = []
        /// Cases per property.
        public var cases = 200
        /// The learner runner executable; without it the learner's code is linked in (legacy).
        public var learner: String?
        /// The runner's scratch folder: its working directory and the only place it may write.
        public var scratch: String?
        /// The module, compiled folder and label of the learner's files, for reports.
        public var learnerModule = "", learnerCompiledFrom = "", learnerLabel = ""
        /// Multiplies every check's time limit.
        public var timeScale = 1.0
        /// Whether hidden checks run too (an interviewer's grading, `validate`, `verify`).
        public var includeHidden = false
        /// Records the inputs of example and scenario checks in their results (`--record-inputs`).
        public var recordsInputs = false
        /// `--plan`: print the whole plan (hidden checks included) as committed, run nothing.
        public var printsPlan = false
        /// `--reap MARKER`: be the reaper of a run (see `Reaper`), not a grader.
        public var reapMarker: String?

        /// Parses `--seed N --from I --exercise N… --cases N`.
        public init(_ arguments: [String]) throws {
            var rest = arguments[...]
            func value(_ flag: String) throws -> String {
                guard let next = rest.popFirst() else { throw GradingError("\(flag) needs a value") }
                return next
            }
            while let flag = rest.popFirst() {
                switch flag {
                case "--seed":
                    let text = try value(flag)
                    guard let seed = UInt64(text) else { throw GradingError("--seed: not a number: \(text)") }
                    self.seed = seed
                case "--from": from = try Int(value(flag)).orThrow("--from needs a number")
                case "--exercise": exercises.insert(try Int(value(flag)).orThrow("--exercise needs a number"))
                case "--cases": cases = try Int(value(flag)).orThrow("--cases needs a number")
                case "--hidden": includeHidden = true
                case "--record-inputs": recordsInputs = true
                case "--plan": printsPlan = true
                case "--reap": reapMarker = try value(flag)
                case "--learner": learner = try value(flag)
                case "--scratch": scratch = try value(flag)
                case "--learner-module": learnerModule = try value(flag)
                case "--learner-compiled-from": learnerCompiledFrom = try value(flag)
                case "--learner-label": learnerLabel = try value(flag)
                case "--time-scale":
                    guard let scale = Double(try value(flag)), scale > 0, scale <= 1000 else {
                        throw GradingError("--time-scale needs a positive number up to 1000")
                    }
                    timeScale = scale
                default: throw GradingError("unknown grader argument: \(flag)")
                }
            }
        }

        /// The default arguments.
        public init() {}

        /// The arguments as a command line.
        public var commandLine: [String] {
            var line = ["--seed", String(seed), "--from", String(from), "--cases", String(cases)]
            line += ["--time-scale", String(timeScale)]
            line += exercises.sorted().flatMap { ["--exercise", String($0)] }
            if includeHidden { line.append("--hidden") }
            if recordsInputs { line.append("--record-inputs") }
            if let learner {
                line += ["--learner", learner, "--learner-module", learnerModule]
                line += ["--learner-compiled-from", learnerCompiledFrom, "--learner-label", learnerLabel]
            }
            if let scratch { line += ["--scratch", scratch] }
            return line
        }
    }

    private struct State {
        var events: FileHandle?
        var capture: String?
        var current: Int?
        var started = ContinuousClock.now
        var limit = Duration.seconds(3)
        var link: LearnerLink?
    }

    private static let state = Mutex(State())

    /// A grader's `main` for checks that run entirely in this process (the engine's self-test):
    /// runs `catalogue` and exits. Chapters use `main(errorTypes:catalogue:)`, which keeps learner
    /// code out of this process.
    public static func main(_ catalogue: Catalogue) -> Never {
        let arguments = parseArguments()
        TodoHandler.install { what, location in reportNotStartedAndExit(what: what, location: location) }
        redirectStandardOutput()
        run(catalogue, arguments: arguments)
        exit(0)
    }

    /// The trusted grader's `main`: starts the learner runner named by `--learner` in its sandbox,
    /// builds the catalogue with proxies over `peer`, runs it and exits. Learner code never runs here.
    /// - Parameter errorTypes: the chapter's errors, rebuilt by type when learner code throws them.
    public static func main(
        errorTypes: [String: @Sendable (Data) throws -> any Error],
        catalogue: (_ peer: RemotePeer) -> Catalogue
    ) -> Never {
        let arguments = parseArguments()
        if let marker = arguments.reapMarker { Reaper.reap(marker: marker) }
        if arguments.printsPlan {
            // The catalogue's shape needs no learner: a peer on /dev/null, never called.
            let nothing = open("/dev/null", O_RDWR)
            let peer = RemotePeer(input: nothing, output: nothing) { _ in exit(2) }
            FileHandle.standardOutput.write(Data(catalogue(peer).plan.committedText.utf8))
            exit(0)
        }
        guard let executable = arguments.learner, let scratch = arguments.scratch else {
            FileHandle.standardError.write(Data("grader: needs --learner PATH and --scratch DIR\n".utf8))
            exit(2)
        }
        // Checks make their temporary files where the runner may use them, and nowhere else.
        setenv("TMPDIR", scratch.hasSuffix("/") ? scratch : scratch + "/", 1)
        let sources = LearnerLink.Sources(
            module: arguments.learnerModule, compiledFrom: arguments.learnerCompiledFrom, label: arguments.learnerLabel)
        let link: LearnerLink
        do {
            link = try LearnerLink(executable: executable, scratch: scratch, sources: sources, errorTypes: errorTypes) {
                link, failure in
                let limit = state.withLock { $0.limit }
                endCurrentCheck(with: link.result(for: failure, limit: limit))
            }
        } catch {
            FileHandle.standardError.write(Data("grader: \(error)\n".utf8))
            exit(2)
        }
        state.withLock { $0.link = link }
        emit(.confinement(link.confinement))
        TodoHandler.install { what, location in reportNotStartedAndExit(what: what, location: location) }
        run(catalogue(link.peer), arguments: arguments)
        link.stop()
        exit(0)
    }

    private static func parseArguments() -> Arguments {
        do {
            return try Arguments(Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("grader: \(error)\n".utf8))
            exit(2)
        }
    }

    /// Ends the running check with `result` and the process; the supervisor resumes after it.
    static func endCurrentCheck(with result: CheckResult) -> Never {
        // The watchdog and a remote call's deadline may both get here: the first ends the check.
        parkUnlessFirstToEnd()
        if let index = state.withLock({ $0.current }) { finish(index: index, result: result) }
        state.withLock { $0.link }?.stop()
        exit(3)
    }

    /// Runs the checks in-process and emits events; `main` calls this after redirecting output.
    static func run(_ catalogue: Catalogue, arguments: Arguments) {
        let plan = catalogue.plan.filtered(to: arguments.exercises, includingHidden: arguments.includeHidden)
        emit(.plan(schemaVersion: GraderEvent.schemaVersion, seed: arguments.seed, plan: plan))
        let checks = catalogue.exercises.filter { plan.exercises.map(\.number).contains($0.number) }
            .flatMap(\.checks).filter { arguments.includeHidden || !$0.isHidden }
        for (index, check) in checks.enumerated() where index >= arguments.from {
            let limit = check.timeLimit * arguments.timeScale
            let link = state.withLock {
                $0.current = index
                $0.started = .now
                $0.limit = limit
                return $0.link
            }
            link?.peer.setDeadline(.now + limit)
            emit(.started(index: index))
            let context = CheckContext(
                seed: arguments.seed ^ stableHash(plan.checks[index].exercise + "/" + check.name),
                propertyCases: arguments.cases)
            let records = arguments.recordsInputs && check.kind != .property
            if records { InputLog.start() }
            var result = evaluate(check, context: context, within: limit)
            if records { result.inputs = InputLog.take() }
            finish(index: index, result: result)
        }
        emit(.done)
    }

    /// Runs one check on a thread of its own, within `limit`: a check that overruns (computing in
    /// this process, or awaiting a server or a subprocess) ends as timed out, and so does this
    /// process, which takes down whatever the check started; the supervisor starts the next check.
    static func evaluate(_ check: Check, context: CheckContext, within limit: Duration) -> CheckResult {
        let result = Mutex<CheckResult?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            result.withLock { $0 = evaluate(check, context: context) }
            done.signal()
        }
        thread.stackSize = 16 << 20  // as deep as the main thread's: shrinking and parsers recurse
        thread.start()
        // A little beyond the limit: a remote call's own deadline reports the input it was given.
        let grace = limit + .milliseconds(500)
        if done.wait(timeout: .now() + .nanoseconds(Int(clamping: grace.wholeNanoseconds))) == .timedOut {
            endCurrentCheck(
                with: CheckResult(
                    status: .timedOut,
                    message:
                        "timed out: the check took longer than its limit of \(limit.inSeconds.formatted()) s (an infinite loop, a deadlock, or far too slow); grading went on in a fresh process"
                ))
        }
        return result.withLock { $0! }
    }

    /// Runs one check and turns how it ended into a result.
    static func evaluate(_ check: Check, context: CheckContext) -> CheckResult {
        do {
            try check.body(context)
            return CheckResult(status: .passed)
        } catch let failure as CheckFailure {
            return CheckResult(
                status: .failed, message: failure.message, input: failure.input, expected: failure.expected,
                actual: failure.actual)
        } catch let marker as Unimplemented {
            return CheckResult(status: .notStarted, message: marker.description)
        } catch let skip as CheckSkipped {
            return CheckResult(status: .skipped, message: skip.reason)
        } catch {
            return CheckResult(status: .failed, message: "unexpected error: \(error)")
        }
    }

    /// Grades `catalogue` in this process, without crash isolation: for test suites that grade
    /// the reference and known-wrong implementations, which must not trap.
    public static func gradeInProcess(_ catalogue: Catalogue, seed: UInt64 = 1, cases: Int = 200) -> RunResult {
        let plan = catalogue.plan
        let started = ContinuousClock.now
        let results = zip(plan.checks, catalogue.exercises.flatMap(\.checks)).map { planned, check in
            evaluate(
                check,
                context: CheckContext(
                    seed: seed ^ stableHash(planned.exercise + "/" + check.name), propertyCases: cases))
        }
        return RunResult(plan: plan, seed: seed, results: results, elapsed: ContinuousClock.now - started)
    }

    private static let ending = Atomic<Bool>(false)

    /// Returns for the first thread that ends the process; parks every later one for good.
    private static func parkUnlessFirstToEnd() {
        if ending.exchange(true, ordering: .sequentiallyConsistent) {
            while true { pause() }
        }
    }

    /// Called by `todo()`: reports the running check as not started and ends the process.
    static func reportNotStartedAndExit(what: String, location: String) -> Never {
        let index = state.withLock { $0.current }
        guard let index else {
            fatalError("not implemented yet: \(what) (\(location))")
        }
        parkUnlessFirstToEnd()
        finish(index: index, result: CheckResult(status: .notStarted, message: "not implemented yet: \(what)"))
        state.withLock { $0.link }?.stop()  // the runner, and whatever it started, end here too
        exit(0)
    }

    private static func finish(index: Int, result: CheckResult) {
        var result = result
        let (capture, started, link) = state.withLock { ($0.capture, $0.started, $0.link) }
        if result.output == nil { result.output = link?.takeOutput() ?? takeCapturedOutput(path: capture) }
        let elapsed = ContinuousClock.now - started
        result.milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        emit(.finished(index: index, result: result))
    }

    private static func emit(_ event: GraderEvent) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(event) else { return }
        data.append(0x0A)
        let handle = state.withLock { $0.events } ?? FileHandle.standardOutput
        handle.write(data)
    }

    /// Moves the real standard output aside for events and points file descriptor 1 at a capture
    /// file, so a learner's `print` lands in the report's `output` rather than in the event stream.
    private static func redirectStandardOutput() {
        let eventsDescriptor = dup(STDOUT_FILENO)
        guard eventsDescriptor >= 0 else { return }
        let path = NSTemporaryDirectory() + "grader-output-\(getpid()).txt"
        let captureDescriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
        guard captureDescriptor >= 0, dup2(captureDescriptor, STDOUT_FILENO) >= 0 else { return }
        close(captureDescriptor)
        state.withLock {
            $0.events = FileHandle(fileDescriptor: eventsDescriptor, closeOnDealloc: false)
            $0.capture = path
        }
        atexit { _ = GraderProcess.state.withLock { $0.capture.map { unlink($0) } } }
    }

    private static func takeCapturedOutput(path: String?) -> String? {
        fflush(nil)
        guard let path, let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return nil }
        truncate(path, 0)
        let limit = 500
        let text = String(decoding: data.prefix(limit), as: UTF8.self)
        return data.count > limit ? text + "… (\(data.count - limit) more bytes)" : text
    }
}

/// An error in how the engine was used (bad arguments, a broken grader).
public struct GradingError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw GradingError(message) }
        return self
    }
}
