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
    /// When the reference solution was first shown before the exercise passed.
    var solutionSeenAt: Date?
}

/// The learner's progress: per exercise id. Written atomically; a damaged file is set aside
/// under a name of its own and reported (on standard error, by whichever command read it), never
/// silently lost; a file this store cannot set aside, or one from a newer workbook, is left as it
/// is and not written over.
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
    /// False when the file on disk must not be replaced (see the type's comment).
    private(set) var isWritable = true

    init(workspace: Workspace) {
        file = workspace.stateDirectory.appendingPathComponent("progress.json")
        guard let data = try? Data(contentsOf: file) else { return }
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let read = try decoder.decode(Document.self, from: data)
            guard read.schemaVersion <= Document().schemaVersion else {
                isWritable = false
                warning =
                    "\(file.path) is schema version \(read.schemaVersion), from a newer workbook: it is left as it is, and this run's progress is not saved"
                Console.error("warning: \(warning!)")
                return
            }
            if let (id, field) = Self.invalidField(in: read) {
                throw ProgressDamage(description: "\(id): \(field) is out of range")
            }
            document = read
        } catch {
            setAside(because: (error as? ProgressDamage)?.description ?? describeError(error))
        }
    }

    /// The first exercise with a count or time that no run can produce.
    static func invalidField(in document: Document) -> (String, String)? {
        for (id, p) in document.exercises.sorted(by: { $0.key < $1.key }) {
            let fields: [(String, Bool)] = [
                ("points", p.points >= 0 && p.points <= max(p.maxPoints, 0)), ("maxPoints", p.maxPoints >= 0),
                ("attempts", p.attempts >= 0), ("hintsShown", p.hintsShown >= 0),
                ("secondsSpent", p.secondsSpent.isFinite && p.secondsSpent >= 0),
            ]
            if let bad = fields.first(where: { !$0.1 }) { return (id, bad.0) }
        }
        return nil
    }

    /// Moves the damaged file to a name no earlier damage used; if it cannot be moved, leaves it.
    private mutating func setAside(because reason: String) {
        let manager = FileManager.default
        let stamp = Int(Date().timeIntervalSince1970)
        var aside = file.deletingLastPathComponent().appendingPathComponent("progress.damaged-\(stamp).json")
        var n = 2
        while manager.fileExists(atPath: aside.path) {
            aside = file.deletingLastPathComponent().appendingPathComponent("progress.damaged-\(stamp)-\(n).json")
            n += 1
        }
        do {
            try manager.moveItem(at: file, to: aside)
            warning =
                "progress file was damaged (\(reason)); it was moved to \(aside.lastPathComponent) and progress starts afresh"
        } catch {
            isWritable = false
            warning =
                "progress file is damaged (\(reason)) and could not be set aside (\(describeError(error))); it is left as it is, and this run's progress is not saved"
        }
        Console.error("warning: \(warning!)")
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

    /// Writes the file atomically (nothing when the file on disk must be kept, see `isWritable`).
    func save() throws {
        guard isWritable else { return }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(document).write(to: file, options: .atomic)
    }
}

struct ProgressDamage: Error, CustomStringConvertible {
    var description: String
}
