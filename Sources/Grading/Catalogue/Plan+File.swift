import Foundation

extension Plan {
    /// The committed copy of a chapter's plan, `Chapters/<chapter>/plan.json`: the CLI reads it so
    /// that listing and progress need neither the check catalogue nor a build. Each chapter's tests
    /// compare it with the catalogue (`committedCopyProblem`).
    public static func fileName(chapter: String) -> String { "Chapters/\(chapter)/plan.json" }

    /// The plan as it is committed: pretty, keys sorted, one final newline.
    public var committedText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// Reads a committed plan.
    /// - Throws: `GradingError` naming the file and what is wrong with it.
    public static func load(from url: URL) throws -> Plan {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw GradingError("cannot read \(url.path): \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(Plan.self, from: data)
        } catch {
            throw GradingError(
                "\(url.path) is not a chapter plan (\(error)); regenerate it with `WORKBOOK_UPDATE_PLANS=1 swift test`")
        }
    }

    /// What differs between this plan and its committed copy under `root`, as a line diff; `nil`
    /// when they agree. With `WORKBOOK_UPDATE_PLANS=1` the copy is rewritten instead.
    public func committedCopyProblem(root: URL) -> String? {
        CommittedCopy.problem(
            root.appendingPathComponent(Self.fileName(chapter: chapter)), expected: committedText,
            update: "WORKBOOK_UPDATE_PLANS", fix: "run `WORKBOOK_UPDATE_PLANS=1 swift test` and commit it")
    }
}

/// A file kept in the repository that must equal what the code produces now: a chapter's plan, a
/// golden file of a report or of `--help`. A mismatch is a line diff; setting the environment
/// variable `update` to 1 rewrites the file instead.
public enum CommittedCopy {
    /// What differs between `url`'s text and `expected`, or `nil` when they agree (or it was rewritten).
    public static func problem(_ url: URL, expected: String, update: String, fix: String) -> String? {
        let committed = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        guard committed != expected else { return nil }
        if ProcessInfo.processInfo.environment[update] == "1" {
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? expected.write(to: url, atomically: true, encoding: .utf8)
            return nil
        }
        return "\(url.lastPathComponent) is not what the code produces; \(fix):\n"
            + LineDiff.render(old: committed, new: expected)
    }
}
