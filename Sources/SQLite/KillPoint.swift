import Foundation
import Synchronization

/// A hook for crash-safety tests, without wall-clock sleeps or chance: with
/// `WORKBOOK_KILL_AT_STEP=N` in the environment the process kills itself with SIGKILL (as `kill -9`
/// or a power cut would) just before the N-th SQL statement it runs; with `N = 0` it only counts,
/// and prints `kill points: <count>` to standard error at exit, so that a test can pick steps from
/// a seed. Unset, each statement pays one comparison.
public enum KillPoint {
    private static let target: Int? = ProcessInfo.processInfo.environment["WORKBOOK_KILL_AT_STEP"].flatMap {
        Int($0)
    }
    private static let passed = Atomic<Int>(0)
    private static let countsAtExit: Void = {
        atexit {
            FileHandle.standardError.write(Data("kill points: \(KillPoint.passed.load(ordering: .relaxed))\n".utf8))
        }
    }()

    /// Marks one step: the process dies here when it is the N-th.
    public static func pass() {
        guard let target else { return }
        let step = passed.add(1, ordering: .relaxed).newValue
        if target == 0 {
            countsAtExit
        } else if step == target {
            kill(getpid(), SIGKILL)
        }
    }
}
