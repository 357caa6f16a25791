import Foundation

/// The result of parsing: which command, and the values given to it, still as text; the caller
/// turns them into its own typed command value.
public struct ParsedCommand: Sendable, Equatable {
    /// The command words from the root (`["webhook", "sign"]`).
    public var path: [String]
    /// Positional arguments by name.
    public var arguments: [String: String] = [:]
    /// Option values by name, in the order given.
    public var options: [String: [String]] = [:]
    /// Flags given.
    public var flags: Set<String> = []
    /// Whether `--help` (or `-h`, or `help`) was asked for.
    public var wantsHelp = false

    /// A command as the parser would have made it (for a command that runs another's code).
    public init(
        path: [String], arguments: [String: String] = [:], options: [String: [String]] = [:], flags: Set<String> = []
    ) {
        self.path = path
        self.arguments = arguments
        self.options = options
        self.flags = flags
    }

    /// The last value of an option.
    public func value(_ name: String) -> String? { options[name]?.last }

    /// Every value of a repeatable option.
    public func values(_ name: String) -> [String] { options[name] ?? [] }

    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// A positional argument the command requires (the parser refuses a command line without it).
    public func argument(_ name: String) throws(UsageError) -> String {
        guard let value = arguments[name] else { throw UsageError("missing <\(name)>", path: path) }
        return value
    }

    /// `--seed N`: the one place a seed is parsed.
    public func seed(_ name: String = "seed") throws(UsageError) -> UInt64? {
        guard let text = value(name) else { return nil }
        guard let seed = UInt64(text) else {
            throw UsageError("--\(name) expects a whole number from 0 to \(UInt64.max), got \"\(text)\"", path: path)
        }
        return seed
    }

    /// An option holding seconds within `range`: the one place a duration is parsed.
    public func seconds(_ name: String, in range: ClosedRange<Double>) throws(UsageError) -> Duration? {
        guard let text = value(name) else { return nil }
        guard let seconds = Double(text), seconds.isFinite, range.contains(seconds) else {
            throw UsageError(
                "--\(name) expects seconds from \(String(format: "%g", range.lowerBound)) to \(String(format: "%g", range.upperBound)), got \"\(text)\"",
                path: path)
        }
        return .milliseconds(Int((seconds * 1000).rounded()))
    }

    /// An option's value as an integer, with an error naming the option when it is not one.
    public func integer(_ name: String) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text) else {
            throw UsageError("--\(name) expects a whole number, got \"\(text)\"", path: path)
        }
        return number
    }
}

/// A command line that does not fit the commands: what is wrong, and for which command.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The command it concerns, for its usage line.
    public var path: [String]

    /// Creates a usage error.
    public init(_ message: String, path: [String]) {
        self.message = message
        self.path = path
    }

    public var description: String { message }
}
