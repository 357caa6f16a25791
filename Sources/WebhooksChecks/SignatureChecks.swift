import Crypto
import Foundation
import Grading
import Webhooks

extension WebhookChecks {
    static func signatureChecks(learner: WebhookImplementations, reference: WebhookImplementations) -> [Check] {
        let verifier = learner.signatures
        let model = reference.signatures
        let body = Array(#"{"type":"invoice.paid","amount":4200}"#.utf8)

        @Sendable func message(
            _ scheme: WebhookScheme, signedWith keys: [[UInt8]], id: String = "msg_1",
            timestamp: Int64 = Fixtures.epoch, body: [UInt8] = body
        ) -> SignedMessage {
            SignedMessage(
                scheme: scheme, id: scheme == .stripe ? nil : id, timestamp: scheme == .github ? nil : timestamp,
                signatures: keys.map { Fixtures.mac(scheme, key: $0, id: id, timestamp: timestamp, body: body) })
        }

        @Sendable func expect(
            _ expected: Attempt<String>, _ message: SignedMessage, body: [UInt8] = body, keys: [WebhookKey],
            now: Date = Fixtures.now, _ what: String
        ) throws {
            let actual = try attempt { try verifier.verify(message, body: body, keys: keys, now: now) }
            try require(
                actual == expected, what,
                input: "\(message), body: \(body.count) bytes, keys: \(keys), now: \(Int64(now.timeIntervalSince1970))",
                expected: expected.description, actual: actual.description)
        }

        let a = WebhookKey(id: "a", secret: Fixtures.keyA)
        let b = WebhookKey(id: "b", secret: Fixtures.keyB)
        let c = WebhookKey(id: "c", secret: Fixtures.keyC)

        return [
            Check(
                "accepts a correct signature in each scheme", kind: .example, points: 4,
                why: "each scheme signs different bytes: id.timestamp.body, timestamp.body, or the body alone"
            ) { _ in
                for scheme in WebhookScheme.allCases {
                    try expect(
                        .returned("a"), message(scheme, signedWith: [Fixtures.keyA]), keys: [a],
                        "a correct \(scheme) signature was rejected")
                    try expect(
                        .returned("a"), message(scheme, signedWith: [Fixtures.keyA], body: []), body: [], keys: [a],
                        "a correct \(scheme) signature over an empty body was rejected")
                    let binary: [UInt8] = [0xFF, 0xFE, 0x00, 0xC3, 0x28]
                    try expect(
                        .returned("a"), message(scheme, signedWith: [Fixtures.keyA], body: binary), body: binary,
                        keys: [a], "a correct \(scheme) signature over a non-UTF-8 body was rejected")
                }
            },
            Check(
                "rejects a wrong key, a changed body, id or timestamp", kind: .example, points: 3,
                why: "the MAC must cover every signed byte, or an attacker edits what it does not cover"
            ) { _ in
                for scheme in WebhookScheme.allCases {
                    try expect(
                        .threw("badSignature"), message(scheme, signedWith: [Fixtures.keyB]), keys: [a],
                        "a signature by another key was accepted in \(scheme)")
                    var tampered = body
                    tampered[tampered.count - 2] = UInt8(ascii: "1")
                    try expect(
                        .threw("badSignature"), message(scheme, signedWith: [Fixtures.keyA]), body: tampered, keys: [a],
                        "a changed body was accepted in \(scheme)")
                    let reserialised = Array(#"{"type": "invoice.paid", "amount": 4200}"#.utf8)
                    try expect(
                        .threw("badSignature"), message(scheme, signedWith: [Fixtures.keyA]), body: reserialised,
                        keys: [a], "re-serialised JSON was accepted in \(scheme)")
                }
                for scheme in [WebhookScheme.standard, .stripe] {
                    var moved = message(scheme, signedWith: [Fixtures.keyA])
                    moved.timestamp = Fixtures.epoch + 60
                    try expect(
                        .threw("badSignature"), moved, keys: [a], "a changed timestamp was accepted in \(scheme)")
                }
                var renamed = message(.standard, signedWith: [Fixtures.keyA])
                renamed.id = "msg_2"
                try expect(.threw("badSignature"), renamed, keys: [a], "a changed webhook-id was accepted")
            },
            Check(
                "compares through the comparer it is given, never with ==", kind: .example, points: 3,
                why:
                    "== stops at the first differing byte: its time tells an attacker how much of a forged MAC is right"
            ) { _ in
                /// Verifies with a comparer that always gives `answer`, which must be asked and believed.
                func probe(
                    _ message: SignedMessage, keys: [WebhookKey], answer: Bool, expected: Attempt<String>,
                    _ what: String
                ) throws {
                    let comparer = ProbeComparer(answer: answer)
                    let actual = try attempt {
                        try verifier.verify(message, body: body, keys: keys, now: Fixtures.now, comparer: comparer)
                    }
                    try require(
                        actual == expected && comparer.calls > 0, what,
                        input: "\(message), keys: \(keys.map(\.id)), a comparer that answers \(answer) to every pair",
                        expected: "\(expected) after asking the comparer",
                        actual: "\(actual) after asking it \(comparer.calls) times")
                }
                let junk = [[UInt8](repeating: 0x42, count: 32), [UInt8](repeating: 0x17, count: 32)]
                for scheme in WebhookScheme.allCases {
                    var forged = message(scheme, signedWith: [])
                    forged.signatures = junk
                    try probe(
                        forged, keys: [a, b], answer: true, expected: .returned("a"),
                        "the verifier did not take the comparer's word (it compared some other way)")
                    try probe(
                        message(scheme, signedWith: [Fixtures.keyA]), keys: [a], answer: false,
                        expected: .threw("badSignature"),
                        "the verifier accepted a signature its comparer called different")
                }
            },
            Check(
                "tries every active key against every signature", kind: .scenario, points: 3,
                why: "during a rotation the matching key may be the last one, and the valid signature the second"
            ) { _ in
                for scheme in WebhookScheme.allCases {
                    try expect(
                        .returned("c"), message(scheme, signedWith: [Fixtures.keyC]), keys: [a, b, c],
                        "the matching key was the last of three and was not found in \(scheme)")
                }
                for scheme in [WebhookScheme.standard, .stripe] {
                    let junk = [UInt8](repeating: 0x42, count: 32)
                    var two = message(scheme, signedWith: [Fixtures.keyB])
                    two.signatures.insert(junk, at: 0)
                    try expect(
                        .returned("b"), two, keys: [a, b],
                        "only the first signature in the header was tried in \(scheme)")
                    try expect(
                        .returned("a"), message(scheme, signedWith: [Fixtures.keyA, Fixtures.keyB]), keys: [a, b],
                        "with two matching keys, the first in key order should be reported in \(scheme)")
                }
            },
            Check(
                "honours key validity windows: notBefore inclusive, notAfter exclusive", kind: .scenario, points: 3,
                why: "rotation relies on old keys expiring and new keys starting at exact instants"
            ) { _ in
                let t = Fixtures.epoch
                let old = WebhookKey(id: "old", secret: Fixtures.keyA, notAfter: Fixtures.date(t))
                let new = WebhookKey(id: "new", secret: Fixtures.keyB, notBefore: Fixtures.date(t))
                let signedOld = message(.standard, signedWith: [Fixtures.keyA])
                let signedNew = message(.standard, signedWith: [Fixtures.keyB])
                try expect(
                    .returned("old"), signedOld, keys: [old, new], now: Fixtures.date(t - 1),
                    "a key was refused one second before its notAfter")
                try expect(
                    .threw("badSignature"), signedOld, keys: [old, new], now: Fixtures.date(t),
                    "a key was used at its notAfter instant (exclusive bound)")
                try expect(
                    .returned("new"), signedNew, keys: [old, new], now: Fixtures.date(t),
                    "a key was refused at its notBefore instant (inclusive bound)")
                try expect(
                    .threw("badSignature"), signedNew, keys: [old, new], now: Fixtures.date(t - 1),
                    "a key was used before its notBefore")
                try expect(
                    .threw("noUsableKey"), signedOld, keys: [old], now: Fixtures.date(t + 10),
                    "with every key expired the error should be noUsableKey")
                try expect(
                    .threw("noUsableKey"), signedNew, keys: [new], now: Fixtures.date(t - 10),
                    "with every key not yet valid the error should be noUsableKey")
                try expect(
                    .threw("noUsableKey"), signedNew, keys: [], "with no keys at all the error should be noUsableKey")
                let overlap = [WebhookKey(id: "old", secret: Fixtures.keyA, notAfter: Fixtures.date(t + 3600)), new]
                try expect(
                    .returned("old"), signedOld, keys: overlap, now: Fixtures.date(t + 5),
                    "during the overlap the old key was refused")
                try expect(
                    .returned("new"), signedNew, keys: overlap, now: Fixtures.date(t + 5),
                    "during the overlap the new key was refused")
            },
            Check(
                "agrees with the reference on random messages and key sets", kind: .property, points: 4,
                why: "rotation states combine; each combination must give the same verdict"
            ) { context in
                let property = Property<SignatureCase>(
                    generate: { g in
                        let scheme = g.pick(WebhookScheme.allCases)
                        let secrets = [Fixtures.keyA, Fixtures.keyB, Fixtures.keyC]
                        let keys = (0..<Int.random(in: 0...3, using: &g)).map { i in
                            WebhookKey(
                                id: "k\(i)", secret: secrets[i],
                                notBefore: g.chance(0.3)
                                    ? Fixtures.date(Fixtures.epoch + Int64.random(in: -5...5, using: &g)) : nil,
                                notAfter: g.chance(0.3)
                                    ? Fixtures.date(Fixtures.epoch + Int64.random(in: -5...5, using: &g)) : nil)
                        }
                        let body = Fixtures.randomBody(&g)
                        let signers = (0..<Int.random(in: 1...3, using: &g)).map { _ in
                            g.chance(0.7) ? g.pick(secrets) : g.bytes(16)
                        }
                        return SignatureCase(
                            message: message(scheme, signedWith: signers, body: body), body: body, keys: keys)
                    },
                    shrink: { input in
                        Shrink.array(input.keys).map {
                            SignatureCase(message: input.message, body: input.body, keys: $0)
                        }
                            + Shrink.array(input.message.signatures).filter { !$0.isEmpty }.map {
                                var copy = input
                                copy.message.signatures = $0
                                return copy
                            }
                    },
                    describe: {
                        "\($0.message), body: \($0.body.count) bytes, keys: \($0.keys), now: \(Fixtures.epoch)"
                    })
                try context.forAll(
                    property, cases: 300,
                    learner: { input in
                        try attempt {
                            try verifier.verify(input.message, body: input.body, keys: input.keys, now: Fixtures.now)
                        }
                    },
                    reference: { input in
                        try attempt {
                            try model.verify(input.message, body: input.body, keys: input.keys, now: Fixtures.now)
                        }
                    })
            },
        ]
    }
}

struct SignatureCase: Sendable {
    var message: SignedMessage
    var body: [UInt8]
    var keys: [WebhookKey]
}
