import Foundation
import Grading
import Synchronization
import Testing

/// Two peers over a pair of pipes in this process: a "grader" and a "runner".
@Suite struct RemotePeerTests {
    /// Answers "secret": stands for a reference collaborator the grader hands a learner's object.
    struct Oracle: RemoteServing {
        func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
            try RemotePeer.encoder.encode("secret")
        }
    }

    /// A learner's object that uses the collaborator whose id it is given, from inside its call.
    struct User: RemoteServing {
        func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
            let id = try RemotePeer.decoder.decode(UInt64.self, from: arguments)
            return try RemotePeer.encoder.encode(
                try peer.call(id, "ask", RemoteNothing(), returning: String.self, input: ""))
        }
    }

    /// Returns its arguments.
    struct Echo: RemoteServing {
        func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data { arguments }
    }

    /// A failure handler for a call made on a thread of its own: reports, then parks the thread
    /// (the handler must not return).
    final class Failures: Sendable {
        let seen = Mutex<[RemoteFailure]>([])
        let signal = DispatchSemaphore(value: 0)
        func handle(_ failure: RemoteFailure) -> Never {
            seen.withLock { $0.append(failure) }
            signal.signal()
            while true { pause() }
        }
    }

    static func connected(
        reading: RemotePeer.Reading = .whileCalling,
        onFailure: @escaping @Sendable (RemoteFailure) -> Never = { fatalError("\($0)") }
    ) -> (grader: RemotePeer, runner: RemotePeer) {
        var toRunner: [Int32] = [0, 0]
        var toGrader: [Int32] = [0, 0]
        _ = pipe(&toRunner)
        _ = pipe(&toGrader)
        let grader = RemotePeer(input: toGrader[0], output: toRunner[1], reading: reading, onFailure: onFailure)
        let runner = RemotePeer(input: toRunner[0], output: toGrader[1], objects: [1: User(), 2: Echo()]) {
            failure in fatalError("\(failure)")
        }
        return (grader, runner)
    }

    @Test func aHandedCollaboratorIsCallableOnlyFromInsideCallsToItsOwner() throws {
        // Read continuously, so that the runner's call from outside any call is read at all.
        let (grader, runner) = Self.connected(reading: .continuously)
        let scope = grader.makeScope()
        let oracle = grader.register(Oracle(), scope: scope)
        // From inside the grader's call with that scope: allowed.
        #expect(try grader.call(1, "use", oracle, returning: String.self, scope: scope, input: "") == "secret")
        // From inside a call without it (the learner's other objects): refused.
        #expect(throws: RemoteError.self) { try grader.call(1, "use", oracle, returning: String.self, input: "") }
        // From anywhere else (learner code using the reference as an oracle): refused.
        do {
            _ = try runner.call(oracle, "ask", RemoteNothing(), returning: String.self, input: "")
            Issue.record("a scoped collaborator was callable outside its owner's calls")
        } catch let error as RemoteError {
            #expect(error.type == "RemoteNotCallable", "\(error)")
        }
    }

    @Test func anUnscopedObjectStaysCallable() throws {
        // Read continuously: the runner calls while no call of the grader's is out.
        let (grader, runner) = Self.connected(reading: .continuously)
        let open = grader.register(Oracle())
        #expect(try runner.call(open, "ask", RemoteNothing(), returning: String.self, input: "") == "secret")
    }

    @Test func aCallbackIsAnsweredWhileTheCallerReads() throws {
        let (grader, _) = Self.connected(reading: .whileCalling)
        let scope = grader.makeScope()
        let oracle = grader.register(Oracle(), scope: scope)
        for _ in 0..<50 {
            #expect(try grader.call(1, "use", oracle, returning: String.self, scope: scope, input: "") == "secret")
        }
        #expect(throws: RemoteError.self) { try grader.call(1, "use", oracle, returning: String.self, input: "") }
    }

    @Test(arguments: [RemotePeer.Reading.whileCalling, .continuously])
    func concurrentCallersEachGetTheirOwnAnswer(reading: RemotePeer.Reading) {
        let (grader, _) = Self.connected(reading: reading)
        let wrong = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 400) { index in
            let answer = try? grader.call(2, "echo", [index, -index], returning: [Int].self, input: "")
            if answer != [index, -index] { wrong.withLock { $0 += 1 } }
        }
        #expect(wrong.withLock { $0 } == 0)
    }

    /// A grader whose calls nobody answers; `answers` is the write end of its input.
    static func unanswered(_ failures: Failures) -> (grader: RemotePeer, answers: Int32) {
        var answers: [Int32] = [0, 0]
        var calls: [Int32] = [0, 0]
        _ = pipe(&answers)
        _ = pipe(&calls)
        let grader = RemotePeer(input: answers[0], output: calls[1], reading: .whileCalling) { failures.handle($0) }
        return (grader, answers[1])
    }

    @Test func aCallWhoseOtherSideEndsFailsAsEnded() {
        let failures = Failures()
        let (grader, answers) = Self.unanswered(failures)
        Thread.detachNewThread { _ = try? grader.call(2, "echo", 1, returning: Int.self, input: "the input") }
        usleep(50_000)
        close(answers)  // as when the runner's process ends
        #expect(failures.signal.wait(timeout: .now() + 10) == .success)
        let failure = failures.seen.withLock { $0.first }
        #expect(failure?.kind == .ended)
        #expect(failure?.input == "the input")
    }

    @Test func aCallPastTheDeadlineFailsAsTimedOut() {
        let failures = Failures()
        let (grader, _) = Self.unanswered(failures)
        grader.setDeadline(.now + .milliseconds(50))
        Thread.detachNewThread { _ = try? grader.call(2, "echo", 1, returning: Int.self, input: "slow input") }
        #expect(failures.signal.wait(timeout: .now() + 10) == .success)
        let failure = failures.seen.withLock { $0.first }
        #expect(failure?.kind == .timedOut)
        #expect(failure?.input == "slow input")
    }

    @Test func aLineThatIsNotAMessageIsAProtocolError() {
        let failures = Failures()
        let (grader, answers) = Self.unanswered(failures)
        Thread.detachNewThread { _ = try? grader.call(2, "echo", 1, returning: Int.self, input: "") }
        let garbage = Array("reply 1 returned 5\n".utf8)  // no tab
        _ = garbage.withUnsafeBytes { write(answers, $0.baseAddress!, $0.count) }
        #expect(failures.signal.wait(timeout: .now() + 10) == .success)
        #expect(failures.seen.withLock { $0.first?.kind } == .protocolError)
    }
}
