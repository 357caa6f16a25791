import Foundation
import ProcessSandbox
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What a SIGKILL of the CLI would leave behind: the grader and the learner runner die with their
/// parents (`PR_SET_PDEATHSIG`), but a process the learner's code started and detached (`setsid`,
/// a double fork) would live on, adopted by init, because without privileges there is no PID
/// namespace or cgroup to hold it. So each run marks the runner's environment, which every process
/// it starts inherits, and starts a reaper that outlives the CLI: it waits on a pipe that only the
/// CLI holds open, and once the CLI is gone, killed or not, it kills every marked process.
enum Reaper {
    /// The environment variable that marks a run's processes.
    static let variable = "WORKBOOK_RUN"
    /// The reaper of the run in progress, which the killing of orphans spares (it is this
    /// process's child too).
    static let running = Mutex<pid_t>(0)

    /// Starts the reaper of a run (the grader executable in `--reap` mode). Returns the marker, to
    /// put in the grader's environment (which passes it to the runner), and the pipe's write end,
    /// to close when the run is over; `nil` when no reaper could be started.
    static func start(executable: URL) -> (marker: String, pipe: Int32)? {
        let marker = (0..<4).map { _ in String(UInt32.random(in: 0...UInt32.max), radix: 16) }.joined()
        guard let pipe = try? Sandbox.pipe() else { return nil }
        var options = Sandbox.Options.trusted
        options.diesWithParent = false
        var environment = ProcessInfo.processInfo.environment
        environment[variable] = nil  // the reaper must not find itself
        let devNull = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer {
            close(pipe.read)
            close(devNull)
        }
        guard
            let child = try? Sandbox.spawn(
                executable.path, arguments: ["--reap", marker], environment: environment,
                descriptors: [pipe.read, devNull, devNull], options: options, confine: false)
        else {
            close(pipe.write)
            return nil
        }
        running.withLock { $0 = child.pid }
        return (marker, pipe.write)
    }

    /// The reaper's main: waits until standard input ends (the CLI has gone), then kills every
    /// process that carries `marker`, until none is left.
    static func reap(marker: String) -> Never {
        var byte: UInt8 = 0
        while read(STDIN_FILENO, &byte, 1) != 0 && errno == EINTR {}
        for _ in 0..<50 where killMarked(marker) > 0 { usleep(20_000) }
        exit(0)
    }

    /// Kills the processes whose environment holds `variable=marker`; returns how many.
    @discardableResult
    static func killMarked(_ marker: String) -> Int {
        let needle = Array("\(variable)=\(marker)".utf8) + [0]
        var killed = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(name), pid != getpid(),
                let environ = FileManager.default.contents(atPath: "/proc/\(name)/environ")
            else { continue }
            let bytes = [UInt8](environ)
            let entries = bytes.split(separator: 0, omittingEmptySubsequences: true)
            if entries.contains(where: { Array($0) + [0] == needle }), kill(pid, SIGKILL) == 0 { killed += 1 }
        }
        return killed
    }
}
