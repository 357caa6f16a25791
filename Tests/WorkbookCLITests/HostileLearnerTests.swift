import Foundation
import Grading
import Testing

/// Learner code written to forge its own verdict, escape its sandbox or hang the run, graded
/// through `workbook grade --from` as an interviewer would. Each case must score what the
/// learner's real answers deserve, leave the checkout as it was, and leave no process behind.
@Suite(.serialized) struct HostileLearnerTests {
    /// The reference's files with hostile code spliced in, one attack per exercise.
    static func hostileCandidate(marker: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let solutions = CLI.packageRoot.appendingPathComponent("Solutions/webhook")
        for name in try FileManager.default.contentsOfDirectory(atPath: solutions.path) {
            var text = try String(contentsOf: solutions.appendingPathComponent(name), encoding: .utf8)
            switch name {
            case "ConstantTime.swift":
                // A plain wrong answer, to show the read counts survive the process boundary: an
                // early exit must lose the constant-time check and nothing else.
                text = text.replacingOccurrences(
                    of: "difference |= x ^ y", with: "if x != y { return false }")
            case "SQLiteNonceStore.swift":
                // Forged "passed" and "done" events on every descriptor the process may have inherited.
                text =
                    "import Glibc\n"
                    + text.replacingOccurrences(
                        of: "self.capacity = max(1, capacity)",
                        with: """
                            self.capacity = max(1, capacity)
                                    for fd in Int32(0)...Int32(64) {
                                        let forged = "{\\"event\\":\\"finished\\",\\"index\\":0,\\"result\\":{\\"status\\":\\"passed\\"}}\\n{\\"event\\":\\"done\\"}\\n"
                                        _ = forged.withCString { write(fd, $0, strlen($0)) }
                                    }
                            """)
            case "HeaderParser.swift":
                // The issue's reproduction: a widened digit test traps on "+" in a timestamp.
                text = text.replacingOccurrences(of: "(0x30...0x39)", with: "(0x2B...0x39)")
            case "SignatureVerifier.swift":
                // Writes outside the scratch folder, and children that try to outlive the run.
                let root = CLI.packageRoot.path
                text =
                    "import Foundation\n"
                    + text.replacingOccurrences(
                        of: "public init() {}",
                        with: """
                            public init() {
                                for path in ["\(root)/Solutions/webhook/Planted.swift", "\(root)/Exercises/webhook/Planted.swift", "\(root)/Sources/Planted.swift", "/tmp/\(marker)"] {
                                    try? "let planted = 1".write(toFile: path, atomically: false, encoding: .utf8)
                                }
                                for arguments in [["/bin/sleep", "31\(marker.suffix(3))"], ["/usr/bin/setsid", "/bin/sleep", "32\(marker.suffix(3))"]] {
                                    let child = Process()
                                    child.executableURL = URL(fileURLWithPath: arguments[0])
                                    child.arguments = Array(arguments.dropFirst())
                                    try? child.run()
                                }
                            }
                            """)
            case "TimestampWindow.swift":
                // Unbounded memory.
                text = text.replacingOccurrences(
                    of: "public init() {}",
                    with: """
                        public init() {}
                        nonisolated(unsafe) static var hoard: [[UInt8]] = []
                        """
                ).replacingOccurrences(
                    of: "func check(timestamp: Int64, now: Date, tolerance: Duration) throws {",
                    with: """
                        func check(timestamp: Int64, now: Date, tolerance: Duration) throws {
                            while true { Self.hoard.append([UInt8](repeating: 1, count: 256 << 20)) }
                        """)
            case "MemoryNonceStore.swift":
                // Far more output than a report holds.
                text = text.replacingOccurrences(
                    of: "self.capacity = max(1, capacity)",
                    with: "self.capacity = max(1, capacity)\n        print(String(repeating: \"x\", count: 20_000_000))"
                )
            default: break
            }
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// Every file under the checkout's learner-facing folders with its content.
    static func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for top in ["Solutions", "Exercises", "Sources", "Chapters"] {
            let base = CLI.packageRoot.appendingPathComponent(top)
            let walker = FileManager.default.enumerator(atPath: base.path)
            while let path = walker?.nextObject() as? String {
                if let data = FileManager.default.contents(atPath: base.appendingPathComponent(path).path) {
                    files[top + "/" + path] = data
                }
            }
        }
        return files
    }

    static func processes(matching text: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid in
            guard Int(pid) != nil, let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else {
                return nil
            }
            let line = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return line.contains(text) ? "\(pid): \(line)" : nil
        }
    }

    /// The JSON report, as the CLI writes it.
    typealias Report = JSONReport.Document

    @Test func hostileCodeScoresOnlyWhatItsAnswersDeserve() throws {
        let marker = "hostile-\(UInt32.random(in: 100_000...999_999))"
        let candidate = try Self.hostileCandidate(marker: marker)
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-state-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: candidate)
            try? FileManager.default.removeItem(at: state)
        }
        let before = try Self.snapshot()
        let output = try CLI.run(
            ["grade", "webhook", "--from", candidate.path, "--seed", "7", "--json"],
            environment: ["WORKBOOK_STATE_DIR": state.path])
        let report = try JSONDecoder().decode(Report.self, from: Data(output.stdout.utf8))
        let points = Dictionary(uniqueKeysWithValues: report.exercises.map { ($0.id, $0) })
        // The early exit loses the two constant-time checks (reads and time, 4 points), and only them.
        #expect(points["webhook/1"]!.points == points["webhook/1"]!.maxPoints - 4, "\(output.stdout)")
        let lost = report.tests.filter { $0.exercise == "webhook/1" && $0.status != "pass" }.compactMap(\.message)
        #expect(lost.count == 2, "\(output.stdout)")
        #expect(lost.contains { $0.hasPrefix("the number of bytes read depends on where the inputs differ") })
        #expect(lost.contains { $0.hasPrefix("the time taken depends on where the inputs differ") }, "\(lost)")
        // The trap is attributed: input, kind and the candidate's own file and line.
        let crash = report.tests.first { $0.exercise == "webhook/2" && $0.status == "error" }
        #expect(crash?.message?.contains("arithmetic overflow") == true, "\(String(describing: crash))")
        #expect(
            crash?.message?.contains(candidate.path + "/HeaderParser.swift:") == true, "\(String(describing: crash))")
        #expect(crash?.input?.contains("webhook-timestamp") == true)
        // Writing outside the scratch folder fails; the answers themselves are the reference's.
        #expect(points["webhook/3"]!.points == points["webhook/3"]!.maxPoints, "\(output.stdout)")
        // Unbounded memory hits the cap and is reported as such.
        #expect(points["webhook/4"]!.points == 0)
        #expect(report.tests.contains { $0.exercise == "webhook/4" && $0.message?.contains("memory") == true })
        // Forged events on the answer channel are a broken protocol, never a pass: the SQLite store's
        // checks are lost, the memory store's (which floods its output) are kept.
        let store = report.tests.filter { $0.exercise == "webhook/5" }
        #expect(store.filter { $0.status == "pass" }.count >= 4, "\(output.stdout)")
        #expect(store.contains { $0.status == "error" && $0.message?.contains("protocol") == true }, "\(output.stdout)")
        #expect(points["webhook/5"]!.points < points["webhook/5"]!.maxPoints)
        #expect(report.points < 100)
        // The checkout is byte for byte as it was, nothing was planted, nothing is left running.
        #expect(try Self.snapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/\(marker)"))
        #expect(Self.processes(matching: "sleep 31\(marker.suffix(3))").isEmpty)
        #expect(Self.processes(matching: "sleep 32\(marker.suffix(3))").isEmpty)
    }

    /// Waits, without a fixed sleep, until `condition` holds or `limit` passes.
    static func eventually(within limit: Duration = .seconds(120), _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + limit
        while !condition() {
            if ContinuousClock.now >= deadline { return false }
            usleep(20_000)
        }
        return true
    }

    /// A SIGKILL of `workbook` itself, which no handler sees: the learner's detached child (its own
    /// session, adopted by init once the runner dies) is still killed, by the run's reaper.
    @Test func killingTheCLILeavesNoDetachedLearnerProcess() throws {
        let tag = String(UInt32.random(in: 100...999))
        let candidate = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: candidate, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: candidate)
            try? FileManager.default.removeItem(at: state)
        }
        let solution = CLI.packageRoot.appendingPathComponent("Solutions/webhook/ConstantTime.swift")
        let text = try String(contentsOf: solution, encoding: .utf8)
        // Starts a detached child, then hangs: the run lasts until the CLI is killed.
        try
            ("import Foundation\n"
            + text.replacingOccurrences(
                of: "public init() {}",
                with: """
                    public init() {
                        let child = Process()
                        child.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
                        child.arguments = ["/bin/sleep", "33\(tag)"]
                        try? child.run()
                        while true { sleep(1) }
                    }
                    """)).write(
                to: candidate.appendingPathComponent("ConstantTime.swift"), atomically: true, encoding: .utf8)
        let cli = Process()
        cli.executableURL = CLI.executable
        cli.arguments = ["grade", "webhook", "--from", candidate.path]
        cli.currentDirectoryURL = CLI.packageRoot
        cli.environment = ProcessInfo.processInfo.environment.merging([
            "WORKBOOK_PREBUILT": "1", "WORKBOOK_STATE_DIR": state.path,
        ]) { $1 }
        cli.standardOutput = FileHandle.nullDevice
        cli.standardError = FileHandle.nullDevice
        try cli.run()
        let started = Self.eventually { !Self.processes(matching: "sleep 33\(tag)").isEmpty }
        kill(cli.processIdentifier, SIGKILL)
        cli.waitUntilExit()
        #expect(started, "the learner's detached child never started")
        let gone = Self.eventually(within: .seconds(20)) { Self.processes(matching: "sleep 33\(tag)").isEmpty }
        #expect(gone, "still running after the CLI was killed: \(Self.processes(matching: "sleep 33\(tag)"))")
        for line in Self.processes(matching: "sleep 33\(tag)") {
            if let pid = Int32(line.prefix { $0 != ":" }) { kill(pid, SIGKILL) }
        }
    }

    @Test func etlCandidateIsConfinedToo() throws {
        let root = CLI.packageRoot.path
        let candidate = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hostile-etl-\(UUID().uuidString)")
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: candidate, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: candidate)
            try? FileManager.default.removeItem(at: state)
        }
        let solutions = CLI.packageRoot.appendingPathComponent("Solutions/etl")
        for name in try FileManager.default.contentsOfDirectory(atPath: solutions.path) {
            var text = try String(contentsOf: solutions.appendingPathComponent(name), encoding: .utf8)
            switch name {
            case "ContactNormalizer.swift":
                // A trap in the learner's code: attributed, and the other exercises still graded.
                text = text.replacingOccurrences(
                    of: "public func normalize(_ raw: RawContact) throws -> Contact {",
                    with:
                        "public func normalize(_ raw: RawContact) throws -> Contact {\n        let none: Int? = nil\n        _ = none!"
                )
            case "normalize_contacts.sql":
                // SQL runs in the trusted grader: attaching a file (which would create it) is refused.
                text =
                    "ATTACH DATABASE '\(root)/Solutions/etl/planted.db' AS planted;\nCREATE TABLE planted.t (a);\n"
                    + text
            case "IncrementalLoader.swift":
                // Writing into the checkout from the runner fails; the answers stay the reference's.
                text = text.replacingOccurrences(
                    of:
                        "public func extract(from source: Connection, after watermark: Watermark?) throws -> [SourceRow] {",
                    with: """
                        public func extract(from source: Connection, after watermark: Watermark?) throws -> [SourceRow] {
                                _ = try? Connection(.file("\(root)/Solutions/etl/planted-by-runner.db"))
                        """)
            default: break
            }
            try text.write(to: candidate.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let before = try Self.snapshot()
        let output = try CLI.run(
            ["grade", "etl", "--from", candidate.path, "--seed", "5", "--json"],
            environment: ["WORKBOOK_STATE_DIR": state.path])
        let report = try JSONDecoder().decode(Report.self, from: Data(output.stdout.utf8))
        let points = Dictionary(uniqueKeysWithValues: report.exercises.map { ($0.id, $0) })
        let trap = report.tests.first { $0.exercise == "etl/1" && $0.status == "error" }
        #expect(trap?.message?.contains("nil") == true, "\(String(describing: trap))")
        #expect(
            trap?.message?.contains(candidate.path + "/ContactNormalizer.swift:") == true, "\(String(describing: trap))"
        )
        #expect(points["etl/1"]!.points == 0)
        #expect(points["etl/2"]!.points == 0, "\(output.stdout)")
        #expect(report.tests.contains { $0.exercise == "etl/2" && $0.message?.contains("not authorized") == true })
        for id in ["etl/3", "etl/4", "etl/5"] {
            #expect(points[id]!.points == points[id]!.maxPoints, "\(id): \(output.stdout)")
        }
        #expect(try Self.snapshot() == before)
    }

    @Test func linksAndReferenceImportsAreRefused() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-state-\(UUID().uuidString)")
        let candidate = FileManager.default.temporaryDirectory.appendingPathComponent("links-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: candidate, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: candidate)
            try? FileManager.default.removeItem(at: state)
        }
        // A symbolic link, in the form that works wherever the folder is.
        try FileManager.default.createSymbolicLink(
            atPath: candidate.appendingPathComponent("ConstantTime.swift").path,
            withDestinationPath: "/proc/self/cwd/Solutions/webhook/ConstantTime.swift")
        let linked = try CLI.run(
            ["grade", "webhook", "--from", candidate.path], environment: ["WORKBOOK_STATE_DIR": state.path])
        #expect(linked.status == 1)
        #expect(linked.stderr.contains("is a symbolic link"), "\(linked.stderr)")
        // Importing the reference: no such module exists where the learner's files compile.
        try FileManager.default.removeItem(at: candidate.appendingPathComponent("ConstantTime.swift"))
        try "import WebhookSolution\ntypealias Borrowed = WebhookSolution.ConstantTimeComparer\n".write(
            to: candidate.appendingPathComponent("HeaderParser.swift"), atomically: true, encoding: .utf8)
        let imported = try CLI.run(
            ["grade", "webhook", "--from", candidate.path], environment: ["WORKBOOK_STATE_DIR": state.path])
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("no such module 'WebhookSolution'"), "\(imported.stderr)")
        // An empty file: the error is in the runner's main, named as the checkout's file, with why.
        try "".write(to: candidate.appendingPathComponent("HeaderParser.swift"), atomically: true, encoding: .utf8)
        let empty = try CLI.run(
            ["grade", "webhook", "--from", candidate.path], environment: ["WORKBOOK_STATE_DIR": state.path])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("Sources/Graders/webhook/learner/main.swift:"), "\(empty.stderr)")
        #expect(empty.stderr.contains("cannot find 'HeaderParser' in scope"), "\(empty.stderr)")
        #expect(!empty.stderr.contains(".workbook/learner"), "\(empty.stderr)")
    }
}
