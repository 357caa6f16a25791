import Foundation

/// Writes text to a file through a buffer, so millions of small writes cost a few large ones.
final class BufferedFileWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let capacity: Int
    /// The number of bytes written so far, including those still buffered.
    private(set) var byteCount = 0

    /// Creates (or truncates) the file at `url`.
    init(url: URL, capacity: Int = 1 << 20) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw GenerationError("cannot create \(url.path)")
        }
        handle = try FileHandle(forWritingTo: url)
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        byteCount += text.utf8.count
        if buffer.count >= capacity { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    func close() throws {
        try flush()
        try handle.close()
    }
}

/// The generator could not write its files.
public struct GenerationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = "cannot generate the sources: " + description }
}
