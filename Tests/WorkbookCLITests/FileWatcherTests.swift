import Dispatch
import Foundation
import Synchronization
import Testing

@testable import WorkbookCLI

/// `watch` re-grades when an exercise file's content changes, and only then.
@Suite struct FileWatcherTests {
    @Test(.timeLimit(.minutes(1)), arguments: [false, true])
    func onlyAChangeOfALearnersFileEndsTheWait(polling: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("TimestampWindow.swift")
        try "let a = 1\n".write(to: file, atomically: true, encoding: .utf8)
        let watcher = FileWatcher(folder: folder, interval: 0.02, polling: polling)
        let changedContent = Mutex(false)
        let noise = Thread {
            func pause() { Thread.sleep(forTimeInterval: 0.15) }
            pause()
            // The same bytes written again, a later modification time, an editor's swap and
            // backup files, notes: none of these is a change to grade.
            try? "let a = 1\n".write(to: file, atomically: true, encoding: .utf8)
            pause()
            try? FileManager.default.setAttributes([.modificationDate: Date() + 60], ofItemAtPath: file.path)
            pause()
            for name in [
                ".TimestampWindow.swift.swp", "TimestampWindow.swift~", "#TimestampWindow.swift#", "notes.txt",
            ] {
                try? "draft".write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
                pause()
            }
            changedContent.withLock { $0 = true }
            try? "let a = 2\n".write(to: file, atomically: true, encoding: .utf8)
        }
        noise.start()
        watcher.waitForChange()
        #expect(changedContent.withLock { $0 }, "the wait ended before the content changed")
    }
}
