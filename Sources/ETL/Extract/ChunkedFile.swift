import Foundation

/// A file read front to back in chunks appended to a caller's buffer, so that readers hold at
/// most one chunk more than the record they are parsing, whatever the file's size.
struct ChunkedFile {
    /// The path, as given, for messages.
    let path: String
    /// How many bytes each read asks for.
    let chunkBytes: Int
    /// Whether the end of the file has been reached.
    private(set) var isAtEnd = false
    /// How many bytes have been read so far.
    private(set) var bytesRead: Int64 = 0
    private let handle: FileHandle

    /// Opens `path` for reading.
    /// - Throws: `ExtractError` with code `cannotOpen` if the file is missing, a directory, or
    ///   unreadable.
    init(path: String, chunkBytes: Int) throws(ExtractError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ExtractError(.cannotOpen, path: path, message: "cannot open the file: it does not exist")
        }
        guard !isDirectory.boolValue else {
            throw ExtractError(.cannotOpen, path: path, message: "cannot open the file: it is a directory")
        }
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw ExtractError(.cannotOpen, path: path, message: "cannot open the file: \(error.localizedDescription)")
        }
        self.path = path
        self.chunkBytes = chunkBytes
    }

    /// Appends up to one chunk to `buffer`.
    /// - Returns: `false` if the file has no more bytes.
    /// - Throws: `ExtractError` with code `readFailed` if reading fails.
    mutating func read(appendingTo buffer: inout [UInt8]) throws(ExtractError) -> Bool {
        guard !isAtEnd else { return false }
        let data: Data?
        do {
            data = try handle.read(upToCount: chunkBytes)
        } catch {
            throw ExtractError(
                .readFailed, path: path,
                message: "reading failed after \(bytesRead) bytes: \(error.localizedDescription)")
        }
        guard let data, !data.isEmpty else {
            isAtEnd = true
            return false
        }
        buffer.append(contentsOf: data)
        bytesRead += Int64(data.count)
        return true
    }
}
