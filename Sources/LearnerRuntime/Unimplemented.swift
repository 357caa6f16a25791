import Synchronization

/// The starter's marker: thrown where an exercise's contract throws, so the grader reports
/// "not started" rather than a failure or a crash. It is recognised by its type, never by text.
public struct Unimplemented: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    /// What is left to write, for the report.
    public var what: String

    /// Creates the marker; `what` defaults to the calling function's name.
    public init(_ what: String = #function) { self.what = what }

    public var description: String { "not implemented yet: \(what)" }
}

/// The starter's marker where the contract cannot throw. Inside a grading session it reports the
/// current call as "not started" (the process that runs learner code installs how); anywhere else
/// it stops the program with a clear message.
public func todo(_ what: String = #function, file: StaticString = #fileID, line: UInt = #line) -> Never {
    let handler = TodoHandler.installed.withLock { $0 }
    handler?(what, "\(file):\(line)")
    fatalError("not implemented yet: \(what) (\(file):\(line))")
}

/// Where `todo()` reports to: the learner runner's server, or a grader that runs code in-process.
public enum TodoHandler {
    /// Called with what is missing and where; it must not return.
    public typealias Handler = @Sendable (_ what: String, _ location: String) -> Never

    static let installed = Mutex<Handler?>(nil)

    /// Installs `handler` for every later `todo()` in this process.
    public static func install(_ handler: @escaping Handler) { installed.withLock { $0 = handler } }
}
