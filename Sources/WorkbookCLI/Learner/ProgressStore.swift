import Foundation
import Grading

/// What the workbook remembers about one exercise, kept in `.workbook/progress.json`.
struct ExerciseProgress: Codable, Equatable {
    var status: CheckResult.Status?
    var points = 0
    var maxPoints = 0
    var attempts = 0
    var hintsShown = 0
    var secondsSpent = 0.0
    var firstAttempt: Date?
    var lastAttempt: Date?
    var passedAt: Date?
}

/// The learner's progress: per exercise id. Written atomically; a damaged file is set aside and
/// reported, never silently lost.
struct ProgressStore {
    struct Document: Codable {
        var schemaVersion = 1
        var exercises: [String: ExerciseProgress] = [:]
    }

    /// Gaps between attempts longer than this count as a break, not as time spent.
    static let activeGap: TimeInterval = 15 * 60

    let file: URL
    private(set) var document = Document()
    private(set) var warning: String?

    init(workspace: Workspace) {
        file = workspace.stateDirectory.appendingPathComponent("progress.json")
        guard let data = try? Data(contentsOf: file) else { return }
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            document = try decoder.decode(Document.self, from: data)
        } catch {
            let aside = file.deletingLastPathComponent().appendingPathComponent(
                "progress.damaged-\(Int(Date().timeIntervalSince1970)).json")
            try? FileManager.default.moveItem(at: file, to: aside)
            warning =
                "progress file was damaged (\(error.localizedDescription)); it was moved to \(aside.lastPathComponent) and progress starts afresh"
        }
    }

    subscript(id: String) -> ExerciseProgress {
        get { document.exercises[id] ?? ExerciseProgress() }
        set { document.exercises[id] = newValue }
    }

    /// Records a graded run of `exercises` at `now`.
    mutating func record(_ run: RunResult, now: Date = Date()) {
        for exercise in run.plan.exercises {
            var progress = self[exercise.id]
            let status = run.status(of: exercise)
            progress.maxPoints = exercise.points
            progress.points = run.points(of: exercise)
            if status != .notStarted || progress.attempts > 0 {
                if let last = progress.lastAttempt, now.timeIntervalSince(last) < Self.activeGap {
                    progress.secondsSpent += now.timeIntervalSince(last)
                }
                progress.attempts += status == .notStarted ? 0 : 1
                progress.firstAttempt = progress.firstAttempt ?? now
                progress.lastAttempt = now
            }
            if status == .passed && progress.passedAt == nil { progress.passedAt = now }
            progress.status = status
            self[exercise.id] = progress
        }
    }

    /// Writes the file atomically.
    func save() throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(document).write(to: file, options: .atomic)
    }
}
