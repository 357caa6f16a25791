import CSandbox
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts processes confined as far as the kernel allows without privileges: Landlock (the
/// scratch folder is the only writable tree; no TCP; no signals or abstract sockets outside),
/// new network and PID namespaces when permitted, resource limits, a process group of its own,
/// and death with its parent.
public enum Sandbox {
    /// How to confine a child.
    public struct Options: Sendable {
        /// Working directory and only writable tree; `nil` leaves the file system open.
        public var scratch: String?
        /// Trees the child may read and execute from (with `scratch` set).
        public var readable: [String] = [
            "/usr", "/lib", "/lib64", "/lib32", "/bin", "/etc", "/opt", "/proc", "/dev", "/sys",
        ]
        /// Single files it may also write.
        public var writableFiles: [String] = ["/dev/null"]
        /// Try a new network namespace.
        public var namespaces = true
        /// Address-space cap in bytes (0: inherited).
        public var addressSpace: Int64 = 0
        /// CPU seconds (0: inherited).
        public var cpuSeconds: Int64 = 0
        /// Largest file it may write, in bytes (0: inherited).
        public var fileSize: Int64 = 0
        /// Open descriptors (0: inherited).
        public var openFiles: Int64 = 0
        /// Processes of the user (0: inherited; root is exempt).
        public var processes: Int64 = 0
        /// Killed when the thread that started it ends (`PR_SET_PDEATHSIG`); off only for a helper
        /// that must outlive its parent (the reaper of a killed CLI's leftovers).
        public var diesWithParent = true

        /// No confinement beyond a process group and death with the parent: for the trusted grader.
        public static var trusted: Options {
            var options = Options()
            options.namespaces = false
            return options
        }

        /// The learner runner's confinement in `scratch`.
        public static func learner(scratch: String, readable extra: [String]) -> Options {
            var options = Options()
            options.scratch = scratch
            options.readable += extra
            options.addressSpace = Int64(learnerMemoryMegabytes) << 20
            options.cpuSeconds = 300
            options.fileSize = 64 << 20
            options.openFiles = 256
            options.processes = 256
            return options
        }
    }

    /// The learner runner's address-space cap.
    public static let learnerMemoryMegabytes = 2_048

    /// A started child.
    public struct Child: Sendable {
        /// Its process id (and process group id).
        public var pid: pid_t
        /// The Landlock ABI that confines it (0: none).
        public var landlockABI: Int
        /// Whether it runs in its own network and PID namespaces.
        public var namespaces: Bool
        /// The resource limits set on it, as a person reads them.
        public var limits: [String] = []

        /// What confines it, for reports and score cards.
        public var confinement: String {
            var parts: [String] = []
            if landlockABI > 0 {
                var landlock = "Landlock ABI \(landlockABI): writes only in its scratch folder"
                if landlockABI >= 4 { landlock += ", no TCP" }
                if landlockABI >= 6 { landlock += ", no signals or abstract sockets outside itself" }
                parts.append(landlock)
            } else {
                parts.append("no Landlock (kernel without it)")
            }
            parts.append(namespaces ? "own network namespace" : "no network namespace")
            if !limits.isEmpty { parts.append("limits: " + limits.joined(separator: ", ")) }
            return parts.joined(separator: "; ")
        }
    }

    /// A pipe whose ends close on exec: (read end, write end).
    public static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard fds.withUnsafeMutableBufferPointer({ csandbox_pipe($0.baseAddress!) }) == 0 else {
            throw SandboxError(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        return (fds[0], fds[1])
    }

    /// The running kernel's Landlock ABI (0: none).
    public static var landlockABI: Int { Int(csandbox_landlock_abi()) }

    /// Starts `executable`; the child's descriptors 0, 1, 2, … are `descriptors`, all others closed.
    public static func spawn(
        _ executable: String, arguments: [String], environment: [String: String], descriptors: [Int32],
        options: Options, confine: Bool
    ) throws -> Child {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let readable = options.readable.map { strdup($0) }
        let writable = options.writableFiles.map { strdup($0) }
        defer {
            for pointer in argv + envp + readable + writable { free(pointer) }
        }
        var result = csandbox_result()
        var error = [CChar](repeating: 0, count: 512)
        let scratch = options.scratch.map { strdup($0) } ?? nil
        defer { free(scratch) }
        let status = readable.map { $0.map { UnsafePointer($0) } }.withUnsafeBufferPointer { readPaths in
            writable.map { $0.map { UnsafePointer($0) } }.withUnsafeBufferPointer { writeFiles in
                var raw = csandbox_options()
                raw.scratch = UnsafePointer(scratch)
                raw.read_paths = readPaths.baseAddress
                raw.read_count = Int32(readPaths.count)
                raw.write_files = writeFiles.baseAddress
                raw.write_count = Int32(writeFiles.count)
                raw.landlock = confine && options.scratch != nil ? 1 : 0
                raw.namespaces = confine && options.namespaces ? 1 : 0
                raw.new_process_group = 1
                raw.parent_death_signal = options.diesWithParent ? SIGKILL : 0
                if confine {
                    raw.address_space_bytes = options.addressSpace
                    raw.cpu_seconds = options.cpuSeconds
                    raw.file_size_bytes = options.fileSize
                    raw.open_files = options.openFiles
                    raw.processes = options.processes
                }
                return csandbox_spawn(
                    executable, argv, envp, descriptors, Int32(descriptors.count), &raw, &result, &error, error.count)
            }
        }
        guard status == 0 else {
            throw SandboxError(
                description:
                    "cannot start \(executable): \(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))"
            )
        }
        var child = Child(pid: result.pid, landlockABI: Int(result.landlock_abi), namespaces: result.namespaces != 0)
        if confine {
            child.limits = [
                options.addressSpace > 0 ? "memory \(options.addressSpace >> 20) MB" : nil,
                options.cpuSeconds > 0 ? "CPU \(options.cpuSeconds) s" : nil,
                options.fileSize > 0 ? "files up to \(options.fileSize >> 20) MB" : nil,
                options.openFiles > 0 ? "\(options.openFiles) open files" : nil,
                // RLIMIT_NPROC counts the user's processes, and root is exempt from it.
                options.processes > 0
                    ? "\(options.processes) processes\(geteuid() == 0 ? " (not enforced: root)" : "")" : nil,
            ].compactMap { $0 }
        }
        child.limits += ["own process group"] + (options.diesWithParent ? ["dies with the grader"] : [])
        return child
    }

    /// Replaces this process with `executable` run with `arguments` (same environment, same
    /// descriptors): a kill of this process then reaches the program itself.
    /// - Throws: `SandboxError` when it cannot be executed; on success it does not return.
    public static func exec(_ executable: String, arguments: [String]) throws -> Never {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        _ = csandbox_exec(executable, argv)
        let reason = String(cString: strerror(errno))
        for pointer in argv { free(pointer) }
        throw SandboxError(description: "cannot run \(executable): \(reason)")
    }

    /// Kills `child` and everything in its process group.
    public static func kill(_ child: Child) { csandbox_kill_tree(child.pid, child.pid, SIGKILL) }

    /// Makes this process adopt the orphans of the children it starts, so that `killOrphans`
    /// reaches a learner's process that left its group (setsid) once its parent died.
    public static func adoptOrphans() { _ = csandbox_become_subreaper() }

    /// Kills every remaining child of this process but `spare`; returns how many.
    @discardableResult
    public static func killOrphans(sparing spare: pid_t = 0) -> Int { Int(csandbox_kill_children(SIGKILL, spare)) }
}

/// A child that could not be started, with the step that failed.
public struct SandboxError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
