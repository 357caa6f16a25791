import Dispatch
import Foundation
import ProcessSandbox
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The CLI's side of the protocol: runs a grader executable as a child process, enforces a
/// per-check wall-clock limit, and when the child dies or hangs records which check it was in and
/// grades the remaining checks in a fresh child.
public struct GraderSupervisor: Sendable {
    /// The grader executable.
    public var executable: URL
    /// What to ask of it.
    public var arguments: GraderProcess.Arguments
    /// How long one check may run before the child is killed.
    public var checkTimeout: Duration
    /// How long the child may take to send its plan.
    public var startupTimeout: Duration = .seconds(30)
    /// Whether this process adopts what a dead grader leaves running and kills it after each
    /// grader. Only for a process whose every child is a grader (the CLI), never a test runner.
    public var adoptsOrphans = false

    /// Creates a supervisor.
    public init(executable: URL, arguments: GraderProcess.Arguments, checkTimeout: Duration = .seconds(3)) {
        self.executable = executable
        self.arguments = arguments
        self.checkTimeout = checkTimeout
    }

    /// Runs every check and returns the results. `progress` is called as each check finishes.
    /// - Throws: `GradingError` when the grader cannot start or never sends a plan.
    public func run(progress: (Int, PlannedCheck, CheckResult) -> Void = { _, _, _ in }) throws -> RunResult {
        let started = ContinuousClock.now
        // The CLI's run: it adopts a dead grader's orphans, stops on Ctrl-C, and leaves a reaper
        // for what a learner detached, should the CLI itself be killed.
        let reaper = adoptsOrphans ? Reaper.start(executable: executable) : nil
        defer { if let reaper { close(reaper.pipe) } }
        if adoptsOrphans {
            Sandbox.adoptOrphans()
            Interruption.install()
        }
        var machine = SupervisorMachine(
            from: arguments.from, checkTimeout: checkTimeout, startupTimeout: startupTimeout)
        var pending = machine.begin(now: .now)
        var child: ChildProcess?
        var deadline = ContinuousClock.now + startupTimeout
        while true {
            // Carry out the machine's actions; then feed it the next thing the grader does.
            while !pending.isEmpty {
                switch pending.removeFirst() {
                case .waitUntil(let instant): deadline = instant
                case .report(let index, let check, let result): progress(index, check, result)
                case .kill: child?.kill()
                case .start(let from):
                    var childArguments = arguments
                    childArguments.from = from
                    child = try ChildProcess(
                        executable: executable, arguments: childArguments.commandLine, killsOrphans: adoptsOrphans,
                        mark: reaper?.marker)
                    if adoptsOrphans { Interruption.running.withLock { $0 = child?.sandboxChild } }
                case .finish(let plan, let results):
                    var result = RunResult(
                        plan: plan, seed: arguments.seed, results: results, elapsed: ContinuousClock.now - started)
                    result.confinement = machine.confinement
                    return result
                case .fail(let message):
                    if let child { _ = child.waitForExit() }
                    throw GradingError(message)
                }
            }
            guard let running = child else { throw GradingError("the supervisor has no grader to watch") }
            let input: SupervisorMachine.Input
            switch running.nextLine(until: deadline) {
            case .line(let line):
                input =
                    (try? JSONDecoder().decode(GraderEvent.self, from: Data(line.utf8))).map { .event($0) }
                    ?? .unreadable
            case .timedOut:
                input = .deadlinePassed
            case .endOfStream:
                let ended = running.waitForExit()
                input = .ended(reason: ended.reason, stderr: ended.stderrTail)
            }
            pending = machine.handle(input, now: .now)
        }
    }
}

/// All the results of one run, aligned with the plan's checks.
public struct RunResult: Sendable {
    /// What ran.
    public var plan: Plan
    /// The seed that replays it.
    public var seed: UInt64
    /// One result per planned check, in plan order.
    public var results: [CheckResult]
    /// Wall-clock time of the whole run.
    public var elapsed: Duration
    /// The files graded, when they came from a candidate's folder (`grade --from`).
    public var submission: SubmissionFiles? = nil
    /// Whose files, and when, on an interviewer's score card.
    public var candidate: String? = nil
    public var graded: String? = nil
    /// How alike the candidate's files are to the reference and to other kept cards'.
    public var similarity: SubmissionSimilarity? = nil
    /// How the learner runner was confined while it ran the candidate's code.
    public var confinement: String? = nil

    /// Creates a run result.
    public init(plan: Plan, seed: UInt64, results: [CheckResult], elapsed: Duration = .zero) {
        self.plan = plan
        self.seed = seed
        self.results = results
        self.elapsed = elapsed
    }

    /// Results of one exercise with their planned checks.
    public func checks(of exercise: Plan.ExerciseInfo) -> [(PlannedCheck, CheckResult)] {
        zip(plan.checks, results).filter { $0.0.exercise == exercise.id }
    }

    /// Points earned in one exercise.
    public func points(of exercise: Plan.ExerciseInfo) -> Int {
        checks(of: exercise).reduce(0) { $0 + ($1.1.status == .passed ? $1.0.points : 0) }
    }

    /// The exercise's overall status: passed when every check passed, not started when every
    /// check reported the starter's marker, failed otherwise.
    public func status(of exercise: Plan.ExerciseInfo) -> CheckResult.Status {
        let statuses = checks(of: exercise).map(\.1.status)
        if statuses.allSatisfy({ $0 == .passed }) { return .passed }
        if statuses.allSatisfy({ $0 == .notStarted }) { return .notStarted }
        if statuses.contains(.crashed) { return .crashed }
        if statuses.contains(.timedOut) { return .timedOut }
        if statuses.contains(.skipped) && !statuses.contains(.failed) { return .skipped }
        return .failed
    }

    /// Points earned in all.
    public var points: Int { plan.exercises.reduce(0) { $0 + points(of: $1) } }
    /// Points available in all.
    public var maxPoints: Int { plan.exercises.reduce(0) { $0 + $1.points } }
}

/// A child process whose standard output is read line by line with deadlines.
final class ChildProcess: @unchecked Sendable {
    enum Read {
        case line(String)
        case timedOut, endOfStream
    }

    struct Ended {
        var reason: String
        var stderrTail: String?
        var stderrSuffix: String { stderrTail.map { ":\n" + $0 } ?? "" }
    }

    private let child: Sandbox.Child
    private let lines = Mutex<(queue: [String], ended: Bool)>(([], false))
    private let available = DispatchSemaphore(value: 0)
    private let stderrBuffer = Mutex<[UInt8]>([])
    private let readersDone = DispatchGroup()

    /// Starts the grader in a process group of its own that dies with this process, so that
    /// neither it nor anything it started outlives a killed CLI.
    private let killsOrphans: Bool

    init(executable: URL, arguments: [String], killsOrphans: Bool, mark: String? = nil) throws {
        self.killsOrphans = killsOrphans
        let output: (read: Int32, write: Int32)
        let errors: (read: Int32, write: Int32)
        do {
            (output, errors) = (try Sandbox.pipe(), try Sandbox.pipe())
        } catch {
            throw GradingError("cannot start the grader: \(error)")
        }
        // A trap's message is what the learner needs, not the runtime's full backtrace.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment[Reaper.variable] = mark
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { for fd in [devNull, output.write, errors.write] { close(fd) } }
        do {
            child = try Sandbox.spawn(
                executable.path, arguments: arguments, environment: environment,
                descriptors: [devNull, output.write, errors.write], options: .trusted, confine: false)
        } catch {
            close(output.read)
            close(errors.read)
            throw GradingError("cannot start the grader \(executable.path): \(error)")
        }
        let outHandle = FileHandle(fileDescriptor: output.read, closeOnDealloc: true)
        let errHandle = FileHandle(fileDescriptor: errors.read, closeOnDealloc: true)
        readersDone.enter()
        Thread.detachNewThread { [self] in
            var pending: [UInt8] = []
            while true {
                let data = outHandle.availableData
                if data.isEmpty { break }
                pending.append(contentsOf: data)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    lines.withLock { $0.queue.append(line) }
                    available.signal()
                }
                if pending.count > 16 << 20 { pending.removeAll() }  // not an event: events are short lines
            }
            lines.withLock { $0.ended = true }
            available.signal()
            readersDone.leave()
        }
        readersDone.enter()
        Thread.detachNewThread { [self] in
            while true {
                let data = errHandle.availableData
                if data.isEmpty { break }
                stderrBuffer.withLock {
                    $0.append(contentsOf: data)
                    if $0.count > 16_384 { $0.removeFirst($0.count - 16_384) }
                }
            }
            readersDone.leave()
        }
    }

    func nextLine(until deadline: ContinuousClock.Instant) -> Read {
        while true {
            let next: Read? = lines.withLock { state in
                if !state.queue.isEmpty { return .line(state.queue.removeFirst()) }
                return state.ended ? .endOfStream : nil
            }
            if let next { return next }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return .timedOut }
            if available.wait(timeout: .now() + .nanoseconds(Int(clamping: remaining.wholeNanoseconds))) == .timedOut {
                return .timedOut
            }
        }
    }

    /// The diagnostic lines of a crash, without the runtime's stack trace that follows them.
    static func withoutBacktrace(_ text: String) -> [Substring] {
        var kept: [Substring] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Current stack trace:") || line.hasPrefix("Stack dump:") || line.hasPrefix("💣") { break }
            if line.range(of: #"^\s*\d+\s+\S+\s+0x[0-9a-f]+"#, options: .regularExpression) != nil { continue }
            kept.append(line)
        }
        return kept.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    func kill() { Sandbox.kill(child) }

    var sandboxChild: Sandbox.Child { child }

    func waitForExit() -> Ended {
        var raw: Int32 = 0
        while waitpid(child.pid, &raw, 0) < 0 && errno == EINTR {}
        // Whatever the grader left in its process group, or orphaned, goes with it. A grader that
        // was killed could not stop its learner runner, whose children reach this process only
        // once the runner has died of its parent's death: wait until no more arrive.
        Sandbox.kill(child)
        if killsOrphans {
            var quiet = 0
            for _ in 0..<(raw & 0x7F != 0 ? 20 : 1) {
                quiet = Sandbox.killOrphans(sparing: Reaper.running.withLock { $0 }) == 0 ? quiet + 1 : 0
                if quiet >= 3 { break }
                usleep(50_000)
            }
        }
        _ = readersDone.wait(timeout: .now() + 2)
        let signal = raw & 0x7F
        let reason = signal != 0 ? signalDescription(signal) : "exit code \((raw >> 8) & 0xFF)"
        let text = stderrBuffer.withLock { String(decoding: $0, as: UTF8.self) }
        let lines = Self.withoutBacktrace(text).suffix(12).joined(separator: "\n")
        return Ended(reason: reason, stderrTail: lines.isEmpty ? nil : String(lines.suffix(1_500)))
    }
}

/// A signal number as a person reads it.
func signalDescription(_ signal: Int32) -> String {
    let names: [Int32: String] = [
        SIGILL:
            "SIGILL: a Swift runtime trap such as fatalError, a failed precondition, an overflow or an out-of-range index",
        SIGTRAP:
            "SIGTRAP: a Swift runtime trap such as fatalError, a failed precondition, an overflow or an out-of-range index",
        SIGSEGV: "SIGSEGV: a bad memory access or a stack overflow (deep recursion)",
        SIGBUS: "SIGBUS: a bad memory access",
        SIGABRT: "SIGABRT: the process aborted",
        SIGKILL: "SIGKILL: killed",
        SIGFPE: "SIGFPE: an arithmetic error such as division by zero",
    ]
    return "signal \(signal), " + (names[signal] ?? "uncaught signal")
}

extension RunResult {
    /// One line per check that did not pass: exercise, check, status and message.
    public var failureSummary: String {
        zip(plan.checks, results).filter { $0.1.status != .passed }
            .map { "\($0.0.exercise) \($0.0.name): \($0.1.status.rawValue) \($0.1.message ?? "") \($0.1.actual ?? "")" }
            .joined(separator: "\n")
    }

    /// What is wrong with a deliberately wrong implementation's run, for instructors' tests: it
    /// must lose points in `exercise` and only there. Empty when the catalogue caught it cleanly.
    public func mutantProblems(exercise: String) -> [String] {
        guard let target = plan.exercises.first(where: { $0.id == exercise }) else {
            return ["no exercise \(exercise)"]
        }
        var problems: [String] = []
        if points(of: target) == target.points { problems.append("kept full marks in \(exercise)") }
        for other in plan.exercises where other.id != exercise && points(of: other) != other.points {
            problems.append("also lost points in \(other.id):\n\(failureSummary)")
        }
        return problems
    }
}

/// Ctrl-C (or Ctrl-\\, a hang-up, a `kill`) of the CLI while it grades: the grader goes, and so does everything its
/// learner runner started, which reaches this process (a subreaper) once the runner has died.
/// (A SIGKILL of the CLI cannot be caught: then the grader and runner still die with their
/// parent, but a process the learner started and detached may outlive them.)
public enum Interruption {
    static let running = Mutex<Sandbox.Child?>(nil)
    private static let sources = Mutex<[any DispatchSourceSignal]>([])
    private static let cleanups = Mutex<[@Sendable () -> Void]>([])

    /// Runs `cleanup` when Ctrl-C or a `kill` ends the CLI (a terminal's modes to restore), and
    /// takes over those signals from now on, so that it runs between gradings too.
    public static func onInterrupt(_ cleanup: @escaping @Sendable () -> Void) {
        cleanups.withLock { $0.append(cleanup) }
        install()
    }

    static func install() {
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    if let child = running.withLock({ $0 }) { Sandbox.kill(child) }
                    var quiet = 0
                    for _ in 0..<40 where quiet < 3 {
                        quiet = Sandbox.killOrphans(sparing: Reaper.running.withLock { $0 }) == 0 ? quiet + 1 : 0
                        usleep(50_000)
                    }
                    for cleanup in cleanups.withLock({ $0 }) { cleanup() }
                    _exit(128 + number)
                }
                source.resume()
                sources.append(source)
            }
        }
    }
}
