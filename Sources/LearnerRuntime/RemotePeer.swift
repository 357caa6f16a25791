import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One message between the trusted grader and the learner runner, one line each.
///
/// Both sides are peers: either may call an object the other registered (the grader calls the
/// learner's implementations; a learner's verifier calls back the collaborators the grader handed
/// it). Arguments and results are JSON text, so the envelope stays independent of every chapter.
/// On the wire a message is a short header, a tab and the JSON as it is (`line`), so that a
/// call's JSON is neither encoded twice nor escaped: calls are the grading loop's hot path.
public enum RemoteMessage: Codable, Sendable, Equatable {
    /// Calls `method` of object `object` on the receiving side.
    case call(id: UInt64, object: UInt64, method: String, arguments: String)
    /// The answer to call `id`.
    case reply(id: UInt64, outcome: RemoteOutcome)

    /// The version of this envelope; a peer that reads another refuses it.
    public static let schemaVersion = 2

    private struct Thrown: Codable {
        var type: String
        var payload: String?
        var description: String
    }

    /// The message as one line, without its newline: `call <id> <object> <method>\t<json>` or
    /// `reply <id> returned|unimplemented|threw\t<json>`.
    public var line: Data {
        switch self {
        case .call(let id, let object, let method, let arguments):
            return Data("call \(id) \(object) \(method)\t\(arguments)".utf8)
        case .reply(let id, .returned(let json)):
            return Data("reply \(id) returned\t\(json)".utf8)
        case .reply(let id, .unimplemented(let what)):
            return Data("reply \(id) unimplemented\t".utf8)
                + ((try? RemotePeer.encoder.encode(what)) ?? Data("\"\"".utf8))
        case .reply(let id, .threw(let type, let payload, let description)):
            let thrown = Thrown(type: type, payload: payload, description: description)
            return Data("reply \(id) threw\t".utf8) + ((try? RemotePeer.encoder.encode(thrown)) ?? Data("{}".utf8))
        }
    }

    /// Reads a message from one line (without its newline); `nil` for anything else.
    public init?(line: some Collection<UInt8>) {
        guard let tab = line.firstIndex(of: 0x09) else { return nil }
        let header = String(decoding: line[..<tab], as: UTF8.self).split(separator: " ")
        let body = line[line.index(after: tab)...]
        guard header.count >= 3, let id = UInt64(header[1]), !body.contains(0x0A) else { return nil }
        switch (header[0], header.count) {
        case ("call", 4):
            guard let object = UInt64(header[2]) else { return nil }
            self = .call(
                id: id, object: object, method: String(header[3]), arguments: String(decoding: body, as: UTF8.self))
        case ("reply", 3) where header[2] == "returned":
            self = .reply(id: id, outcome: .returned(String(decoding: body, as: UTF8.self)))
        case ("reply", 3) where header[2] == "unimplemented":
            guard let what = try? RemotePeer.decoder.decode(String.self, from: Data(body)) else { return nil }
            self = .reply(id: id, outcome: .unimplemented(what))
        case ("reply", 3) where header[2] == "threw":
            guard let thrown = try? RemotePeer.decoder.decode(Thrown.self, from: Data(body)) else { return nil }
            self = .reply(
                id: id, outcome: .threw(type: thrown.type, payload: thrown.payload, description: thrown.description))
        default:
            return nil
        }
    }
}

/// How a remote call ended.
public enum RemoteOutcome: Codable, Sendable, Equatable {
    /// The call returned this JSON value.
    case returned(String)
    /// The call threw: the error's type, its JSON encoding when it has one, and its description.
    case threw(type: String, payload: String?, description: String)
    /// The call reached the starter's marker.
    case unimplemented(String)
}

/// Why a remote call got no answer. The peer hands it to its failure handler, which never
/// returns: on the grader it ends the check with the input that caused it.
public struct RemoteFailure: Error, Sendable, CustomStringConvertible {
    /// How the call failed.
    public enum Kind: String, Sendable {
        /// The other process ended (a trap, a signal, an exit) before answering.
        case ended
        /// No answer before the deadline.
        case timedOut
        /// The other side sent something that is not a message of this protocol.
        case protocolError
    }

    public var kind: Kind
    /// The method called.
    public var method: String
    /// The call's input, as the caller described it.
    public var input: String
    /// Details (the malformed line, the deadline).
    public var detail: String

    public var description: String { "\(kind.rawValue) in \(method)(\(input)): \(detail)" }
}

/// An object that answers remote calls.
public protocol RemoteServing: Sendable {
    /// Runs `method` with its JSON `arguments` and returns the JSON result.
    /// - Throws: what the implementation threw; `Unimplemented` travels as the starter's marker.
    func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data
}

/// An error thrown on the other side whose type this side cannot rebuild.
public struct RemoteError: Error, Sendable, CustomStringConvertible {
    /// The thrown type's name.
    public var type: String
    /// Its description.
    public var description: String
}

/// One end of the connection between grader and learner runner: writes calls and replies, reads
/// them on a thread of its own, and runs incoming calls each on a thread, so that concurrent
/// callers stay concurrent on the other side.
public final class RemotePeer: @unchecked Sendable {
    private struct Pending {
        var outcome: RemoteOutcome?
        var semaphore = DispatchSemaphore(value: 0)
        /// The scope this call opens for callback objects (see `register`), chosen by this side.
        var scope: UInt64?
    }

    private struct State {
        var nextCall: UInt64 = 1
        var nextObject: UInt64 = 1_000
        var pending: [UInt64: Pending] = [:]
        var objects: [UInt64: any RemoteServing] = [:]
        /// For a callback object: the scope during whose calls it may be called.
        var scopes: [UInt64: UInt64] = [:]
        var nextScope: UInt64 = 1
        var ended: RemoteFailure?
        var deadline: ContinuousClock.Instant?
        var serving = 0
        /// Whether a thread holds the reading role (only one reads the connection at a time).
        var reading = false
        /// Threads of the continuous reader's pool waiting for their turn to read.
        var idleReaders = 0
    }

    /// Who reads the connection.
    public enum Reading: Sendable {
        /// A thread of the peer's own, all the time: the side that serves calls.
        case continuously
        /// The calling threads, while a call of theirs waits for its answer: the answer wakes the
        /// caller itself instead of a reader that then wakes the caller, which halves the thread
        /// switches of a call. Calls from the other side are read only while a call is out.
        case whileCalling
    }

    /// The most incoming calls served at once; more are refused, so that a flood of calls from
    /// the other side cannot exhaust this process's threads.
    public static let maximumConcurrentCalls = 256

    private let input: Int32
    private let output: Int32
    private let reading: Reading
    /// Bytes read but not yet handled, and the buffer they are read into; touched only by the
    /// thread holding the reading role.
    private var unread: [UInt8] = []
    private var readBuffer = [UInt8](repeating: 0, count: 65_536)
    private let state = Mutex(State())
    private let writeLock = Mutex(())
    private let maximumLine: Int
    private let endedSignal = DispatchSemaphore(value: 0)
    /// Hands the continuous reading to an idle thread of its pool.
    private let readerTurn = DispatchSemaphore(value: 0)
    /// Called when a call cannot be answered; it must not return.
    private let onFailure: @Sendable (RemoteFailure) -> Never
    /// Turns a thrown error's type name and JSON back into the error, for the chapter's own errors.
    private let errorDecoders: [String: @Sendable (Data) throws -> any Error]

    /// Creates a peer that reads messages from `input` and writes them to `output`.
    /// - Parameters:
    ///   - maximumLine: the longest message accepted, in bytes; longer is a protocol error.
    ///   - errorTypes: errors rebuilt by type when the other side throws them.
    ///   - objects: objects callable from the start, by well-known id (below 1000).
    ///   - reading: who reads the connection (see `Reading`).
    ///   - onFailure: what to do when a call gets no answer.
    public init(
        input: Int32, output: Int32, maximumLine: Int = 8 << 20,
        errorTypes: [String: @Sendable (Data) throws -> any Error] = [:],
        objects: [UInt64: any RemoteServing] = [:], reading: Reading = .continuously,
        onFailure: @escaping @Sendable (RemoteFailure) -> Never
    ) {
        // Registered before the first message is read: a call may arrive at once.
        state.withLock { $0.objects = objects }
        self.input = input
        self.output = output
        self.maximumLine = maximumLine
        self.errorDecoders = errorTypes
        self.onFailure = onFailure
        self.reading = reading
        if reading == .continuously {
            state.withLock { $0.reading = true }
            Thread.detachNewThread { [self] in readerLoop() }
        }
    }

    /// The type name under which a thrown error travels.
    public static func typeName(of error: any Error) -> String { String(reflecting: type(of: error)) }

    /// A decoder for `type`'s errors, for `errorTypes`.
    public static func decoder<E: Error & Decodable>(for type: E.Type) -> (String, @Sendable (Data) throws -> any Error)
    {
        (String(reflecting: type), { try RemotePeer.decoder.decode(E.self, from: $0) })
    }

    /// Ends the current call as the other side's fault (an answer that makes no sense for the
    /// contract); like a call that got no answer, it never returns.
    public func fail(_ method: String, input: String, _ detail: String) -> Never {
        onFailure(RemoteFailure(kind: .protocolError, method: method, input: input, detail: detail))
    }

    /// Sets the instant after which an outstanding call fails as timed out (`nil`: no limit).
    public func setDeadline(_ deadline: ContinuousClock.Instant?) { state.withLock { $0.deadline = deadline } }

    /// Makes `object` callable from the other side and returns its id.
    /// - Parameter scope: when given (from `makeScope`), the other side may call it only while one
    ///   of our calls made with that scope is outstanding: a collaborator handed to a learner's
    ///   object is usable from inside that object's calls, never as an oracle from anywhere else.
    ///   The scope is chosen on this side and never sent, so the other side cannot forge it.
    public func register(_ object: any RemoteServing, scope: UInt64? = nil) -> UInt64 {
        state.withLock {
            let id = $0.nextObject
            $0.nextObject += 1
            $0.objects[id] = object
            if let scope { $0.scopes[id] = scope }
            return id
        }
    }

    /// A new scope for callback objects (see `register(_:scope:)`).
    public func makeScope() -> UInt64 {
        state.withLock { state in
            defer { state.nextScope += 1 }
            return state.nextScope
        }
    }

    /// Forgets a registered object.
    public func release(_ id: UInt64) {
        state.withLock {
            $0.objects[id] = nil
            $0.scopes[id] = nil
        }
    }

    /// The local object registered under `id`, to unwrap a reference the other side passes back.
    public func object(_ id: UInt64) -> (any RemoteServing)? { state.withLock { $0.objects[id] } }

    /// Calls `method` of the other side's object `object` and decodes its result.
    /// - Parameter input: the call's input as a person reads it, for a crash or time-out report.
    /// - Throws: the error the other side threw (rebuilt when its type is known), `Unimplemented`.
    /// - Parameter scope: opens this scope for the other side's calls back while the call lasts.
    public func call<Result: Decodable>(
        _ object: UInt64, _ method: String, _ arguments: some Encodable, returning: Result.Type = Result.self,
        scope: UInt64? = nil, input: @autoclosure () -> String
    ) throws -> Result {
        // The description is made only for a failure's report: describing the input of every call
        // would cost more than the call.
        let encoded: Data
        do {
            encoded = try Self.encoder.encode(arguments)
        } catch {
            onFailure(RemoteFailure(kind: .protocolError, method: method, input: input(), detail: "\(error)"))
        }
        let outcome = send(object: object, method: method, arguments: encoded, scope: scope, input: input)
        switch outcome {
        case .returned(let json):
            do {
                return try Self.decoder.decode(Result.self, from: Data(json.utf8))
            } catch {
                onFailure(
                    RemoteFailure(
                        kind: .protocolError, method: method, input: input(),
                        detail: "the answer is not a \(Result.self): \(json.prefix(200))"))
            }
        case .threw(let type, let payload, let text):
            if let decode = errorDecoders[type], let payload, let error = try? decode(Data(payload.utf8)) {
                throw error
            }
            throw RemoteError(type: type, description: text)
        case .unimplemented(let what):
            throw Unimplemented(what)
        }
    }

    private func send(
        object: UInt64, method: String, arguments: Data, scope: UInt64?, input: () -> String
    ) -> RemoteOutcome {
        let (id, semaphore, ended): (UInt64, DispatchSemaphore, RemoteFailure?) = state.withLock {
            let id = $0.nextCall
            $0.nextCall += 1
            let pending = Pending(scope: scope)
            $0.pending[id] = pending
            return (id, pending.semaphore, $0.ended)
        }
        if let ended {
            onFailure(RemoteFailure(kind: ended.kind, method: method, input: input(), detail: ended.detail))
        }
        write(.call(id: id, object: object, method: method, arguments: String(decoding: arguments, as: UTF8.self)))
        while true {
            // The answer, the end, or else the reading role when nobody holds it.
            let (outcome, ended, reads, deadline): (RemoteOutcome?, RemoteFailure?, Bool, ContinuousClock.Instant?) =
                state.withLock {
                    let outcome = $0.pending[id]?.outcome
                    if outcome != nil { $0.pending[id] = nil }
                    let reads = outcome == nil && $0.ended == nil && !$0.reading
                    if reads { $0.reading = true }
                    return (outcome, $0.ended, reads, $0.deadline)
                }
            if let outcome { return outcome }
            if let ended {
                onFailure(RemoteFailure(kind: ended.kind, method: method, input: input(), detail: ended.detail))
            }
            let signalled: Bool
            if reads {
                signalled = read(until: deadline, keeping: false).alive
                state.withLock {
                    $0.reading = false
                    // Another waiting caller takes over the reading.
                    if let next = $0.pending.first(where: { $0.key != id && $0.value.outcome == nil }) {
                        next.value.semaphore.signal()
                    }
                }
            } else {
                let wait: DispatchTime =
                    deadline.map {
                        .now() + .nanoseconds(Int(clamping: ContinuousClock.now.duration(to: $0).wholeNanoseconds))
                    }
                    ?? .distantFuture
                signalled = semaphore.wait(timeout: wait) == .success
            }
            if !signalled, let deadline = state.withLock({ $0.deadline }), ContinuousClock.now >= deadline,
                state.withLock({ $0.pending[id]?.outcome == nil })
            {
                state.withLock { $0.pending[id] = nil }
                onFailure(RemoteFailure(kind: .timedOut, method: method, input: input(), detail: "no answer in time"))
            }
        }
    }

    /// The call this thread is serving, for `todo()`.
    public static var currentCall: (peer: RemotePeer, id: UInt64)? {
        guard let box = Thread.current.threadDictionary[Self.threadKey] as? CurrentCall else { return nil }
        return (box.peer, box.id)
    }

    private final class CurrentCall: NSObject {
        let peer: RemotePeer
        let id: UInt64
        init(peer: RemotePeer, id: UInt64) {
            self.peer = peer
            self.id = id
        }
    }

    private static let threadKey = "workbook.remote-call"

    /// Answers call `id` (used by `todo()`, which then parks its thread for good).
    public func reply(_ id: UInt64, _ outcome: RemoteOutcome) { write(.reply(id: id, outcome: outcome)) }

    /// A call from the other side, read and admitted, waiting to be served.
    private struct IncomingCall {
        var id: UInt64
        var object: UInt64
        var method: String
        var arguments: String
    }

    /// Admits a call (see `maximumConcurrentCalls`); a call refused is answered at once.
    private func admit(_ call: IncomingCall) -> Bool {
        let admitted = state.withLock {
            guard $0.serving < Self.maximumConcurrentCalls else { return false }
            $0.serving += 1
            return true
        }
        if !admitted {
            reply(
                call.id,
                .threw(
                    type: "RemoteBusy", payload: nil,
                    description: "more than \(Self.maximumConcurrentCalls) calls at once"))
        }
        return admitted
    }

    /// Serves an admitted call on this thread and answers it.
    private func run(_ call: IncomingCall) {
        let (id, object, method) = (call.id, call.object, call.method)
        defer {
            Thread.current.threadDictionary[Self.threadKey] = nil
            state.withLock { $0.serving -= 1 }
        }
        Thread.current.threadDictionary[Self.threadKey] = CurrentCall(peer: self, id: id)
        let outcome: RemoteOutcome
        let (target, callable) = state.withLock { state -> ((any RemoteServing)?, Bool) in
            guard let scope = state.scopes[object] else { return (state.objects[object], true) }
            return (state.objects[object], state.pending.values.contains { $0.scope == scope && $0.outcome == nil })
        }
        if !callable {
            outcome = .threw(
                type: "RemoteNotCallable", payload: nil,
                description: "object \(object) may be called only from inside a call to the object it was handed to"
            )
        } else if let target {
            do {
                let result = try target.serve(method: method, arguments: Data(call.arguments.utf8), peer: self)
                outcome = .returned(String(decoding: result, as: UTF8.self))
            } catch let marker as Unimplemented {
                outcome = .unimplemented(marker.what)
            } catch {
                let payload = (error as? any Encodable).flatMap { try? Self.encoder.encode(AnyEncodable($0)) }
                outcome = .threw(
                    type: Self.typeName(of: error), payload: payload.map { String(decoding: $0, as: UTF8.self) },
                    description: String(describing: error))
            }
        } else {
            outcome = .threw(
                type: "RemoteObjectMissing", payload: nil, description: "no object \(object) for \(method)")
        }
        fflush(nil)
        reply(id, outcome)
    }

    /// The continuous reader: a leader/follower pool. The thread that reads a call serves it
    /// itself and hands the reading to an idle thread of the pool (starting one when none is
    /// idle), so a call costs no hand-over to another thread on its way to the implementation,
    /// and concurrent calls are still served concurrently.
    private func readerLoop() {
        while true {
            let (alive, kept) = read(until: nil, keeping: true)
            guard alive else { return }
            guard let kept else { continue }
            let starts = state.withLock { state -> Bool in
                guard state.idleReaders > 0 else { return true }
                state.idleReaders -= 1
                return false
            }
            if starts { Thread.detachNewThread { [self] in readerLoop() } } else { readerTurn.signal() }
            run(kept)
            state.withLock { $0.idleReaders += 1 }
            readerTurn.wait()
        }
    }

    /// The coders of every call's arguments and results (see `WireEncoder`).
    public static let encoder = WireEncoder()
    public static let decoder = WireDecoder()

    private func write(_ message: RemoteMessage) {
        var data = message.line
        data.append(0x0A)
        writeLock.withLock { _ in
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Glibc.write(output, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }

    /// Waits until `deadline` for bytes, then handles every complete message read: answers reach
    /// their callers, calls go to pooled threads, except the first when `keeping`, which is
    /// returned for this thread to serve. `alive` is `false` when nothing came in time or the
    /// connection ended.
    private func read(until deadline: ContinuousClock.Instant?, keeping: Bool) -> (
        alive: Bool, kept: IncomingCall?
    ) {
        var kept: IncomingCall?
        // Without a deadline the read itself waits: a `poll` first would only add a system call.
        if let deadline {
            var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            while true {
                let timeout = ContinuousClock.now.duration(to: deadline).wholeNanoseconds / 1_000_000 + 1
                let ready = poll(&descriptor, 1, Int32(clamping: max(0, timeout)))
                if ready < 0 && errno == EINTR { continue }
                if ready == 0 { return (false, nil) }
                break
            }
        }
        var count: Int
        repeat {
            count = readBuffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress!, $0.count) }
        } while count < 0 && errno == EINTR
        guard count > 0 else {
            end(.ended, "the other process closed the connection")
            return (false, nil)
        }
        unread.append(contentsOf: readBuffer[..<count])
        var start = 0
        defer { unread.removeSubrange(..<start) }
        while let newline = unread[start...].firstIndex(of: 0x0A) {
            let line = unread[start..<newline]
            start = newline + 1
            guard let message = RemoteMessage(line: line) else {
                end(.protocolError, "not a protocol message: \(String(decoding: line.prefix(120), as: UTF8.self))")
                return (false, nil)
            }
            guard case .call(let id, let object, let method, let arguments) = message else {
                handle(message)
                continue
            }
            let call = IncomingCall(id: id, object: object, method: method, arguments: arguments)
            guard admit(call) else { continue }
            if keeping && kept == nil {
                kept = call
            } else {
                // A pooled thread per call: concurrent calls stay concurrent, without a thread's
                // start-up on every call.
                DispatchQueue.global().async { [self] in run(call) }
            }
        }
        if unread.count - start > maximumLine {
            end(.protocolError, "a message longer than \(maximumLine) bytes")
            return (false, nil)
        }
        return (true, kept)
    }

    /// Hands an answer to the call waiting for it.
    private func handle(_ message: RemoteMessage) {
        guard case .reply(let id, let outcome) = message else { return }
        state.withLock {
            guard $0.pending[id] != nil, $0.pending[id]?.outcome == nil else { return }
            $0.pending[id]?.outcome = outcome
            $0.pending[id]?.semaphore.signal()
        }
    }

    private func end(_ kind: RemoteFailure.Kind, _ detail: String) {
        state.withLock {
            if $0.ended == nil {
                $0.ended = RemoteFailure(kind: kind, method: "", input: "", detail: detail)
            }
            for pending in $0.pending.values { pending.semaphore.signal() }
        }
        endedSignal.signal()
    }

    /// Blocks until the connection ends (the other side exited or broke the protocol).
    public func waitUntilEnded() { endedSignal.wait() }
}

private struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
