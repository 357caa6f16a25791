import Foundation

/// A fresh folder for one check's files (databases a learner's code opens), under the temporary
/// directory: when grading, the grader points it at the learner runner's scratch folder, the only
/// place the runner may write. Removed by `remove()`, or when the last reference goes.
public final class ScratchFolder: @unchecked Sendable {
    /// The folder's path.
    public let path: String

    /// Creates the folder.
    public init() throws {
        path = NSTemporaryDirectory() + "workbook-check-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Removes the folder and what it holds.
    public func remove() { try? FileManager.default.removeItem(atPath: path) }

    deinit { remove() }
}
