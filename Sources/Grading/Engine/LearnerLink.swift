import Dispatch
import Foundation
import ProcessSandbox
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The trusted grader's connection to the learner runner: starts it in the sandbox, holds the
/// peer that the chapter's proxies call through, captures what learner code prints, and turns a
/// call that got no answer into the current check's result: crashed or timed out, with the input.
public final class LearnerLink: @unchecked Sendable {
    /// Where the learner's code lives, so that reports name its files as the learner knows them.
    public struct Sources: Sendable {
        /// The module the learner's files are compiled into (`WebhookExercise`).
        public var module: String
        /// The folder the runner was compiled from (the shadow package's copy).
        public var compiledFrom: String
        /// How reports name that folder (`Exercises/webhook/`).
        public var label: String

        public init(module: String, compiledFrom: String, label: String) {
            self.module = module
            self.compiledFrom = compiledFrom
            self.label = label
        }

        /// `text` with compiled paths replaced by the learner's own.
        public func relabel(_ text: String) -> String {
            var text = text.replacingOccurrences(
                of: compiledFrom.hasSuffix("/") ? compiledFrom : compiledFrom + "/", with: label)
            text = text.replacingOccurrences(of: module + "/", with: label)
            return text
        }
    }

    /// The peer the proxies call.
    public private(set) var peer: RemotePeer!
    /// What confines the runner, for reports.
    public let confinement: String
    private let child: Sandbox.Child
    private let sources: Sources
    private let output = CapturedStream(limit: 64 << 10)
    private let errors = CapturedStream(limit: 64 << 10)
    private let exitStatus = Mutex<Int32?>(nil)
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `executable` confined to `scratch`.
    /// - Parameter errorTypes: the chapter's errors, rebuilt by type when learner code throws them.
    public init(
        executable: String, scratch: String, sources: Sources,
        errorTypes: [String: @Sendable (Data) throws -> any Error],
        onFailure: @escaping @Sendable (LearnerLink, RemoteFailure) -> Never
    ) throws {
        self.sources = sources
        let calls: (read: Int32, write: Int32)
        let answers: (read: Int32, write: Int32)
        let out: (read: Int32, write: Int32)
        let err: (read: Int32, write: Int32)
        do {
            (calls, answers, out, err) = (
                try Sandbox.pipe(), try Sandbox.pipe(), try Sandbox.pipe(), try Sandbox.pipe()
            )
        } catch {
            throw GradingError("\(error)")
        }
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        var environment = [
            "PATH": "/usr/bin:/bin", "HOME": scratch, "TMPDIR": scratch, "LANG": "C.UTF-8",
            // The runtime's backtracer names the trap and the learner's line; no colour, no prompt.
            "SWIFT_BACKTRACE":
                "enable=yes,interactive=no,color=no,sanitize=no,threads=crashed,registers=none,images=none,limit=16,top=4,preset=medium",
        ]
        // The run's mark, which every process the learner starts inherits: the reaper finds them by it.
        environment[Reaper.variable] = ProcessInfo.processInfo.environment[Reaper.variable]
        let executable = URL(fileURLWithPath: executable).standardizedFileURL.path
        let folder = URL(fileURLWithPath: executable).deletingLastPathComponent().path
        Sandbox.adoptOrphans()
        do {
            child = try Sandbox.spawn(
                executable, arguments: [], environment: environment,
                descriptors: [devNull, out.write, err.write, calls.read, answers.write],
                options: .learner(scratch: scratch, readable: [folder, sources.compiledFrom]), confine: true)
        } catch {
            for fd in [
                devNull, out.read, out.write, err.read, err.write, calls.read, calls.write, answers.read, answers.write,
            ] {
                close(fd)
            }
            throw GradingError("\(error)")
        }
        for fd in [devNull, out.write, err.write, calls.read, answers.write] { close(fd) }
        confinement = child.confinement
        output.start(reading: out.read)
        errors.start(reading: err.read)
        let pid = child.pid
        let callsWrite = calls.write
        Thread.detachNewThread { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            exitStatus.withLock { $0 = status }
            exited.signal()
            close(callsWrite)  // the peer's reader then sees the end and fails outstanding calls
        }
        peer = RemotePeer(
            input: answers.read, output: calls.write, errorTypes: errorTypes, reading: .whileCalling
        ) { [unowned self] failure in
            onFailure(self, failure)
        }
    }

    /// What learner code printed since the last call, capped.
    public func takeOutput() -> String? {
        let text = [output.take(), errors.take()].compactMap { $0 }.joined(separator: "\n")
        return text.isEmpty ? nil : sources.relabel(text)
    }

    /// Stops the runner and everything it started.
    public func stop() {
        Sandbox.kill(child)
        _ = exited.wait(timeout: .now() + 2)
        Sandbox.killOrphans()
    }

    /// The result a check gets when a call into learner code got no answer. Stops the runner.
    public func result(for failure: RemoteFailure, limit: Duration) -> CheckResult {
        let call = "\(failure.method)(\(failure.input))"
        switch failure.kind {
        case .timedOut:
            stop()
            let seconds = limit.inSeconds
            return CheckResult(
                status: .timedOut,
                message:
                    "timed out after \(seconds.formatted()) s in \(failure.method) (an infinite loop, a deadlock, or far too slow)",
                input: failure.input, output: takeOutput())
        case .protocolError:
            stop()
            return CheckResult(
                status: .crashed,
                message: "the learner runner broke the grading protocol in \(call): \(failure.detail)",
                input: failure.input, output: takeOutput())
        case .ended:
            // The runner's backtracer may still be writing; its exit comes once it is done.
            if exited.wait(timeout: .now() + 5) == .timedOut { stop() }
            let status = exitStatus.withLock { $0 } ?? 0
            let stderr = errors.take() ?? ""
            let crash = CrashReport(stderr: sources.relabel(stderr), status: status, sources: sources)
            return CheckResult(
                status: .crashed, message: crash.message(in: failure.method), input: failure.input,
                output: output.take().map(sources.relabel))
        }
    }
}

/// What a learner runner's death says: the trap, the learner's line, the signal.
struct CrashReport {
    var trap: String?
    var location: String?
    var signal: Int32?
    var exitCode: Int32?
    var memory = false

    init(stderr: String, status: Int32, sources: LearnerLink.Sources) {
        let signalled = status & 0x7F
        if signalled != 0 { signal = signalled } else { exitCode = (status >> 8) & 0xFF }
        for line in stderr.split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if trap == nil, text.hasPrefix("*** Swift runtime failure:") {
                trap = String(text.dropFirst(4).dropLast(text.hasSuffix("***") ? 4 : 0))
                    .trimmingCharacters(in: .whitespaces)
            } else if trap == nil, let range = text.range(of: "Fatal error:") {
                trap = "Fatal error:" + text[range.upperBound...]
                let before = text[..<range.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: ": "))
                if location == nil, before.hasPrefix(sources.label) { location = before }
            } else if trap == nil, text.hasPrefix("*** Program crashed:") || text.hasPrefix("💣 Program crashed:") {
                trap = String(text.drop { $0 != ":" }.dropFirst()).trimmingCharacters(
                    in: CharacterSet(charactersIn: " *"))
            }
            if text.contains("failed to allocate") || text.localizedCaseInsensitiveContains("allocate memory")
                || text.contains("Cannot allocate")
            {
                memory = true
            }
            if location == nil, let at = text.range(of: " at " + sources.label) {
                location = String(text[at.upperBound...]).split(separator: ":").prefix(2).joined(separator: ":")
                location = sources.label + (location ?? "")
            }
        }
    }

    func message(in method: String) -> String {
        var parts = ["crashed in \(method)"]
        if memory {
            parts[0] += ": exceeded \(Sandbox.learnerMemoryMegabytes) MB (the learner runner's memory cap)"
        } else if let trap {
            parts[0] += ": \(trap)"
        } else if let signal {
            parts[0] += ": \(signalDescription(signal))"
        } else if let exitCode {
            parts[0] += ": the learner runner exited with code \(exitCode)"
        }
        if let location { parts.append("at \(location)") }
        return parts.joined(separator: " ")
    }
}

/// A child's output stream read on a thread of its own, keeping at most `limit` bytes between
/// takes and counting the rest.
final class CapturedStream: @unchecked Sendable {
    private let limit: Int
    private let buffer = Mutex<(bytes: [UInt8], dropped: Int)>(([], 0))

    init(limit: Int) { self.limit = limit }

    func start(reading descriptor: Int32) {
        Thread.detachNewThread { [self] in
            var chunk = [UInt8](repeating: 0, count: 16_384)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                buffer.withLock {
                    let room = max(0, limit - $0.bytes.count)
                    $0.bytes.append(contentsOf: chunk[..<min(count, room)])
                    $0.dropped += count - min(count, room)
                }
            }
            close(descriptor)
        }
    }

    /// What arrived since the last take, cut to 2000 characters with the rest counted.
    func take() -> String? {
        let (bytes, dropped) = buffer.withLock { state in
            defer { state = ([], 0) }
            return (state.bytes, state.dropped)
        }
        guard !bytes.isEmpty else { return nil }
        let shown = 2_000
        let text = String(decoding: bytes.prefix(shown), as: UTF8.self)
        let more = bytes.count - min(bytes.count, shown) + dropped
        return more > 0 ? text + "… (\(more) more bytes)" : text
    }
}
