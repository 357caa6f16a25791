import Foundation
import Grading
import Testing

/// The built `workbook` binary, run end to end.
struct CLI {
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("workbook")
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the CLI to completion (killed after `timeLimit`, so that a hang fails instead of blocking).
    static func run(
        _ arguments: [String], input: Data? = nil, in directory: URL = packageRoot, environment: [String: String] = [:],
        timeLimit: Duration = .seconds(600), through launcher: String? = nil
    ) throws -> Output {
        // `swift test` built the graders and tools, and holds the build folder's lock.
        let result = try Subprocess.run(
            launcher ?? executable.path, arguments, in: directory,
            environment: ProcessInfo.processInfo.environment.merging(["WORKBOOK_PREBUILT": "1"]) { $1 }
                .merging(environment) { $1 },
            input: input ?? Data(), timeLimit: timeLimit)
        return Output(status: result.status, stdout: result.outputText, stderr: result.errorText)
    }

    /// A throwaway folder that looks like the workbook (for commands that write `.workbook/`).
    static func scratchWorkspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for item in ["Package.swift", "Chapters", "Exercises", "Solutions"] {
            try FileManager.default.copyItem(
                at: packageRoot.appendingPathComponent(item), to: folder.appendingPathComponent(item))
        }
        return folder
    }
}

@Suite struct HelpAndUsageTests {
    @Test func everyCommandHasHelp() throws {
        for command in [
            [], ["run"], ["watch"], ["checks"], ["hint"], ["solution"], ["reset"], ["verify"], ["validate"], ["doctor"],
            ["bench"],
            ["list"], ["webhook"], ["webhook", "sign"], ["webhook", "verify"],
        ] {
            let output = try CLI.run(command + ["--help"])
            #expect(output.status == 0, "\(command)")
            #expect(output.stdout.hasPrefix("OVERVIEW: "), "\(command)")
            #expect(output.stdout.contains("USAGE: workbook"), "\(command)")
        }
    }

    @Test func usageErrorsExitTwoWithTheUsageLine() throws {
        let output = try CLI.run(["run"])
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("Error: missing argument <chapter>\nUsage: workbook run <chapter>"))
        let unknown = try CLI.run(["run", "nosuchchapter"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown chapter \"nosuchchapter\" (chapters: webhook"))
        // Chapter names are checked before anything is built, with a suggestion for a typo.
        let chapterTypo = try CLI.run(["bench", "webhok"])
        #expect(chapterTypo.status == 2)
        #expect(chapterTypo.stderr.contains("did you mean webhook?"), "\(chapterTypo.stderr)")
        #expect(!chapterTypo.stderr.contains("building"))
        let typo = try CLI.run(["lsit"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("did you mean list?"))
    }

    @Test func doctorReportsTheToolchainAndLibraries() throws {
        let output = try CLI.run(["doctor"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("✓ Swift toolchain: Swift version 6"))
        #expect(output.stdout.contains("✓ libcrypto (OpenSSL)"))
        #expect(output.stdout.contains("✓ SQLite"))
    }

    @Test func outsideTheWorkbookSaysWhereToGo() throws {
        let output = try CLI.run(["list"], in: FileManager.default.temporaryDirectory)
        #expect(output.status == 1)
        #expect(output.stderr.contains("not inside the workbook"))
    }
}

@Suite struct LearnerCommandTests {
    @Test func statusAndListShowChaptersAndNextStep() throws {
        let folder = try CLI.scratchWorkspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let status = try CLI.run([], in: folder)
        #expect(status.status == 0)
        #expect(status.stdout.contains("webhook"))
        #expect(status.stdout.contains("Next: webhook/1 Constant-time comparison"))
        let list = try CLI.run(["list"], in: folder)
        #expect(list.stdout.contains("webhook/5   Replay protection"))
        #expect(!list.stdout.contains("\u{1B}["), "no colour when not a terminal")
    }

    @Test func hintsComeOneAtATimeAndTheCountIsRemembered() throws {
        let folder = try CLI.scratchWorkspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try CLI.run(["hint", "webhook", "1"], in: folder)
        #expect(first.stdout.contains("Hint 1 of"))
        let second = try CLI.run(["hint", "webhook", "1"], in: folder)
        #expect(second.stdout.contains("Hint 2 of"))
        #expect(!second.stdout.contains("Hint 1 of"))
        let list = try CLI.run(["list"], in: folder)
        #expect(list.stdout.contains("2 hints"))
        // The last one says so the first time it is shown.
        var last = second
        while !last.stdout.contains("That was the last hint") {
            #expect(last.stdout.contains("Hint "), "\(last.stdout)")
            last = try CLI.run(["hint", "webhook", "1"], in: folder)
        }
        let count = try #require(last.stdout.firstMatch(of: /Hint (\d+) of (\d+)/))
        #expect(count.1 == count.2, "\(last.stdout)")
        let bad = try CLI.run(["hint", "webhook", "9"], in: folder)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("webhook has no exercise \"9\""))
    }

    @Test func solutionShowsTheReferenceOrADiffAndHidesNotesUntilPassed() throws {
        let folder = try CLI.scratchWorkspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Not passed yet, and no terminal to ask at: refused, nothing shown, nothing recorded.
        let refused = try CLI.run(["solution", "webhook", "1"], in: folder)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("webhook/1 has not passed yet"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--yes"))
        #expect(!refused.stdout.contains("difference |= x ^ y"))
        #expect(try !CLI.run(["list"], in: folder).stdout.contains("solution seen"))
        let full = try CLI.run(["solution", "webhook", "1", "--yes"], in: folder)
        #expect(full.stdout.contains("difference |= x ^ y"))
        #expect(try CLI.run(["list"], in: folder).stdout.contains("solution seen"))
        #expect(full.stdout.contains("Pass webhook/1 to unlock"))
        // At a terminal (a pseudo-terminal, through util-linux's `script`) it asks; "n" shows nothing.
        for (answer, shown) in [("n", false), ("y", true)] {
            let asked = try CLI.run(
                ["-qc", "\(CLI.executable.path) solution webhook 2", "/dev/null"], input: Data("\(answer)\n".utf8),
                in: folder, through: "/usr/bin/script")
            #expect(asked.stdout.contains("webhook/2 has not passed yet. Show the reference anyway?"), "\(asked)")
            #expect(asked.stdout.contains("Solutions/webhook/HeaderParser.swift") == shown, "\(answer): \(asked)")
        }
        let diff = try CLI.run(["solution", "webhook", "1", "--diff", "--yes"], in: folder)
        #expect(diff.stdout.contains("- ") && diff.stdout.contains("+ "))
    }

    @Test func theVisibleChecksCanBeReadAndTheHiddenOnesAreOnlyCounted() throws {
        struct Plan: Decodable {
            struct Check: Decodable {
                var exercise: String
                var name: String
                var hidden: Bool
            }
            var checks: [Check]
        }
        let plan = try JSONDecoder().decode(
            Plan.self, from: Data(contentsOf: CLI.packageRoot.appendingPathComponent("Chapters/webhook/plan.json")))
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("checks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let output = try CLI.run(["checks", "webhook", "5"], environment: ["WORKBOOK_STATE_DIR": state.path])
        #expect(output.status == 0, "\(output.stderr)")
        // One exercise's checks come with the inputs its examples and scenarios name.
        #expect(output.stdout.contains("input: checkAndRecord(n1) on an empty store"), "\(output.stdout)")
        #expect(output.stderr.contains("reading the example inputs of webhook/5 from a grading of the reference"))
        let mine = plan.checks.filter { $0.exercise == "webhook/5" }
        for check in mine where !check.hidden { #expect(output.stdout.contains(check.name), "\(check.name)") }
        for check in mine where check.hidden { #expect(!output.stdout.contains(check.name), "\(check.name)") }
        let hidden = mine.filter(\.hidden).count
        #expect(output.stdout.contains("+ \(hidden) hidden check"), "\(output.stdout)")
        #expect(!output.stdout.contains("webhook/4"))
        let chapter = try CLI.run(["checks", "webhook"])
        #expect(chapter.stdout.contains("webhook/1  Constant-time comparison") && !chapter.stdout.contains("input: "))
        #expect(chapter.stdout.contains("checks webhook <exercise>` also shows each check's example inputs"))
    }

    @Test func aDamagedProgressFileIsSetAsideOnceAndSaid() throws {
        let folder = try CLI.scratchWorkspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent(".workbook")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let file = state.appendingPathComponent("progress.json")
        func asides() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: state.path).filter { $0.hasPrefix("progress.damaged") }
        }
        // Truncated JSON, then negative counts: each set aside under its own name (even within one
        // second), with a warning from whichever command read it.
        let damaged = [
            #"{"schemaVersion": 1, "exercises": {"#,
            #"{"schemaVersion": 1, "exercises": {"webhook/1": {"points": -5, "maxPoints": 10, "attempts": -1, "hintsShown": 0, "secondsSpent": 0}}}"#,
        ]
        for (n, (text, command)) in zip(damaged, [["list"], ["hint", "webhook", "1"]]).enumerated() {
            try text.write(to: file, atomically: true, encoding: .utf8)
            let output = try CLI.run(command, in: folder)
            #expect(output.stderr.contains("warning: progress file was damaged"), "\(command): \(output.stderr)")
            #expect(try asides().count == n + 1)
            #expect(!output.stdout.contains("-5/"))
        }
        #expect(try CLI.run(["list"], in: folder).stderr.isEmpty, "warned once, not on every run")
        // A file from a newer workbook is neither read as ours nor written over.
        let newer = #"{"schemaVersion": 999, "exercises": {}, "future": true}"#
        try newer.write(to: file, atomically: true, encoding: .utf8)
        let output = try CLI.run(["hint", "webhook", "2"], in: folder)
        #expect(output.stderr.contains("schema version 999, from a newer workbook"), "\(output.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == newer)
        #expect(try asides().count == 2)
    }

    @Test func resetOfAChapterRestoresTheFilesTheWorkbookSupplies() throws {
        let folder = try CLI.scratchWorkspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Copying the solutions in replaces ContactSQL.swift too, which is no exercise's file.
        let exercises = folder.appendingPathComponent("Exercises/etl")
        let solutions = folder.appendingPathComponent("Solutions/etl")
        for name in try FileManager.default.contentsOfDirectory(atPath: solutions.path) {
            try FileManager.default.removeItem(at: exercises.appendingPathComponent(name))
            try FileManager.default.copyItem(
                at: solutions.appendingPathComponent(name), to: exercises.appendingPathComponent(name))
        }
        let supplied = exercises.appendingPathComponent("ContactSQL.swift")
        let pristine = try Data(
            contentsOf: folder.appendingPathComponent("Chapters/etl/starter/ContactSQL.swift.starter"))
        #expect(try Data(contentsOf: supplied) != pristine)
        let reset = try CLI.run(["reset", "etl"], in: folder)
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(try Data(contentsOf: supplied) == pristine)
        #expect(reset.stdout.contains("restored the starter of Exercises/etl/ContactSQL.swift"))
    }

    @Test func resetBacksUpTheLearnersFileAndRestoresTheStarter() throws {
        let folder = try CLI.scratchWorkspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("Exercises/webhook/TimestampWindow.swift")
        let starter = try String(contentsOf: file, encoding: .utf8)
        try "// my work in progress\n".write(to: file, atomically: true, encoding: .utf8)
        let output = try CLI.run(["reset", "webhook", "4"], in: folder)
        #expect(output.status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == starter)
        let backups = folder.appendingPathComponent(".workbook/backups")
        let saved =
            FileManager.default.enumerator(atPath: backups.path)?.compactMap { $0 as? String }.filter {
                $0.hasSuffix("TimestampWindow.swift")
            } ?? []
        #expect(saved.count == 1)
        #expect(
            try String(contentsOf: backups.appendingPathComponent(saved[0]), encoding: .utf8)
                == "// my work in progress\n")
    }
}

@Suite struct WebhookToolTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    func sign(_ scheme: String, secret: String = secret, body: String, extra: [String] = []) throws -> [String] {
        let output = try CLI.run(
            [
                "webhook", "sign", "--scheme", scheme, "--secret", secret, "--body-file", "-", "--timestamp",
                "1700000000",
            ] + extra, input: Data(body.utf8))
        #expect(output.status == 0, "\(output.stderr)")
        return output.stdout.split(separator: "\n").map(String.init)
    }

    func verify(
        _ scheme: String, secrets: [String] = [secret], headers: [String], body: String, now: String = "1700000010",
        extra: [String] = []
    ) throws -> CLI.Output {
        try CLI.run(
            ["webhook", "verify", "--scheme", scheme, "--body-file", "-", "--now", now]
                + secrets.flatMap { ["--secret", $0] } + headers.flatMap { ["--header", $0] } + extra,
            input: Data(body.utf8))
    }

    @Test(arguments: ["standard", "stripe", "github"])
    func signedDeliveriesVerify(_ scheme: String) throws {
        let body = #"{"type":"ping"}"#
        let headers = try sign(scheme, body: body)
        let output = try verify(scheme, headers: headers, body: body)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("valid: signed with secret #1"))
    }

    @Test func rotationTriesEverySecret() throws {
        let body = "{}"
        let headers = try sign("stripe", secret: "whsec_new", body: body)
        let output = try verify("stripe", secrets: ["whsec_old", "whsec_new"], headers: headers, body: body)
        #expect(output.stdout.hasPrefix("valid: signed with secret #2"))
    }

    @Test func eachRejectionExitsOneWithItsReason() throws {
        let body = "{}"
        let headers = try sign("standard", body: body)
        let cases: [(CLI.Output, String)] = [
            (try verify("standard", headers: headers, body: "{ }"), "invalid: bad signature"),
            (try verify("standard", headers: headers, body: body, now: "1700000301"), "invalid: too old"),
            (try verify("standard", headers: headers, body: body, now: "1699999699"), "invalid: in the future"),
            (
                try verify(
                    "standard",
                    headers: headers.map { $0.hasPrefix("webhook-timestamp") ? "webhook-timestamp: 1.7e9" : $0 },
                    body: body), "invalid: malformed header: webhook-timestamp"
            ),
            (
                try verify("standard", headers: Array(headers.dropLast()), body: body),
                "invalid: missing header: webhook-signature"
            ),
        ]
        for (output, reason) in cases {
            #expect(output.status == 1)
            #expect(output.stderr.hasPrefix(reason), "\(output.stderr)")
            #expect(!output.stderr.contains(Self.secret))
        }
    }

    @Test func extremeClocksGetAnErrorOrAnExactAnswerNeverATrap() throws {
        let body = "{}"
        let past = try verify(
            "standard", headers: try sign("standard", body: body), body: body, now: "9223372036854775807")
        #expect(past.status == 2, "\(past.stderr)")
        #expect(past.stderr.contains("--now 9223372036854775807 is past 9007199254740991"), "\(past.stderr)")
        // At the latest exact second, a timestamp equal to now is valid, not "in the future".
        let latest = "9007199254740991"
        let resigned = try CLI.run(
            [
                "webhook", "sign", "--scheme", "stripe", "--secret", Self.secret, "--body-file", "-", "--timestamp",
                latest,
            ],
            input: Data(body.utf8))
        #expect(resigned.status == 0, "\(resigned.stderr)")
        let exact = try verify(
            "stripe", headers: resigned.stdout.split(separator: "\n").map(String.init), body: body, now: latest)
        #expect(exact.status == 0, "\(exact.stderr)")
        #expect(exact.stdout.contains("timestamp \(latest) (0 s ago)"), "\(exact.stdout)")
    }

    @Test func aReplayDatabaseRefusesTheSecondDelivery() throws {
        let body = "{}"
        let headers = try sign("standard", body: body)
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString).sqlite")
            .path
        defer { try? FileManager.default.removeItem(atPath: db) }
        #expect(try verify("standard", headers: headers, body: body, extra: ["--replay-db", db]).status == 0)
        let second = try verify("standard", headers: headers, body: body, extra: ["--replay-db", db])
        #expect(second.status == 1)
        #expect(second.stderr.hasPrefix("invalid: replayed"))
    }

    @Test func badSecretsAndOptionsAreUsageOrInputErrors() throws {
        let badSecret = try CLI.run(
            ["webhook", "sign", "--scheme", "standard", "--secret", "whsec_!!!", "--body-file", "-"], input: Data())
        #expect(badSecret.status == 1)
        #expect(badSecret.stderr.contains("secret #1: invalid secret"))
        #expect(!badSecret.stderr.contains("!!!"))
        let badScheme = try CLI.run(
            ["webhook", "sign", "--scheme", "slack", "--secret", "x", "--body-file", "-"], input: Data())
        #expect(badScheme.status == 2)
        let badHeader = try verify("github", headers: ["no colon here"], body: "")
        #expect(badHeader.status == 2)
        let missingFile = try CLI.run([
            "webhook", "sign", "--scheme", "github", "--secret", "x", "--body-file", "/nonexistent/body.json",
        ])
        #expect(missingFile.status == 1)
        #expect(missingFile.stderr.contains("cannot read the body file /nonexistent/body.json"))
    }
}

@Suite struct InterviewerCommandTests {
    @Test func gradeScoresACandidatesFolderWithoutTouchingExercisesAndKeepsAScoreCard() throws {
        let candidate = FileManager.default.temporaryDirectory.appendingPathComponent("candidate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: candidate, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: candidate) }
        for file in ["ConstantTime.swift", "TimestampWindow.swift"] {
            try FileManager.default.copyItem(
                at: CLI.packageRoot.appendingPathComponent("Solutions/webhook/\(file)"),
                to: candidate.appendingPathComponent(file))
        }
        let exercisesBefore = try String(
            contentsOf: CLI.packageRoot.appendingPathComponent("Exercises/webhook/ConstantTime.swift"), encoding: .utf8)
        // A state folder of the test's own (kept between runs so the shadow build stays warm),
        // never the checkout's .workbook/.
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-cli-tests-state")
        try? FileManager.default.removeItem(at: state.appendingPathComponent("scorecards"))
        let environment = ["WORKBOOK_STATE_DIR": state.path]
        let output = try CLI.run(
            ["grade", "webhook", "--from", candidate.path, "--candidate", "test", "--seed", "3", "--json"],
            environment: environment)
        #expect(output.status == 1, "\(output.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        // Exercises 1 and 4 in full, hidden checks included: 10 + 1 and 15 + 1.
        #expect(report["points"] as? Int == 27)
        #expect(
            try String(
                contentsOf: CLI.packageRoot.appendingPathComponent("Exercises/webhook/ConstantTime.swift"),
                encoding: .utf8) == exercisesBefore)
        let cards = try FileManager.default.contentsOfDirectory(atPath: state.appendingPathComponent("scorecards").path)
        #expect(cards.contains { $0.hasPrefix("test-webhook-") && $0.hasSuffix(".json") })
        let empty = try CLI.run(
            ["grade", "webhook", "--from", FileManager.default.temporaryDirectory.path], environment: environment)
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("holds none of the webhook exercise files"))
    }
}
