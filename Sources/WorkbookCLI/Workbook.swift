import ArgumentParsing
import Foundation
import Grading

/// The `workbook` program: parses the command line into a typed value, then acts.
public enum Workbook {
    /// Runs the CLI and returns its exit code: 0 success, 1 checks failed or input rejected,
    /// 2 usage error.
    public static func main(_ arguments: [String]) -> Int32 {
        let workspace = try? Workspace.locate()
        let chapters = (try? workspace?.declarations()) ?? []
        // `workbook <chapter> …` and `workbook bench <chapter> …` belong to the chapter's tool, which
        // parses them itself; the chapter name is checked here first, before anything is built.
        // `workbook help <chapter> …` is the tool's help too.
        let words = arguments.first == "help" && arguments.count > 1 ? Array(arguments.dropFirst()) : arguments
        if let first = words.first, let workspace {
            let release = first == "bench" && words.count > 1 && !words[1].hasPrefix("-")
            // The score cards' copy detection is no chapter; its benchmark is a tool of its own.
            if release && words[1] == "similarity" {
                return reportingErrors(usage: "workbook bench similarity") {
                    try ChapterTools.runTool(
                        "workbook-similarity", inputs: nil, release: !words.contains { $0 == "--help" || $0 == "-h" })
                }
            }
            if release || chapters.contains(where: { $0.name == first && $0.hasTools }) {
                let name = release ? words[1] : first
                return reportingErrors(
                    usage: release ? "workbook bench <chapter>" : "workbook <chapter> <command> …"
                ) {
                    _ = try workspace.declaration(name)
                    return try ChapterTools.run(chapter: name, release: release)
                }
            }
        }
        return main(arguments, root: workbookCommands(chapters: chapters), dispatch: dispatch)
    }

    /// Parses `arguments` against the command tree `root` and hands the typed command to
    /// `dispatch`, turning its errors into messages and exit codes; the chapter tools' mains use it
    /// with their own tree (`toolCommands`).
    package static func main(
        _ arguments: [String], root: CommandSpec, dispatch: (ParsedCommand) throws -> Int32
    ) -> Int32 {
        let parser = CommandLineParser(root: root)
        let parsed: ParsedCommand
        do {
            parsed = try parser.parse(arguments)
        } catch {
            Console.error(
                "Error: \(error.message)\nUsage: \(parser.usage(for: error.path))\n  See 'workbook \((error.path + ["--help"]).joined(separator: " "))'."
            )
            return 2
        }
        if parsed.wantsHelp {
            Console.out(parser.help(for: parsed.path), terminator: "")
            return 0
        }
        return reportingErrors(usage: parser.usage(for: parsed.path)) { try dispatch(parsed) }
    }

    /// Runs `body`, turning its errors into messages and exit codes: usage errors 2, others 1.
    static func reportingErrors(usage: @autoclosure () -> String, _ body: () throws -> Int32) -> Int32 {
        do {
            return try body()
        } catch let error as CLIError {
            Console.error("Error: \(error.description)")
            if error.isUsage { Console.error("Usage: \(usage())") }
            return error.isUsage ? 2 : 1
        } catch let error as UsageError {
            Console.error("Error: \(error.message)\nUsage: \(usage())")
            return 2
        } catch let failure as BuildFailure {
            Console.error(failure.description)
            return 1
        } catch {
            Console.error("Error: \(describeError(error))")
            return 1
        }
    }

    static func dispatch(_ command: ParsedCommand) throws -> Int32 {
        switch command.path.first {
        case nil: return try LearnerCommands.status()
        case "list": return try LearnerCommands.list()
        case "checks": return try LearnerCommands.checks(command)
        case "run": return try RunCommand(command).run()
        case "watch": return try RunCommand(command).watch()
        case "hint": return try LearnerCommands.hint(command)
        case "solution": return try LearnerCommands.solution(command)
        case "reset": return try LearnerCommands.reset(command)
        case "grade": return try GradeCommand(command).run()
        case "scorecards": return try ScorecardsCommand(command).run()
        case "similarity": return try SimilarityCommand(command).run()
        case "verify": return try RunCommand(command).verifyAll()
        case "validate": return try RunCommand(command).validate()
        case "doctor": return Doctor.run()
        case "new": return try NewChapter(command).run()
        default: throw CLIError("unknown command \(command.path.joined(separator: " "))", isUsage: true)
        }
    }
}

/// Where the CLI writes: reports to standard output, errors and progress to standard error.
package enum Console {
    /// How to run the CLI, in the commands it suggests: `swift run workbook` when it runs from a
    /// build folder (nothing puts `workbook` on PATH), its own name otherwise.
    package static let workbook: String = {
        let path = CommandLine.arguments.first ?? "workbook"
        return path.contains("/.build/") || path.hasPrefix(".build/") ? "swift run workbook" : "workbook"
    }()

    package static func out(_ text: String, terminator: String = "\n") {
        FileHandle.standardOutput.write(Data((text + terminator).utf8))
    }

    package static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// An error as a person reads it: Foundation's file errors become "what: path" instead of an
/// `NSError` dump; our own errors print their description.
package func describeError(_ error: any Error) -> String {
    let bridged = error as NSError
    guard bridged.domain == NSCocoaErrorDomain || bridged.domain == NSPOSIXErrorDomain else { return "\(error)" }
    let path = (bridged.userInfo[NSFilePathErrorKey] as? String) ?? (bridged.userInfo[NSURLErrorKey] as? URL)?.path
    let underlying = (bridged.userInfo[NSUnderlyingErrorKey] as? NSError).map { ": " + $0.localizedDescription } ?? ""
    var reason = bridged.localizedDescription
    if reason.isEmpty || reason == "(null)" || reason.hasPrefix("The operation could not be completed") {
        switch CocoaError.Code(rawValue: bridged.code) {
        case .fileReadNoSuchFile, .fileNoSuchFile: reason = "no such file"
        case .fileWriteFileExists: reason = "a file with that name already exists"
        case .fileReadNoPermission, .fileWriteNoPermission: reason = "permission denied"
        case .fileReadUnknown, .fileWriteUnknown: reason = "cannot access the file"
        default: reason = "file operation failed (code \(bridged.code))"
        }
    }
    return (path.map { "\($0): " } ?? "") + reason + underlying
}
