import Foundation
import Testing

/// `watch` at a terminal: single keys, the focus on the first unfinished exercise, questions
/// before showing or resetting anything, and the terminal's modes restored at the end. Driven
/// through a pseudo-terminal by Python's `pty` (a terminal is what the keys need).
@Suite(.serialized) struct WatchKeysTests {
    /// One state folder for both tests, one after the other: the second reuses the first's build
    /// of the learner runner (half a minute on a loaded machine).
    static let state: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("watch-keys-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// The driver: runs `watch` in a pseudo-terminal, then `stty -a` in the same terminal;
    /// between each expected text and the key that follows, it waits for the text.
    static let driver = #"""
        import os, pty, select, sys, time
        command, steps = sys.argv[1], sys.argv[2:]
        pid, fd = pty.fork()
        if pid == 0:
            # The shell ignores Ctrl-C, so that it lives on to report how watch ended.
            os.execvp("sh", ["sh", "-c", "trap '' INT; " + command + "; echo WATCH-EXIT=$?; stty -a; echo STTY-END"])
        out = b""
        def read_until(text, timeout=300):
            global out
            end = time.time() + timeout
            while text.encode() not in out:
                ready, _, _ = select.select([fd], [], [], max(0, end - time.time()))
                if not ready:
                    sys.stdout.write(out.decode(errors="replace"))
                    sys.exit("timed out waiting for %r" % text)
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    data = b""
                if not data:
                    break
                out += data
        for step in steps:
            text, key = step.split("=>")
            read_until(text)
            if key:
                os.write(fd, key.encode())
                # The next wait looks only at what comes after this key.
                done = out
                out = b""
                sys.stdout.write(done.decode(errors="replace"))
        read_until("STTY-END")
        sys.stdout.write(out.decode(errors="replace"))
        os.waitpid(pid, 0)
        """#

    /// Runs `watch` with these arguments at a pseudo-terminal through `steps` ("text=>key").
    static func drive(_ arguments: String, _ steps: [String]) throws -> CLI.Output {
        let script = state.appendingPathComponent("drive-\(UUID().uuidString).py")
        defer { try? FileManager.default.removeItem(at: script) }
        try driver.write(to: script, atomically: true, encoding: .utf8)
        return try CLI.run(
            ["-c", "exec python3 \"$0\" \"$@\"", script.path, "\(CLI.executable.path) watch \(arguments)"] + steps,
            environment: ["WORKBOOK_STATE_DIR": state.path, "NO_COLOR": "1"], through: "/bin/sh")
    }

    /// Echo and line editing are on (`stty -a` prints "-echo" and "-icanon" when they are off).
    static func isRestored(_ text: String) -> Bool {
        text.contains(" icanon") && text.contains(" echo ") && !text.contains("-icanon") && !text.contains(" -echo ")
    }

    @Test func keysListHintNextAndQuitAndTheTerminalIsRestored() throws {
        let before = try HostileLearnerTests.snapshot()
        let output = try Self.drive(
            "webhook --interval 0.1",
            [
                "q quit=>l",  // the first grading is done: list
                "webhook/1=>h",  // the list shows: the first hint of the exercise in focus
                "Hint 1 of=>s",  // the solution, before it passes: asks, and no is the answer
                "Show the reference anyway?=>n",
                "not shown=>x",  // a reset: asks too
                "Reset webhook/1 to its starter?=>n",
                "q quit=>n",  // the next exercise comes into focus and is graded alone
                "In focus: webhook/2=>q",
                "WATCH-EXIT=0=>",
            ])
        #expect(output.status == 0, "\(output.stdout)\n\(output.stderr)")
        let text = output.stdout
        #expect(text.contains("In focus: webhook/1"), "\(text)")
        #expect(text.contains("Hint 1 of"))
        #expect(!text.contains("Solutions/webhook/ConstantTime.swift"), "the reference was shown: \(text)")
        #expect(text.contains("Score: 0/20 points"), "webhook/2 alone was graded after n: \(text)")
        #expect(Self.isRestored(text), "\(text)")
        // Nothing was reset, nothing shown was recorded: the checkout is as it was.
        #expect(try HostileLearnerTests.snapshot() == before)
    }

    @Test func arrowKeysAreIgnoredAndCtrlCWhileWaitingRestoresTheTerminal() throws {
        // An arrow key first: its escape sequence ends in "C", which must not check the chapter.
        let output = try Self.drive(
            "webhook 3 --interval 0.1", ["q quit=>\u{1B}[C", "=>l", "etl/1=>\u{03}", "WATCH-EXIT=130=>"])
        #expect(output.status == 0, "\(output.stdout)\n\(output.stderr)")
        #expect(output.stdout.contains("In focus: webhook/3"))
        #expect(output.stdout.components(separatedBy: "building grade-webhook").count == 2, "\(output.stdout)")
        #expect(Self.isRestored(output.stdout), "\(output.stdout)")
    }
}
