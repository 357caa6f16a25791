import Dispatch
import Foundation
import Grading
import SQLite
import Synchronization
import Webhooks

extension WebhookChecks {
    static func replayChecks(learner: WebhookImplementations, reference: WebhookImplementations) -> [Check] {
        storeChecks(name: "memory", points: [3, 2, 3, 3], learner: learner) { capacity, _ in
            learner.makeMemoryStore(capacity)
        }
            + storeChecks(name: "sqlite", points: [2, 1, 1, 1], learner: learner) { capacity, path in
                try learner.makeSQLiteStore(path, capacity)
            }
            + sqliteOnlyChecks(learner: learner)
            + verifierChecks(learner: learner, reference: reference)
    }

    /// The store contract, for either store. `make` gets a capacity and a fresh database path.
    static func storeChecks(
        name: String, points: [Int], learner: WebhookImplementations,
        make: @escaping @Sendable (Int, String) throws -> any NonceStoring
    ) -> [Check] {
        let t = Fixtures.epoch
        let at = Fixtures.date
        @Sendable func withStore(capacity: Int, _ body: (any NonceStoring) throws -> Void) throws {
            let folder = try ScratchFolder()
            defer { folder.remove() }
            try body(try make(capacity, folder.file("nonces.sqlite")))
        }
        return [
            Check(
                "\(name) store: records a nonce, refuses it again, accepts it after expiry", kind: .scenario,
                points: points[0],
                why: "this is the replay check itself"
            ) { _ in
                try withStore(capacity: 100) { store in
                    try require(
                        try store.checkAndRecord("n1", expiry: at(t + 10), now: at(t)), "a new nonce was refused",
                        input: "checkAndRecord(n1) on an empty store", expected: "true", actual: "false")
                    try require(
                        try !store.checkAndRecord("n1", expiry: at(t + 10), now: at(t + 1)),
                        "a live nonce was accepted again", input: "n1 recorded until t+10, asked again at t+1",
                        expected: "false", actual: "true")
                    try require(
                        try store.checkAndRecord("n2", expiry: at(t + 10), now: at(t + 1)),
                        "a second, different nonce was refused", input: "n2 after n1", expected: "true", actual: "false"
                    )
                    try require(
                        try store.checkAndRecord("n1", expiry: at(t + 30), now: at(t + 11)),
                        "an expired nonce was still refused", input: "n1 recorded until t+10, asked at t+11",
                        expected: "true", actual: "false")
                    try require(
                        try !store.checkAndRecord("n1", expiry: at(t + 30), now: at(t + 12)),
                        "a nonce recorded again after expiry was not remembered",
                        input: "n1 re-recorded at t+11 until t+30, asked at t+12", expected: "false", actual: "true")
                }
            },
            Check(
                "\(name) store: keeps a nonce until its expiry exactly (live while now < expiry)", kind: .scenario,
                points: points[1],
                why: "forgetting a nonce a second early reopens the replay window"
            ) { _ in
                try withStore(capacity: 100) { store in
                    _ = try store.checkAndRecord("edge", expiry: at(t + 10), now: at(t))
                    try require(
                        try !store.checkAndRecord(
                            "edge", expiry: at(t + 10), now: Date(timeIntervalSince1970: Double(t + 10) - 0.001)),
                        "a nonce was forgotten just before its expiry", input: "expiry t+10, asked at t+9.999",
                        expected: "false", actual: "true")
                    try require(
                        try store.checkAndRecord("edge", expiry: at(t + 20), now: at(t + 10)),
                        "a nonce was still held at its expiry instant", input: "expiry t+10, asked at t+10",
                        expected: "true", actual: "false")
                }
            },
            Check(
                "\(name) store: memory is bounded — expired entries are purged, and a full store fails closed",
                kind: .scenario, points: points[2],
                why: "an unbounded store is a memory leak an attacker can drive; evicting live nonces reopens replays",
                timeLimit: .seconds(15)  // hundreds of calls into the learner runner
            ) { _ in
                // Six times the capacity: a store that does not purge has overflowed by nonce 51,
                // and the count is read after every nonce.
                try withStore(capacity: 50) { store in
                    for i in 0..<300 {
                        let now = t + Int64(i)
                        let recorded = try store.checkAndRecord("n\(i)", expiry: at(now + 10), now: at(now))
                        try require(
                            recorded, "a new nonce was refused while old ones had expired",
                            input: "capacity 50; nonce \(i) at t+\(i), each live 10 s", expected: "true",
                            actual: "false")
                        let held = try store.count()
                        try require(
                            held <= 50, "the store grew beyond its capacity",
                            input: "capacity 50, after \(i + 1) nonces that each live 10 s",
                            expected: "at most 50 entries", actual: "\(held) entries")
                    }
                }
                try withStore(capacity: 3) { store in
                    for i in 0..<3 { _ = try store.checkAndRecord("live\(i)", expiry: at(t + 100), now: at(t)) }
                    let fourth = try attempt { try store.checkAndRecord("live3", expiry: at(t + 100), now: at(t + 1)) }
                    try require(
                        fourth == .threw("replayStoreFull"), "a full store of live nonces did not fail closed",
                        input: "capacity 3, three nonces live until t+100, a fourth at t+1",
                        expected: "throws replayStoreFull", actual: fourth.description)
                    let replay = try attempt { try store.checkAndRecord("live0", expiry: at(t + 100), now: at(t + 2)) }
                    try require(
                        replay == .returned(false), "a live nonce was forgotten to make room",
                        input: "after the refused fourth, live0 again at t+2", expected: "returns false",
                        actual: replay.description)
                    let later = try attempt { try store.checkAndRecord("live3", expiry: at(t + 300), now: at(t + 100)) }
                    try require(
                        later == .returned(true), "a full store did not make room once its entries expired",
                        input: "capacity 3, entries expired at t+100, a new nonce at t+100", expected: "returns true",
                        actual: later.description)
                }
            },
            Check(
                "\(name) store: check-and-record is atomic — of concurrent callers with one nonce, exactly one wins",
                kind: .scenario, points: points[3],
                why: "two copies of a request arriving together must not both be processed", timeLimit: .seconds(12)
            ) { _ in
                // The threads run where the store does (`Probes.race`): across the process
                // boundary a round trip per call would keep them from meeting. Rounds go on until
                // enough calls have overlapped (on a busy machine the threads may run one after
                // another and race no one), within a time budget.
                let threads = 4
                let (perRound, rounds, needed) = name == "memory" ? (2_000, 20, 20_000) : (100, 4, 1_000)
                let clock = ContinuousClock()
                let deadline = clock.now + .seconds(8)
                var (overlapping, round) = (0, 0)
                try withStore(capacity: 10_000) { store in
                    while round < rounds || overlapping < needed {
                        // Out of time: a quarter of the overlap wanted will do; less is no evidence either way.
                        if clock.now > deadline {
                            if overlapping >= needed / 4 { break }
                            throw CheckSkipped(
                                "the threads met too rarely to show a race (\(overlapping) overlapping calls in "
                                    + "\(round) rounds, \(needed) wanted): the machine is too busy; grade again when it is quieter"
                            )
                        }
                        let now = t + Int64(round) * 1_000  // each round's nonces expire before the next
                        let nonces = (0..<perRound).map { "race\(round)-\($0)" }
                        let race: RaceResult
                        do {
                            race = try Probes.race(
                                store, nonces: nonces, threads: threads, expiry: at(now + 100), now: at(now))
                        } catch let marker as Unimplemented {
                            throw marker
                        } catch {
                            throw CheckFailure(
                                "a concurrent call threw", input: "\(threads) threads, nonces race\(round)-*",
                                expected: "no error", actual: "\(error)")
                        }
                        if let i = race.wins.firstIndex(where: { $0 != 1 }) {
                            let twice = race.wins.filter { $0 > 1 }.count
                            throw CheckFailure(
                                "concurrent callers with the same nonce did not get exactly one true",
                                input:
                                    "\(threads) threads each call checkAndRecord on race\(round)-0 … -\(perRound - 1)",
                                expected: "1 winner for every nonce",
                                actual: "\(race.wins[i]) winners for \(nonces[i])"
                                    + (twice > 1 ? "; \(twice) nonces won more than once" : ""))
                        }
                        overlapping += race.overlapping
                        round += 1
                    }
                }
            },
        ]
    }

    static func sqliteOnlyChecks(learner: WebhookImplementations) -> [Check] {
        let t = Fixtures.epoch
        let at = Fixtures.date
        return [
            Check(
                "sqlite store: survives a restart", kind: .scenario, points: 2,
                why: "a deploy or crash must not reopen the replay window"
            ) { _ in
                let folder = try ScratchFolder()
                defer { folder.remove() }
                let path = folder.file("nonces.sqlite")
                do {
                    let store = try learner.makeSQLiteStore(path, 100)
                    _ = try store.checkAndRecord("before-restart", expiry: at(t + 100), now: at(t))
                }
                let reopened = try learner.makeSQLiteStore(path, 100)
                let again = try attempt {
                    try reopened.checkAndRecord("before-restart", expiry: at(t + 100), now: at(t + 5))
                }
                try require(
                    again == .returned(false), "a nonce recorded before a restart was accepted after it",
                    input: "record, close, reopen the same file, check again", expected: "returns false",
                    actual: again.description)
                let separate = try learner.makeSQLiteStore(path, 100)
                let other = try attempt {
                    try separate.checkAndRecord("before-restart", expiry: at(t + 100), now: at(t + 6))
                }
                try require(
                    other == .returned(false), "a second open store on the same file did not see the nonce",
                    input: "two stores on one file", expected: "returns false", actual: other.description)
            },
            Check(
                "sqlite store: stores on one file (other workers) racing for a nonce: exactly one wins",
                kind: .scenario, points: 1,
                why: "workers share one store file; a lock inside one store object does not make them atomic"
            ) { _ in
                let folder = try ScratchFolder()
                defer { folder.remove() }
                let path = folder.file("nonces.sqlite")
                let stores = try (0..<6).map { _ in try learner.makeSQLiteStore(path, 10_000) }
                for round in 0..<3 {
                    // Another writer holds the file while the six calls start, then lets go: each call
                    // has read by then, so a store that checks outside its write transaction sees the
                    // nonce free in all six, deterministically.
                    let holder = try Connection(.file(path))
                    try holder.execute("BEGIN IMMEDIATE")
                    let winners = Mutex(0)
                    let failures = Mutex<[any Error]>([])
                    let done = DispatchGroup()
                    for store in stores {
                        done.enter()
                        Thread {
                            defer { done.leave() }
                            do {
                                if try store.checkAndRecord("shared\(round)", expiry: at(t + 100), now: at(t)) {
                                    winners.withLock { $0 += 1 }
                                }
                            } catch {
                                failures.withLock { $0.append(error) }
                            }
                        }.start()
                    }
                    Thread.sleep(forTimeInterval: 0.3)
                    try holder.execute("COMMIT")
                    done.wait()
                    let thrown = failures.withLock { $0 }
                    if let marker = thrown.lazy.compactMap({ $0 as? Unimplemented }).first { throw marker }
                    let input =
                        "6 stores on one file, 6 threads call checkAndRecord(shared\(round)) while another writer holds it"
                    if let failure = thrown.first {
                        throw CheckFailure(
                            "a racing call threw", input: input, expected: "no error", actual: "\(failure)")
                    }
                    let count = winners.withLock { $0 }
                    try require(
                        count == 1, "stores sharing a file did not give exactly one true", input: input,
                        expected: "1 winner", actual: "\(count) winners")
                }
            },
        ]
    }

    static func verifierChecks(learner: WebhookImplementations, reference: WebhookImplementations) -> [Check] {
        let t = Fixtures.epoch
        let at = Fixtures.date
        let key = WebhookKey(id: "current", secret: Fixtures.keyA)

        /// A learner verifier built from the reference's parts and a recording memory store.
        @Sendable func setUp(_ scheme: WebhookScheme, tolerance: Int64 = 300) -> (
            any WebhookVerifying, RecordingNonceStore
        ) {
            let store = RecordingNonceStore(reference.makeMemoryStore(1_000))
            let configuration = VerifierConfiguration(
                scheme: scheme, keys: [key], tolerance: .seconds(tolerance), parser: reference.parser,
                window: reference.window, signatures: reference.signatures, nonces: store)
            return (learner.makeVerifier(configuration), store)
        }

        @Sendable func run(_ verifier: any WebhookVerifying, _ request: WebhookRequest, now: Int64) throws -> Attempt<
            String
        > {
            try attempt { try verifier.verify(request, now: at(now)).keyID }
        }

        @Sendable func describe(_ request: WebhookRequest) -> String {
            request.headers.fields.map { "\($0.name): \($0.value)" }.joined(separator: " | ")
                + " | body: \(request.body.count) bytes"
        }

        return [
            Check(
                "verifier: accepts a valid delivery once and refuses its replay", kind: .scenario, points: 3,
                why: "the point of the exercise: an intercepted request cannot be sent again"
            ) { _ in
                for scheme in WebhookScheme.allCases {
                    let (verifier, _) = setUp(scheme)
                    let request = Fixtures.request(scheme, key: Fixtures.keyA)
                    let first = try attempt { try verifier.verify(request, now: at(t + 1)) }
                    let message = try reference.parser.parse(request.headers, scheme: scheme)
                    let expected = VerifiedWebhook(keyID: "current", id: message.id, timestamp: message.timestamp)
                    try require(
                        first == .returned(expected), "a valid \(scheme) delivery was not accepted with what it says",
                        input: describe(request), expected: Attempt<VerifiedWebhook>.returned(expected).description,
                        actual: first.description)
                    let second = try run(verifier, request, now: t + 2)
                    try require(
                        second == .threw("replayed"), "a replayed \(scheme) delivery was accepted",
                        input: "the same request again 1 s later", expected: "throws replayed",
                        actual: second.description)
                    let retry = Fixtures.request(scheme, key: Fixtures.keyA, timestamp: t + 5)
                    if scheme != .github {
                        let resent = try run(verifier, retry, now: t + 6)
                        try require(
                            resent == .returned("current"),
                            "the sender's retry, signed anew with a new timestamp, was refused", input: describe(retry),
                            expected: "returns current", actual: resent.description)
                    }
                }
            },
            Check(
                "verifier: a forged request does not consume the nonce", kind: .scenario, points: 3,
                why: "recording before verifying lets anyone who saw an id burn it, so the genuine delivery is refused"
            ) { _ in
                for scheme in WebhookScheme.allCases {
                    let (verifier, store) = setUp(scheme)
                    let genuine = Fixtures.request(scheme, key: Fixtures.keyA)
                    let forged = Fixtures.request(scheme, key: Fixtures.keyB)
                    let forgedResult = try run(verifier, forged, now: t)
                    try require(
                        forgedResult == .threw("badSignature"),
                        "a forged \(scheme) request was not rejected as a bad signature", input: describe(forged),
                        expected: "throws badSignature", actual: forgedResult.description)
                    let calls = store.calls.withLock { $0.count }
                    try require(
                        calls == 0, "the nonce store was consulted for a forged request", input: describe(forged),
                        expected: "no checkAndRecord call", actual: "\(calls) call(s)")
                    let genuineResult = try run(verifier, genuine, now: t)
                    try require(
                        genuineResult == .returned("current"),
                        "after a forgery, the genuine \(scheme) request was refused", input: describe(genuine),
                        expected: "returns current", actual: genuineResult.description)
                }
            },
            Check(
                "verifier: stale, future and malformed requests do not consume the nonce", kind: .scenario, points: 2,
                why: "the window must run before the store, or stale traffic fills it"
            ) { _ in
                let (verifier, store) = setUp(.standard)
                let stale = Fixtures.request(.standard, key: Fixtures.keyA, timestamp: t - 301)
                let future = Fixtures.request(.standard, key: Fixtures.keyA, timestamp: t + 301)
                var malformed = Fixtures.request(.standard, key: Fixtures.keyA)
                malformed.headers = HTTPHeaders(
                    malformed.headers.fields.map { $0.name == "webhook-timestamp" ? ($0.name, "1.7e9") : $0 })
                for (request, expected) in [
                    (stale, "tooOld"), (future, "inFuture"), (malformed, "malformedHeader(webhook-timestamp)"),
                ] {
                    let result = try run(verifier, request, now: t)
                    try require(
                        result == .threw(expected), "wrong verdict", input: describe(request),
                        expected: "throws \(expected)", actual: result.description)
                }
                let calls = store.calls.withLock { $0.count }
                try require(
                    calls == 0, "the nonce store was consulted for a rejected request",
                    input: "a stale, a future and a malformed request", expected: "no checkAndRecord call",
                    actual: "\(calls) call(s)")
            },
            Check(
                "verifier: remembers a nonce until timestamp + tolerance", kind: .scenario, points: 3,
                why: "a request signed ahead of our clock stays acceptable longer; forgetting it early reopens replays"
            ) { _ in
                // Ahead of our clock by two thirds of the tolerance, for several tolerances: a store
                // entry that lives a fixed time, or the default tolerance, fails one of them.
                for (scheme, tolerance) in [
                    (WebhookScheme.standard, Int64(300)), (.stripe, 300), (.standard, 3), (.stripe, 86_400),
                ] {
                    let (verifier, store) = setUp(scheme, tolerance: tolerance)
                    let lead = tolerance * 2 / 3
                    let ahead = Fixtures.request(scheme, key: Fixtures.keyA, timestamp: t + lead)
                    let first = try run(verifier, ahead, now: t)
                    try require(
                        first == .returned("current"),
                        "a request \(lead) s ahead was refused with a \(tolerance) s tolerance", input: describe(ahead),
                        expected: "returns current", actual: first.description)
                    let lastSecond = lead + tolerance - 1
                    let late = try run(verifier, ahead, now: t + lastSecond)
                    try require(
                        late == .threw("replayed"),
                        "a replay \(lastSecond) s later, still inside the window, was accepted",
                        input: "timestamp t+\(lead), tolerance \(tolerance), replayed at t+\(lastSecond)",
                        expected: "throws replayed", actual: late.description)
                    let expiry = store.calls.withLock { $0.first?.expiry }
                    try require(
                        expiry.map { $0 >= at(t + lead + tolerance + 1) } ?? false,
                        "the nonce's expiry ends before the window would reject the request",
                        input: "timestamp t+\(lead), tolerance \(tolerance)",
                        expected: "expiry ≥ t+\(lead + tolerance + 1)",
                        actual: expiry.map {
                            "expiry t\(Int64($0.timeIntervalSince1970) - t >= 0 ? "+" : "")\(Int64($0.timeIntervalSince1970) - t)"
                        } ?? "no record")
                }
            },
            Check(
                "verifier: a trimmed signature list, or another GitHub delivery id, is still a replay", kind: .scenario,
                points: 2,
                why: "the replay key must come from what is signed, not from how the header is written"
            ) { _ in
                // GitHub's X-GitHub-Delivery is not signed: an attacker replays with a fresh one.
                let (github, _) = setUp(.github)
                let delivered = Fixtures.request(.github, key: Fixtures.keyA)
                _ = try run(github, delivered, now: t)
                var renamed = delivered
                renamed.headers = HTTPHeaders(
                    delivered.headers.fields.filter { $0.name.lowercased() != "x-github-delivery" }
                        + [(name: "X-GitHub-Delivery", value: "00000000-0000-4000-8000-000000000001")])
                let replayed = try run(github, renamed, now: t + 1)
                try require(
                    replayed == .threw("replayed"),
                    "a GitHub delivery replayed with another (unsigned) X-GitHub-Delivery was accepted",
                    input: describe(renamed), expected: "throws replayed", actual: replayed.description)
                let (verifier, _) = setUp(.standard)
                let body = Array(#"{"type":"ping"}"#.utf8)
                let good = Fixtures.mac(.standard, key: Fixtures.keyA, id: "msg_9", timestamp: t, body: body)
                let other = Fixtures.mac(.standard, key: Fixtures.keyB, id: "msg_9", timestamp: t, body: body)
                let both = WebhookRequest(
                    headers: Fixtures.headers(.standard, id: "msg_9", timestamp: t, signatures: [other, good]),
                    body: body)
                let trimmed = WebhookRequest(
                    headers: Fixtures.headers(.standard, id: "msg_9", timestamp: t, signatures: [good]), body: body)
                _ = try run(verifier, both, now: t)
                let again = try run(verifier, trimmed, now: t + 1)
                try require(
                    again == .threw("replayed"),
                    "the same signed content with a trimmed signature list was accepted twice",
                    input: describe(trimmed), expected: "throws replayed", actual: again.description)
            },
            Check(
                "verifier: a nonce store that is full or fails makes it refuse, never accept", kind: .scenario,
                points: 2,
                why: "a verifier that treats a store error as 'not seen' accepts every replay while the store is down"
            ) { _ in
                for (what, failure) in [
                    ("full", WebhookError.replayStoreFull as any Error), ("unavailable", NonceStoreUnavailable()),
                ] {
                    let verifier = learner.makeVerifier(
                        VerifierConfiguration(
                            scheme: .standard, keys: [key], tolerance: .seconds(300), parser: reference.parser,
                            window: reference.window, signatures: reference.signatures,
                            nonces: FailingNonceStore(failure: failure)))
                    let request = Fixtures.request(.standard, key: Fixtures.keyA)
                    let result = try run(verifier, request, now: t + 1)
                    let refused: Bool
                    if case .threw(let kind) = result {
                        refused = what != "full" || kind == "replayStoreFull"
                    } else {
                        refused = false
                    }
                    try require(
                        refused, "a valid delivery was not refused while the nonce store was \(what)",
                        input: describe(request) + " (the store throws \(failure))",
                        expected: what == "full" ? "throws replayStoreFull" : "throws", actual: result.description)
                }
            },
            Check(
                "verifier: each step's error reaches the caller", kind: .example, points: 1,
                why: "operators need the reason: a bad signature and a stale request call for different fixes"
            ) { _ in
                let (verifier, _) = setUp(.github)
                let missing = WebhookRequest(headers: [:], body: [])
                let result = try run(verifier, missing, now: t)
                try require(
                    result == .threw("missingHeader(x-hub-signature-256)"),
                    "a request without its signature header gave the wrong error", input: "no headers",
                    expected: "throws missingHeader(x-hub-signature-256)", actual: result.description)
                let noKeys = learner.makeVerifier(
                    VerifierConfiguration(
                        scheme: .stripe, keys: [], parser: reference.parser, window: reference.window,
                        signatures: reference.signatures, nonces: reference.makeMemoryStore(10)))
                let none = try run(noKeys, Fixtures.request(.stripe, key: Fixtures.keyA), now: t)
                try require(
                    none == .threw("noUsableKey"), "with no keys the verifier gave the wrong error", input: "keys: []",
                    expected: "throws noUsableKey", actual: none.description)
            },
        ]
    }
}

extension WebhookChecks {
    /// Exercise 5's hidden check: random nonces, lifetimes and clock steps against a small memory
    /// store, step for step as the reference's (replays refused, expiries honoured, full fails closed).
    static func hiddenStoreCheck(learner: WebhookImplementations, reference: WebhookImplementations) -> Check {
        Check(
            "memory store: random nonces, lifetimes and clock steps at capacity 4, as the reference", kind: .property,
            points: 2, why: "attackers choose the timing; every interleaving must keep the contract",
            timeLimit: .seconds(20), hidden: true
        ) { context in
            // Each step: [nonce number, seconds the clock advances, seconds the nonce lives].
            let property = Property<[[Int]]>(
                generate: { g in
                    (0..<g.int(in: 1...30)).map { _ in [g.below(6), g.int(in: 0...3), g.int(in: 1...6)] }
                },
                shrink: { Shrink.array($0) },
                describe: { steps in
                    steps.map { "n\($0[0]) +\($0[1])s ttl \($0[2])s" }.joined(separator: ", ")
                })
            @Sendable func run(_ store: any NonceStoring, _ steps: [[Int]]) throws -> [Attempt<Bool>] {
                var now = Fixtures.epoch
                return try steps.map { step in
                    now += Int64(step[1])
                    let at = now
                    return try attempt {
                        try store.checkAndRecord(
                            "n\(step[0])", expiry: Fixtures.date(at + Int64(step[2])), now: Fixtures.date(at))
                    }
                }
            }
            try context.forAll(
                property, cases: 60, learner: { try run(learner.makeMemoryStore(4), $0) },
                reference: { try run(reference.makeMemoryStore(4), $0) })
        }
    }
}
