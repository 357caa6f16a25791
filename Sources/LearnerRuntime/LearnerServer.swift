import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The learner runner's `main`: serves the learner's implementations to the trusted grader over
/// descriptors 3 (calls in) and 4 (answers out) until the grader goes away.
public enum LearnerServer {
    /// The descriptor the runner reads calls from.
    public static let callDescriptor: Int32 = 3
    /// The descriptor the runner writes answers to.
    public static let answerDescriptor: Int32 = 4

    /// Registers `services` under their well-known ids and serves until the grader closes the
    /// connection; then exits, taking every thread of learner code with it.
    /// - Parameter errorTypes: the chapter's errors, rebuilt by type when the grader's collaborators throw them.
    public static func run(
        _ services: [UInt64: any RemoteServing], errorTypes: [String: @Sendable (Data) throws -> any Error] = [:]
    ) -> Never {
        // Neither descriptor reaches a process that learner code starts.
        _ = fcntl(callDescriptor, F_SETFD, FD_CLOEXEC)
        _ = fcntl(answerDescriptor, F_SETFD, FD_CLOEXEC)
        // Installed before the peer starts reading: the first call may arrive at once, and a
        // starter's `todo()` must answer "not started", never trap.
        TodoHandler.install { what, _ in
            if let (current, id) = RemotePeer.currentCall {
                current.reply(id, .unimplemented(what))
                while true { pause() }  // this call is answered; the thread must not return into learner code
            }
            fatalError("not implemented yet: \(what)")
        }
        let peer = RemotePeer(
            input: callDescriptor, output: answerDescriptor, errorTypes: errorTypes, objects: services
        ) { _ in
            _exit(0)  // the grader is gone: nothing is left to answer
        }
        peer.waitUntilEnded()
        _exit(0)
    }
}
