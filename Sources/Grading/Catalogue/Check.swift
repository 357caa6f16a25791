import Foundation
import Synchronization

/// A named, weighted assertion on one exercise.
public struct Check: Sendable {
    /// The three kinds of check.
    public enum Kind: String, Codable, Sendable {
        /// A fixed input with the expected result.
        case example
        /// Seeded generated cases, learner compared with reference, shrunk on a difference.
        case property
        /// Several steps against one instance.
        case scenario
    }

    /// A short statement of the behaviour checked, unique within its exercise.
    public var name: String
    /// Which kind of check this is.
    public var kind: Kind
    /// Points earned when it passes.
    public var points: Int
    /// One line on why this behaviour matters, shown when the check fails.
    public var why: String
    /// Runs the check: returns on a pass, throws `CheckFailure` on a failure and `Unimplemented`
    /// when the learner's code is still the starter.
    public var body: @Sendable (CheckContext) throws -> Void
    /// How long the check may take before it counts as timed out (`--timeout` scales it).
    public var timeLimit: Duration
    /// Hidden checks (fresh seeds, adversarial cases) run only when an interviewer grades; a
    /// learner's practice runs say how many there are.
    public var isHidden: Bool

    /// Creates a check.
    public init(
        _ name: String, kind: Kind, points: Int, why: String, timeLimit: Duration = .seconds(3), hidden: Bool = false,
        body: @escaping @Sendable (CheckContext) throws -> Void
    ) {
        self.name = name
        self.kind = kind
        self.points = points
        self.why = why
        self.timeLimit = timeLimit
        self.isHidden = hidden
        self.body = body
    }

    /// A check whose body is asynchronous: a scenario that starts a server on a loopback port, runs
    /// a simulator or awaits a subprocess. Its `defer`s run when it fails; when it overruns its
    /// time limit the grader process ends, and with it whatever the check started.
    public static func awaiting(
        _ name: String, kind: Kind, points: Int, why: String, timeLimit: Duration = .seconds(3), hidden: Bool = false,
        body: @escaping @Sendable (CheckContext) async throws -> Void
    ) -> Check {
        Check(name, kind: kind, points: points, why: why, timeLimit: timeLimit, hidden: hidden) { context in
            let outcome = Mutex<Result<Void, any Error>?>(nil)
            let done = DispatchSemaphore(value: 0)
            Task.detached {
                do {
                    try await body(context)
                    outcome.withLock { $0 = .success(()) }
                } catch {
                    outcome.withLock { $0 = .failure(error) }
                }
                done.signal()
            }
            done.wait()
            try outcome.withLock { $0! }.get()
        }
    }

    /// This property check again, hidden, on a seed the practice runs never use and with twice
    /// the cases: what an implementation tuned to the visible cases does not survive.
    public var onFreshSeeds: Check {
        let body = body
        return Check(
            name + " (fresh seeds)", kind: kind, points: 1, why: why, timeLimit: timeLimit * 2, hidden: true
        ) { context in
            try body(CheckContext(seed: context.seed ^ 0x5EED_F0E5_11DD_E401, propertyCases: context.propertyCases * 2))
        }
    }

    /// `checks` with a fresh-seed hidden copy of each property check appended.
    public static func withFreshSeeds(_ checks: [Check]) -> [Check] {
        checks + checks.filter { $0.kind == .property && !$0.isHidden }.map(\.onFreshSeeds)
    }
}

/// One exercise: the learner's files and the checks that grade them.
public struct Exercise: Sendable {
    /// The position in its chapter, from 1; the id is `chapter/number`.
    public var number: Int
    /// A short title.
    public var title: String
    /// The learner's files, relative to `Exercises/<chapter>/`.
    public var files: [String]
    /// The checks, in the order they run and are reported.
    public var checks: [Check]

    /// Creates an exercise.
    public init(number: Int, title: String, files: [String], checks: [Check]) {
        self.number = number
        self.title = title
        self.files = files
        self.checks = checks
    }

    /// The sum of its checks' points.
    public var points: Int { checks.reduce(0) { $0 + $1.points } }
}

/// A chapter's exercises, as one grader runs them.
public struct Catalogue: Sendable {
    /// The chapter's name (`webhook`).
    public var chapter: String
    /// The exercises in order.
    public var exercises: [Exercise]

    /// Creates a catalogue.
    public init(chapter: String, exercises: [Exercise]) {
        self.chapter = chapter
        self.exercises = exercises
    }

    /// The id of an exercise (`webhook/2`).
    public func id(of exercise: Exercise) -> String { "\(chapter)/\(exercise.number)" }

    /// Every check with its exercise, in run order.
    public var plannedChecks: [PlannedCheck] {
        exercises.flatMap { exercise in
            exercise.checks.map {
                PlannedCheck(
                    exercise: id(of: exercise), name: $0.name, kind: $0.kind, points: $0.points, why: $0.why,
                    hidden: $0.isHidden)
            }
        }
    }

    /// The plan: exercises with their checks, without the code.
    public var plan: Plan {
        Plan(
            chapter: chapter,
            exercises: exercises.map {
                Plan.ExerciseInfo(
                    id: id(of: $0), number: $0.number, title: $0.title, files: $0.files, points: $0.points)
            },
            checks: plannedChecks)
    }
}

/// A check as the supervisor and reports see it: no code, just what it is.
public struct PlannedCheck: Codable, Sendable, Equatable {
    /// The exercise id (`webhook/1`).
    public var exercise: String
    /// The check's name.
    public var name: String
    /// Its kind.
    public var kind: Check.Kind
    /// Its points.
    public var points: Int
    /// Why it matters.
    public var why: String
    /// Whether it runs only when an interviewer grades.
    public var hidden: Bool

    /// Creates a planned check.
    public init(exercise: String, name: String, kind: Check.Kind, points: Int, why: String, hidden: Bool = false) {
        self.exercise = exercise
        self.name = name
        self.kind = kind
        self.points = points
        self.why = why
        self.hidden = hidden
    }
}

/// What a grader will run, sent first so that the supervisor knows every check even if the
/// grader dies.
public struct Plan: Codable, Sendable, Equatable {
    /// An exercise without its checks' code.
    public struct ExerciseInfo: Codable, Sendable, Equatable {
        public var id: String
        public var number: Int
        public var title: String
        public var files: [String]
        public var points: Int

        public init(id: String, number: Int, title: String, files: [String], points: Int) {
            self.id = id
            self.number = number
            self.title = title
            self.files = files
            self.points = points
        }
    }

    public var chapter: String
    public var exercises: [ExerciseInfo]
    public var checks: [PlannedCheck]

    /// Creates a plan.
    public init(chapter: String, exercises: [ExerciseInfo], checks: [PlannedCheck]) {
        self.chapter = chapter
        self.exercises = exercises
        self.checks = checks
    }

    /// Keeps only the exercises whose number is in `numbers` (all when `numbers` is empty).
    /// Keeps only the exercises whose number is in `numbers` (all when `numbers` is empty) and,
    /// unless `includingHidden`, only the visible checks; exercise points count what is kept.
    public func filtered(to numbers: Set<Int>, includingHidden: Bool = true) -> Plan {
        let kept = exercises.filter { numbers.isEmpty || numbers.contains($0.number) }
        let ids = Set(kept.map(\.id))
        let keptChecks = checks.filter { ids.contains($0.exercise) && (includingHidden || !$0.hidden) }
        return Plan(
            chapter: chapter,
            exercises: kept.map { exercise in
                var exercise = exercise
                exercise.points = keptChecks.filter { $0.exercise == exercise.id }.reduce(0) { $0 + $1.points }
                return exercise
            },
            checks: keptChecks)
    }

    /// How many hidden checks there are.
    public var hiddenCount: Int { checks.filter(\.hidden).count }
}
