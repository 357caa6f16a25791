import Foundation
import Grading

#if canImport(Glibc)
    import Glibc
#endif

/// Single key presses from the terminal on standard input, for `watch`: while it waits, the
/// terminal reads keys without Enter and without echo; its modes are restored before anything
/// else runs, when `watch` ends, and on Ctrl-C or a `kill` (a terminal left without echo is
/// the classic bug of tools like this).
final class TerminalKeys: @unchecked Sendable {
    private let saved: termios
    private var isRaw = false
    /// Standard input ended or hung up: no more keys.
    private var isClosed = false

    /// Keys from standard input, or `nil` when it is not a terminal this process may change
    /// (in the background, `tcsetattr` would stop it with SIGTTOU).
    init?() {
        var modes = termios()
        guard isatty(STDIN_FILENO) == 1, tcgetpgrp(STDIN_FILENO) == getpgrp(), tcgetattr(STDIN_FILENO, &modes) == 0
        else { return nil }
        saved = modes
        let restore = SavedModes(modes)
        Interruption.onInterrupt { restore.apply() }
    }

    deinit { cooked() }

    /// Waits at most `seconds` for a key and returns it (`nil`: none came). Ctrl-C still
    /// interrupts: only line editing and echo are off.
    /// The bytes of an escape sequence (an arrow, a function key) are read and dropped whole, so
    /// that its last letter never acts as a key, and a key typed after it still counts.
    func key(within seconds: Double) -> UInt8? {
        guard !isClosed else {
            Thread.sleep(forTimeInterval: seconds)
            return nil
        }
        raw()
        guard let byte = readByte(within: seconds) else { return nil }
        guard byte == 0x1B else { return byte }
        // ESC [ parameters… final (an arrow: ESC [ C), ESC O x (F1 to F4), or ESC and one more.
        switch readByte(within: 0.05) {
        case UInt8(ascii: "["):
            while let next = readByte(within: 0.05), !(0x40...0x7E).contains(next) {}
        case UInt8(ascii: "O"):
            _ = readByte(within: 0.05)
        default:
            break
        }
        return nil
    }

    private func readByte(within seconds: Double) -> UInt8? {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(seconds * 1000)) > 0 else { return nil }
        var byte: UInt8 = 0
        guard read(STDIN_FILENO, &byte, 1) == 1 else {
            isClosed = true  // end of input or a hang-up: poll would report it at once, forever
            return nil
        }
        return byte
    }

    /// Asks a yes-or-no question; only `y` is yes.
    func confirm(_ question: String) -> Bool {
        Console.out(question + " [y/N] ", terminator: "")
        var answer: UInt8?
        while answer == nil { answer = key(within: 60) ?? UInt8(ascii: "n") }
        cooked()
        Console.out(String(UnicodeScalar(answer!)))
        return answer == UInt8(ascii: "y") || answer == UInt8(ascii: "Y")
    }

    /// Line editing and echo back on, as the terminal was.
    func cooked() {
        guard isRaw else { return }
        var modes = saved
        tcsetattr(STDIN_FILENO, TCSANOW, &modes)
        isRaw = false
    }

    /// Keys without Enter and without echo from now on (`key` does it too; call it before
    /// saying which keys there are, so that one pressed at once is not echoed).
    func raw() {
        // Set every time, not once: after Ctrl-Z and `fg` the shell hands the terminal back cooked.
        var modes = saved
        // `poll` says when a key is there, so the read never waits: VMIN and VTIME stay as they are.
        modes.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &modes)
        isRaw = true
    }

    /// The terminal's modes as they were, for the interruption handler.
    private final class SavedModes: @unchecked Sendable {
        let modes: termios
        init(_ modes: termios) { self.modes = modes }
        func apply() {
            var modes = self.modes
            tcsetattr(STDIN_FILENO, TCSANOW, &modes)
        }
    }
}
