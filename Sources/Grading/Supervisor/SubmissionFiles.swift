/// Which files of a candidate's folder a grading took, and which it ignored and why: the score
/// card says what was graded, so that a file dropped without a word cannot explain a score.
public struct SubmissionFiles: Sendable, Equatable, Codable {
    /// A file left out, and why.
    public struct Ignored: Sendable, Equatable, Codable {
        /// Its name in the folder.
        public var name: String
        /// Why it was left out.
        public var reason: String

        /// Creates an entry.
        public init(name: String, reason: String) {
            self.name = name
            self.reason = reason
        }
    }

    /// The folder, as given.
    public var folder: String
    /// The candidate's files that were compiled or run, exercise files and helpers alike.
    public var taken: [String]
    /// Exercise files the folder lacked, graded as the starter (zero points).
    public var starters: [String]
    /// Everything else in the folder.
    public var ignored: [Ignored]

    /// Creates a listing.
    public init(folder: String, taken: [String], starters: [String], ignored: [Ignored]) {
        self.folder = folder
        self.taken = taken
        self.starters = starters
        self.ignored = ignored
    }

    /// The listing as report lines.
    public var lines: [String] {
        var lines = ["files taken from \(folder): " + (taken.isEmpty ? "none" : taken.joined(separator: ", "))]
        if !starters.isEmpty { lines.append("graded as the starter (absent): " + starters.joined(separator: ", ")) }
        for file in ignored { lines.append("ignored \(file.name): \(file.reason)") }
        return lines
    }
}
