import Foundation
import Synchronization

/// A check's verdict that the learner's code is wrong, with a concrete counterexample.
public struct CheckFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in one sentence.
    public var message: String
    /// The input that shows it, if any.
    public var input: String?
    /// What the reference does with that input.
    public var expected: String?
    /// What the learner's code did.
    public var actual: String?

    /// Creates a failure.
    public init(_ message: String, input: String? = nil, expected: String? = nil, actual: String? = nil) {
        self.message = message
        self.input = input
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        var lines = [message]
        if let input { lines.append("input:    \(input)") }
        if let expected { lines.append("expected: \(expected)") }
        if let actual { lines.append("got:      \(actual)") }
        return lines.joined(separator: "\n")
    }
}

/// Ends a check that cannot run on this machine: a tool it needs is missing. The learner sees
/// `reason` (what to install); CI, `validate` and `verify` count the skip as a failure.
public struct CheckSkipped: Error, Sendable, CustomStringConvertible {
    /// What is missing and how to install it.
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Skips the current check unless `command` is on `PATH`; `install` says how to get it.
/// - Returns: the command's path.
@discardableResult
public func requireTool(_ command: String, install: String) throws -> String {
    guard let path = Subprocess.resolve(command, path: ProcessInfo.processInfo.environment["PATH"]) else {
        throw CheckSkipped("needs `\(command)`, which is not on PATH: \(install)")
    }
    return path
}

/// The inputs the running check's `require`s named, while `workbook checks` asks for them (the
/// example inputs a learner may read, as they would read a test suite's).
package enum InputLog {
    private static let log = Mutex<[String]?>(nil)
    /// Whether `start` was called and `take` not yet: every `require` asks, so without a lock.
    private static let isRecording = Atomic<Bool>(false)

    /// Starts recording (for the next check).
    package static func start() {
        log.withLock { $0 = [] }
        isRecording.store(true, ordering: .releasing)
    }

    /// The inputs recorded since `start`, each once and in order, and stops recording.
    package static func take() -> [String] {
        isRecording.store(false, ordering: .releasing)
        let inputs = log.withLock { log in
            defer { log = nil }
            return log ?? []
        }
        var seen = Set<String>()
        return inputs.filter { seen.insert($0).inserted }
    }

    static func note(_ input: () -> String?) {
        guard isRecording.load(ordering: .acquiring), let text = input() else { return }
        // Evaluated outside the lock (it may call `require` itself), and bounded: 64 of 1 KiB.
        let entry = text.utf8.count > 1024 ? String(decoding: text.utf8.prefix(1021), as: UTF8.self) + "…" : text
        log.withLock { log in
            guard log != nil, log!.count < 64 else { return }
            log!.append(entry)
        }
    }
}

/// Fails the current check unless `condition` holds.
public func require(
    _ condition: Bool, _ message: @autoclosure () -> String, input: @autoclosure () -> String? = nil,
    expected: @autoclosure () -> String? = nil, actual: @autoclosure () -> String? = nil
) throws {
    InputLog.note(input)
    guard condition else {
        throw CheckFailure(message(), input: input(), expected: expected(), actual: actual())
    }
}

/// Fails the current check unless `actual == expected`, describing both.
public func requireEqual<T: Equatable>(
    _ actual: T, _ expected: T, _ message: @autoclosure () -> String, input: @autoclosure () -> String? = nil
) throws {
    InputLog.note(input)
    guard actual == expected else {
        throw CheckFailure(message(), input: input(), expected: describe(expected), actual: describe(actual))
    }
}

/// A one-line description of a value for a report.
public func describe<T>(_ value: T) -> String {
    if let string = value as? String { return debugQuoted(string) }
    return String(describing: value)
}

/// A string in double quotes with control characters escaped.
func debugQuoted(_ string: String) -> String { string.debugDescription }
