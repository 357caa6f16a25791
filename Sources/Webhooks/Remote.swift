import Foundation
import LearnerRuntime

// The chapter's contracts across the process boundary. The learner runner serves the learner's
// implementations (`services`); the trusted grader calls them through proxies that conform to the
// same protocols (`WebhookImplementations.remote`), so the checks read as they would in-process.
// Both sides use both halves: a learner's verifier calls back the collaborators the grader hands it.

/// The runner's well-known objects.
enum WebhookObject {
    static let comparer: UInt64 = 1
    static let parser: UInt64 = 2
    static let signatures: UInt64 = 3
    static let window: UInt64 = 4
    static let factory: UInt64 = 5
}

extension WebhookImplementations {
    /// The learner runner's services over `implementations`, by well-known id.
    public static func services(_ implementations: WebhookImplementations) -> [UInt64: any RemoteServing] {
        [
            WebhookObject.comparer: ComparerService(implementation: implementations.comparer),
            WebhookObject.parser: ParserService(implementation: implementations.parser),
            WebhookObject.signatures: SignaturesService(implementation: implementations.signatures),
            WebhookObject.window: WindowService(implementation: implementations.window),
            WebhookObject.factory: FactoryService(implementations: implementations),
        ]
    }

    /// Proxies for the implementations served at the other end of `peer`.
    public static func remote(_ peer: RemotePeer) -> WebhookImplementations {
        WebhookImplementations(
            comparer: RemoteComparer(peer: peer, id: WebhookObject.comparer),
            parser: RemoteParser(peer: peer, id: WebhookObject.parser),
            signatures: RemoteSignatures(peer: peer, id: WebhookObject.signatures),
            window: RemoteWindow(peer: peer, id: WebhookObject.window),
            makeMemoryStore: { capacity in
                RemoteStore(
                    peer: peer,
                    id: peer.proxied("makeMemoryStore") {
                        try peer.call(
                            WebhookObject.factory, "makeMemoryStore", capacity, returning: UInt64.self,
                            input: "capacity: \(capacity)")
                    })
            },
            makeSQLiteStore: { path, capacity in
                RemoteStore(
                    peer: peer,
                    id: try peer.call(
                        WebhookObject.factory, "makeSQLiteStore", SQLiteStoreArguments(path: path, capacity: capacity),
                        returning: UInt64.self, input: "path: \(path), capacity: \(capacity)"))
            },
            makeVerifier: { configuration in
                // The collaborators handed over answer only inside this verifier's calls.
                let scope = peer.makeScope()
                let arguments = VerifierArguments(configuration, peer: peer, scope: scope)
                let id = peer.proxied("makeVerifier") {
                    try peer.call(
                        WebhookObject.factory, "makeVerifier", arguments, returning: UInt64.self, scope: scope,
                        input: "scheme: \(configuration.scheme), keys: \(configuration.keys)")
                }
                return RemoteVerifier(peer: peer, id: id, scope: scope)
            })
    }

    /// The chapter's errors, rebuilt by type on the grader's side.
    public static var remoteErrorTypes: [String: @Sendable (Data) throws -> any Error] {
        Dictionary(uniqueKeysWithValues: [RemotePeer.decoder(for: WebhookError.self)])
    }
}

// MARK: exercise 1

struct ComparerArguments: Codable {
    var a: [UInt8]
    var b: [UInt8]
}

struct ComparerAnswer: Codable {
    var equal: Bool
    var readsOfA: Int
    var readsOfB: Int
}

struct ComparerService: RemoteServing {
    let implementation: any SignatureComparing

    func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
        if method == "time" {
            return try RemotePeer.answer(arguments, TimingArguments.self) {
                // Bounded: the other side may be the learner's, calling back a comparer of ours.
                guard (1...(1 << 20)).contains($0.size), (1...101).contains($0.rounds) else {
                    throw RemoteUnknownMethod(method: "time(size: \($0.size), rounds: \($0.rounds))")
                }
                return Probes.comparisonTimes(implementation, size: $0.size, rounds: $0.rounds)
            }
        }
        return try RemotePeer.answer(arguments, ComparerArguments.self) { call in
            // Reads are counted here, where the learner's comparer runs, and sent with the answer.
            let a = ReadCounter()
            let b = ReadCounter()
            let equal = implementation.isEqual(
                CountingBytes(base: call.a, counter: a), CountingBytes(base: call.b, counter: b))
            return ComparerAnswer(equal: equal, readsOfA: a.reads, readsOfB: b.reads)
        }
    }
}

struct RemoteComparer: SignatureComparing {
    let peer: RemotePeer
    let id: UInt64

    func isEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool where A.Element == UInt8, B.Element == UInt8 {
        // A counting collection's own bytes travel; the reads the runner counted are added to it.
        let countedA = a as? CountingBytes
        let countedB = b as? CountingBytes
        let arguments = ComparerArguments(a: countedA?.base ?? Array(a), b: countedB?.base ?? Array(b))
        let reply = peer.proxied("isEqual") {
            try peer.call(
                id, "isEqual", arguments, returning: ComparerAnswer.self,
                input: "a = \(arguments.a), b = \(arguments.b)")
        }
        countedA?.counter.reads += reply.readsOfA
        countedB?.counter.reads += reply.readsOfB
        return reply.equal
    }
}

// MARK: exercise 2

struct ParseArguments: Codable {
    var headers: HTTPHeaders
    var scheme: WebhookScheme
}

struct SecretArguments: Codable {
    var secret: String
    var scheme: WebhookScheme
}

struct ParserService: RemoteServing {
    let implementation: any SignatureHeaderParsing

    func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
        switch method {
        case "parse":
            try RemotePeer.answer(arguments, ParseArguments.self) {
                try implementation.parse($0.headers, scheme: $0.scheme)
            }
        case "decodeSecret":
            try RemotePeer.answer(arguments, SecretArguments.self) {
                try implementation.decodeSecret($0.secret, scheme: $0.scheme)
            }
        default: throw RemoteUnknownMethod(method: method)
        }
    }
}

struct RemoteParser: SignatureHeaderParsing {
    let peer: RemotePeer
    let id: UInt64

    func parse(_ headers: HTTPHeaders, scheme: WebhookScheme) throws -> SignedMessage {
        try peer.call(
            id, "parse", ParseArguments(headers: headers, scheme: scheme),
            input: "scheme: \(scheme), headers: \(headers.fields.map { "\($0.name): \($0.value)" })")
    }

    func decodeSecret(_ secret: String, scheme: WebhookScheme) throws -> [UInt8] {
        try peer.call(
            id, "decodeSecret", SecretArguments(secret: secret, scheme: scheme),
            input: "scheme: \(scheme), secret: \(secret.debugDescription)")
    }
}

// MARK: exercise 3

/// The comparer handed to a verifier: the trusted one, made again on the receiving side, or the
/// sender's own, called back.
enum ComparerReference: Codable {
    case trusted
    case senders(UInt64)
}

struct SignatureArguments: Codable {
    var message: SignedMessage
    var body: [UInt8]
    var keys: [WebhookKey]
    var now: Date
    var comparer: ComparerReference
}

struct SignaturesService: RemoteServing {
    let implementation: any SignatureVerifying

    func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
        try RemotePeer.answer(arguments, SignatureArguments.self) {
            let comparer: any SignatureComparing =
                switch $0.comparer {
                case .trusted: TrustedComparer()
                case .senders(let id): RemoteComparer(peer: peer, id: id)
                }
            return try implementation.verify($0.message, body: $0.body, keys: $0.keys, now: $0.now, comparer: comparer)
        }
    }
}

struct RemoteSignatures: SignatureVerifying {
    let peer: RemotePeer
    let id: UInt64

    func verify(
        _ message: SignedMessage, body: [UInt8], keys: [WebhookKey], now: Date, comparer: any SignatureComparing
    ) throws -> String {
        // Any comparer but the trusted one answers from this side, for this call only.
        var reference = ComparerReference.trusted
        var scope: UInt64? = nil
        if !(comparer is TrustedComparer) {
            let opened = peer.makeScope()
            let registered = peer.register(ComparerService(implementation: comparer), scope: opened)
            reference = .senders(registered)
            scope = opened
        }
        defer { if case .senders(let registered) = reference { peer.release(registered) } }
        return try peer.call(
            id, "verify", SignatureArguments(message: message, body: body, keys: keys, now: now, comparer: reference),
            scope: scope,
            input: "\(message), body: \(body.count) bytes, keys: \(keys), now: \(now.timeIntervalSince1970)")
    }
}

// MARK: exercise 4

struct WindowArguments: Codable {
    var timestamp: Int64
    var now: Date
    var tolerance: Duration
}

struct WindowService: RemoteServing {
    let implementation: any TimestampChecking

    func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
        try RemotePeer.answer(arguments, WindowArguments.self) {
            try implementation.check(timestamp: $0.timestamp, now: $0.now, tolerance: $0.tolerance)
            return RemoteNothing()
        }
    }
}

struct RemoteWindow: TimestampChecking {
    let peer: RemotePeer
    let id: UInt64

    func check(timestamp: Int64, now: Date, tolerance: Duration) throws {
        _ = try peer.call(
            id, "check", WindowArguments(timestamp: timestamp, now: now, tolerance: tolerance),
            returning: RemoteNothing.self,
            input: "timestamp: \(timestamp), now: \(now.timeIntervalSince1970), tolerance: \(tolerance)")
    }
}

// MARK: exercise 5

struct SQLiteStoreArguments: Codable {
    var path: String
    var capacity: Int
}

struct RecordArguments: Codable {
    var nonce: String
    var expiry: Date
    var now: Date
}

struct StoreService: RemoteServing {
    let implementation: any NonceStoring

    func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
        switch method {
        case "checkAndRecord":
            try RemotePeer.answer(arguments, RecordArguments.self) {
                try implementation.checkAndRecord($0.nonce, expiry: $0.expiry, now: $0.now)
            }
        case "count": try RemotePeer.answer(arguments, RemoteNothing.self) { _ in try implementation.count() }
        case "race":
            try RemotePeer.answer(arguments, RaceArguments.self) {
                guard (1...16).contains($0.threads), $0.nonces.count <= 100_000 else {
                    throw RemoteUnknownMethod(method: "race(threads: \($0.threads), nonces: \($0.nonces.count))")
                }
                return try Probes.race(
                    implementation, nonces: $0.nonces, threads: $0.threads, expiry: $0.expiry, now: $0.now)
            }
        default: throw RemoteUnknownMethod(method: method)
        }
    }
}

final class RemoteStore: NonceStoring {
    let peer: RemotePeer
    let id: UInt64

    init(peer: RemotePeer, id: UInt64) {
        self.peer = peer
        self.id = id
    }

    func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool {
        try peer.call(
            id, "checkAndRecord", RecordArguments(nonce: nonce, expiry: expiry, now: now),
            input:
                "nonce: \(nonce.debugDescription), expiry: \(expiry.timeIntervalSince1970), now: \(now.timeIntervalSince1970)"
        )
    }

    func count() throws -> Int { try peer.call(id, "count", RemoteNothing(), input: "count()") }
}

/// An object in a call's arguments: one of the receiver's own, or one of the sender's to call back.
enum ObjectReference: Codable {
    case receivers(UInt64)
    case senders(UInt64)
}

struct VerifierArguments: Codable {
    var scheme: WebhookScheme
    var keys: [WebhookKey]
    var tolerance: Duration
    var parser: ObjectReference
    var window: ObjectReference
    var signatures: ObjectReference
    var nonces: ObjectReference

    /// The configuration with each collaborator either unwrapped (a proxy of the receiver's own
    /// object) or registered for calls back.
    init(_ configuration: VerifierConfiguration, peer: RemotePeer, scope: UInt64) {
        func reference(_ object: Any, remoteID: UInt64?, service: @autoclosure () -> any RemoteServing)
            -> ObjectReference
        {
            if let remoteID { return .receivers(remoteID) }
            // Callable back only from inside the calls that make and use this verifier.
            return .senders(peer.register(service(), scope: scope))
        }
        scheme = configuration.scheme
        keys = configuration.keys
        tolerance = configuration.tolerance
        parser = reference(
            configuration.parser, remoteID: (configuration.parser as? RemoteParser)?.id,
            service: ParserService(implementation: configuration.parser))
        window = reference(
            configuration.window, remoteID: (configuration.window as? RemoteWindow)?.id,
            service: WindowService(implementation: configuration.window))
        signatures = reference(
            configuration.signatures, remoteID: (configuration.signatures as? RemoteSignatures)?.id,
            service: SignaturesService(implementation: configuration.signatures))
        nonces = reference(
            configuration.nonces, remoteID: (configuration.nonces as? RemoteStore)?.id,
            service: StoreService(implementation: configuration.nonces))
    }

    /// The configuration on the receiving side.
    func configuration(peer: RemotePeer) throws -> VerifierConfiguration {
        func local<Service>(_ reference: ObjectReference, _ type: Service.Type) throws -> Service? {
            guard case .receivers(let id) = reference else { return nil }
            guard let service = peer.object(id) as? Service else { throw RemoteUnknownMethod(method: "object \(id)") }
            return service
        }
        func remote(_ reference: ObjectReference) -> UInt64 {
            if case .senders(let id) = reference { return id }
            return 0
        }
        return VerifierConfiguration(
            scheme: scheme, keys: keys, tolerance: tolerance,
            parser: try local(parser, ParserService.self)?.implementation
                ?? RemoteParser(peer: peer, id: remote(parser)),
            window: try local(window, WindowService.self)?.implementation
                ?? RemoteWindow(peer: peer, id: remote(window)),
            signatures: try local(signatures, SignaturesService.self)?.implementation
                ?? RemoteSignatures(peer: peer, id: remote(signatures)),
            nonces: try local(nonces, StoreService.self)?.implementation ?? RemoteStore(peer: peer, id: remote(nonces)))
    }
}

struct VerifyArguments: Codable {
    var request: WebhookRequest
    var now: Date
}

struct VerifierService: RemoteServing {
    let implementation: any WebhookVerifying

    func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
        try RemotePeer.answer(arguments, VerifyArguments.self) { try implementation.verify($0.request, now: $0.now) }
    }
}

struct RemoteVerifier: WebhookVerifying {
    let peer: RemotePeer
    let id: UInt64
    /// Opens the collaborators handed to this verifier for its calls.
    let scope: UInt64

    func verify(_ request: WebhookRequest, now: Date) throws -> VerifiedWebhook {
        try peer.call(
            id, "verify", VerifyArguments(request: request, now: now), scope: scope,
            input:
                "headers: \(request.headers.fields.map { "\($0.name): \($0.value)" }), body: \(request.body.count) bytes, now: \(now.timeIntervalSince1970)"
        )
    }
}

struct FactoryService: RemoteServing {
    let implementations: WebhookImplementations

    func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
        switch method {
        case "makeMemoryStore":
            try RemotePeer.answer(arguments, Int.self) {
                peer.register(StoreService(implementation: implementations.makeMemoryStore($0)))
            }
        case "makeSQLiteStore":
            try RemotePeer.answer(arguments, SQLiteStoreArguments.self) {
                peer.register(StoreService(implementation: try implementations.makeSQLiteStore($0.path, $0.capacity)))
            }
        case "makeVerifier":
            try RemotePeer.answer(arguments, VerifierArguments.self) {
                peer.register(
                    VerifierService(implementation: implementations.makeVerifier(try $0.configuration(peer: peer))))
            }
        default: throw RemoteUnknownMethod(method: method)
        }
    }
}
