import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Tells when a file in a folder changes: through inotify where the kernel offers it (instant),
/// otherwise by polling modification times and sizes (works on any file system, network mounts
/// and containers included).
final class FileWatcher: @unchecked Sendable {
    private let folder: URL
    private let interval: Double
    private let changed = DispatchSemaphore(value: 0)
    private var fingerprint: [String: String] = [:]
    /// How the watcher learns of changes, for the status line.
    private(set) var mechanism = "polling"

    init(folder: URL, interval: Double) {
        self.folder = folder
        self.interval = interval
        fingerprint = Self.fingerprint(of: folder)
        #if canImport(Glibc)
            startInotify()
        #endif
    }

    /// Blocks until something in the folder changed, then lets a burst of saves settle.
    func waitForChange() {
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
