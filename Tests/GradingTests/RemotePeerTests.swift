import Foundation
import Grading
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

    static func connected() -> (grader: RemotePeer, runner: RemotePeer) {
        var toRunner: [Int32] = [0, 0]
        var toGrader: [Int32] = [0, 0]
        _ = pipe(&toRunner)
        _ = pipe(&toGrader)
        let grader = RemotePeer(input: toGrader[0], output: toRunner[1]) { failure in fatalError("\(failure)") }
        let runner = RemotePeer(input: toRunner[0], output: toGrader[1], objects: [1: User()]) { failure in
            fatalError("\(failure)")
        }
        return (grader, runner)
    }

    @Test func aHandedCollaboratorIsCallableOnlyFromInsideCallsToItsOwner() throws {
        let (grader, runner) = Self.connected()
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
        let (grader, runner) = Self.connected()
        let open = grader.register(Oracle())
        #expect(try runner.call(open, "ask", RemoteNothing(), returning: String.self, input: "") == "secret")
    }
}
