import Foundation

/// Reads `## <id>` sections of a chapter's hints.md and notes.md; within a section, hints are
/// separated by lines holding only `---`.
struct MarkdownSections {
    private var sections: [String: String] = [:]

    init(_ text: String) {
        var current: String?
        var lines: [Substring] = []
        func flush() {
            if let current {
                sections[current] = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            }
            lines = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                flush()
                current = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
            } else if current != nil {
                lines.append(line)
            }
        }
        flush()
    }

    /// The section's text, if there is one.
    subscript(id: String) -> String? { sections[id] }

    /// The section split into hints at `---` lines.
    func hints(for id: String) -> [String] {
        guard let text = sections[id] else { return [] }
        var hints: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces) == "---" {
                hints.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        hints.append(current.joined(separator: "\n"))
        return hints.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
