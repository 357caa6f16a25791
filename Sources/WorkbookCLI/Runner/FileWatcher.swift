import Dispatch
import Foundation
import Grading

#if canImport(Glibc)
    import Glibc
#endif

/// Tells when a learner's file in a folder changes: through inotify where the kernel offers it
/// (instant), otherwise by polling modification times and sizes (works on any file system,
/// network mounts and containers included). Only a change of content counts, and only of the
/// files a grading reads: a `touch`, an editor's swap or backup file, or notes beside the
/// exercises wake it but do not end the wait.
final class FileWatcher: @unchecked Sendable {
    private let folder: URL
    private let interval: Double
    private let changed = DispatchSemaphore(value: 0)
    private var fingerprint: [String: String] = [:]
    private var contents: UInt64
    /// How the watcher learns of changes, for the status line.
    private(set) var mechanism = "polling"

    /// `polling`: never use inotify (for tests of the polling path).
    init(folder: URL, interval: Double, polling: Bool = false) {
        self.folder = folder
        self.interval = interval
        fingerprint = Self.fingerprint(of: folder)
        contents = Self.contents(of: folder)
        #if canImport(Glibc)
            if !polling { startInotify() }
        #endif
    }

    /// Blocks until a learner's file in the folder changed its content, then lets a burst of
    /// saves settle.
    func waitForChange() {
        while true {
            waitForEvent()
            let now = Self.contents(of: folder)
            if now != contents {
                contents = now
                return
            }
        }
    }

    /// Blocks until anything in the folder changed.
    private func waitForEvent() {
        if mechanism == "inotify" {
            changed.wait()
            Thread.sleep(forTimeInterval: 0.05)
            while changed.wait(timeout: .now()) == .success {}
            return
        }
        while true {
            Thread.sleep(forTimeInterval: interval)
            let now = Self.fingerprint(of: folder)
            if now != fingerprint {
                fingerprint = now
                return
            }
        }
    }

    /// Whether a grading reads the file named `name`: a Swift or SQL file that is not hidden
    /// (vim's `.X.swift.swp`), nor an editor's backup (`X.swift~`, emacs's `#X.swift#`).
    static func isLearnerFile(_ name: String) -> Bool {
        !name.hasPrefix(".") && (name.hasSuffix(".swift") || name.hasSuffix(".sql"))
    }

    /// The digest of the learner's files' names and contents (a file being written reads as it is).
    static func contents(of folder: URL) -> UInt64 {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter(isLearnerFile)
        var digest = ContentDigest()
        for name in names.sortedByBytes() {
            digest.mix(name: name, contents: (try? Data(contentsOf: folder.appendingPathComponent(name))) ?? Data())
        }
        return digest.value
    }

    #if canImport(Glibc)
        private func startInotify() {
            let descriptor = inotify_init1(Int32(IN_CLOEXEC))
            guard descriptor >= 0 else { return }
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MODIFY)
            guard inotify_add_watch(descriptor, folder.path, mask) >= 0 else {
                close(descriptor)
                return
            }
            mechanism = "inotify"
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            Thread.detachNewThread { [changed] in
                while !handle.availableData.isEmpty { changed.signal() }
            }
        }
    #endif

    /// Modification time and size of every file under `folder`, by path.
    static func fingerprint(of folder: URL) -> [String: String] {
        var result: [String: String] = [:]
        let keys: [URLResourceKey] = [.contentModificationDateKey, .fileSizeKey]
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: keys) else {
            return [:]
        }
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: Set(keys))
            result[url.path] =
                "\(values?.contentModificationDate?.timeIntervalSince1970 ?? 0)/\(values?.fileSize ?? -1)"
        }
        return result
    }
}
