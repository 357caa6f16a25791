/// How to read a JSON Lines file.
public struct JSONLinesOptions: Sendable, Equatable {
    /// The most bytes a line may hold, line terminator excluded. A longer line is malformed
    /// (`line_too_long`) and skipped without being held in memory. Default 1 MiB.
    public var maxLineBytes: Int
    /// How many bytes each read from the file asks for: 1 MiB. Tests shrink it to exercise chunk
    /// boundaries; results never depend on it.
    package var chunkBytes = 1 << 20

    /// Creates options.
    /// - Parameter maxLineBytes: The longest line accepted, in bytes.
    public init(maxLineBytes: Int = 1 << 20) {
        self.maxLineBytes = maxLineBytes
    }
}
