import Foundation
import ProcessSandbox
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program to completion: standard output and standard error read at the same time (a
/// child that fills one pipe while the other is being drained never deadlocks), an optional time
/// limit, and its whole process group killed when it ends. The CLI, checks and tests all use it.
public enum Subprocess {
    /// How a program ended, and what it printed.
    public struct Result: Sendable {
        /// The exit code, or 128 + the signal that killed it.
        public var status: Int32
        /// Standard output and standard error, as bytes.
        public var output: Data
        public var error: Data
        /// Whether it was killed for exceeding the time limit.
        public var timedOut: Bool

        /// Standard output as text.
        public var outputText: String { String(decoding: output, as: UTF8.self) }
        /// Standard error as text.
        public var errorText: String { String(decoding: error, as: UTF8.self) }
        /// Both, standard output first: what a person reads when it failed.
        public var combinedText: String {
            [outputText, errorText].filter { !$0.isEmpty }.joined(separator: outputText.hasSuffix("\n") ? "" : "\n")
        }
    }

    /// Runs `command` (a path, or a name looked up in `PATH`) with `arguments` in `directory`.
    /// - Parameters:
    ///   - environment: the child's environment (default: this process's).
    ///   - input: written to its standard input, which is then closed (default: /dev/null).
    ///   - timeLimit: after this long the process group is killed and `timedOut` set.
    /// - Throws: `GradingError` when the program cannot be found or started.
    public static func run(
        _ command: String, _ arguments: [String], in directory: URL? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, input: Data? = nil,
        timeLimit: Duration? = nil
    ) throws -> Result {
        // A child that exits before reading all of `input` must not kill this process.
        signal(SIGPIPE, SIG_IGN)
        guard let executable = resolve(command, path: environment["PATH"]) else {
            throw GradingError("cannot run \(command): not found in PATH")
        }
        let stdin = try Sandbox.pipe()
        let stdout = try Sandbox.pipe()
        let stderr = try Sandbox.pipe()
        var options = Sandbox.Options.trusted
        options.scratch = directory?.path
        let child: Sandbox.Child
        do {
            child = try Sandbox.spawn(
                executable, arguments: arguments, environment: environment,
                descriptors: [stdin.read, stdout.write, stderr.write], options: options, confine: false)
        } catch {
            for fd in [stdin.read, stdin.write, stdout.read, stdout.write, stderr.read, stderr.write] { close(fd) }
            throw GradingError("cannot run \(command): \(error)")
        }
        for fd in [stdin.read, stdout.write, stderr.write] { close(fd) }
        let output = Collector(reading: stdout.read)
        let errors = Collector(reading: stderr.read)
        let writer = Thread { [stdinWrite = stdin.write] in
            if let input {
                var offset = 0
                let bytes = [UInt8](input)
                while offset < bytes.count {
                    let written = write(stdinWrite, Array(bytes[offset...]), bytes.count - offset)
                    if written <= 0 && errno != EINTR { break }
                    if written > 0 { offset += written }
                }
            }
            close(stdinWrite)
        }
        writer.start()
        let exited = DispatchSemaphore(value: 0)
        let status = Mutex<Int32>(0)
        Thread.detachNewThread {
            var raw: Int32 = 0
            while waitpid(child.pid, &raw, 0) < 0 && errno == EINTR {}
            status.withLock { $0 = raw }
            exited.signal()
        }
        var timedOut = false
        if let timeLimit {
            let nanoseconds = UInt64(max(0, timeLimit.wholeNanoseconds))
            if exited.wait(timeout: .now() + .nanoseconds(Int(min(nanoseconds, UInt64(Int.max))))) == .timedOut {
                timedOut = true
                Sandbox.kill(child)
                exited.wait()
            }
        } else {
            exited.wait()
        }
        // Whatever it left in its group would hold the pipes open.
        Sandbox.kill(child)
        let raw = status.withLock { $0 }
        let code = raw & 0x7F != 0 ? 128 + (raw & 0x7F) : (raw >> 8) & 0xFF
        // A descendant that left the group may still hold a pipe: stop waiting for it soon.
        let grace: Duration = timedOut ? .seconds(2) : .seconds(10)
        return Result(
            status: code, output: output.finish(within: grace), error: errors.finish(within: grace),
            timedOut: timedOut)
    }

    /// `command` itself when it holds a slash, else the first executable of that name in `path`.
    static func resolve(_ command: String, path: String?) -> String? {
        if command.contains("/") { return command }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(command)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Reads a descriptor to its end on a thread of its own.
    private final class Collector: @unchecked Sendable {
        private let data = Mutex(Data())
        private let done = DispatchSemaphore(value: 0)

        init(reading fd: Int32) {
            Thread.detachNewThread { [self] in
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = read(fd, &buffer, buffer.count)
                    if count < 0 && errno == EINTR { continue }
                    if count <= 0 { break }
                    data.withLock { $0.append(contentsOf: buffer[0..<count]) }
                }
                close(fd)
                done.signal()
            }
        }

        /// Everything read, once the writer side has closed (or `limit` has passed).
        func finish(within limit: Duration) -> Data {
            _ = done.wait(timeout: .now() + .milliseconds(Int(limit.wholeNanoseconds / 1_000_000)))
            return data.withLock { $0 }
        }
    }
}
