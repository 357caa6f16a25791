import Crypto
import Grading
import Webhooks

extension WebhookChecks {
    static func parsingChecks(learner: WebhookImplementations, reference: WebhookImplementations) -> [Check] {
        let parser = learner.parser
        let model = reference.parser
        let sig1 = Fixtures.mac(.standard, key: Fixtures.keyA, id: "msg_1", timestamp: Fixtures.epoch, body: [])
        let sig2 = Fixtures.mac(.standard, key: Fixtures.keyB, id: "msg_1", timestamp: Fixtures.epoch, body: [])

        /// Learner and reference on the same headers must agree, value or error kind.
        @Sendable func agree(_ headers: HTTPHeaders, _ scheme: WebhookScheme, _ what: String) throws {
            let expected = try attempt { try model.parse(headers, scheme: scheme) }
            let actual = try attempt { try parser.parse(headers, scheme: scheme) }
            try require(
                expected == actual, what,
                input: "\(scheme): "
                    + headers.fields.map { "\($0.name): \(debugText($0.value))" }.joined(separator: " | "),
                expected: expected.description, actual: actual.description)
        }

        return [
            Check(
                "standard: reads the id, the timestamp and every v1 signature", kind: .example, points: 3,
                why: "during a secret roll the sender signs with several keys; dropping one drops valid requests"
            ) { _ in
                let headers: HTTPHeaders = [
                    "webhook-id": "msg_1", "webhook-timestamp": String(Fixtures.epoch),
                    "webhook-signature":
                        "v1,\(Base64.encode(sig1)) v1a,c2lnbmF0dXJlIGJ5IGVkMjU1MTk= v1,\(Base64.encode(sig2))",
                ]
                try agree(headers, .standard, "the parsed message differs from the reference")
                try agree(
                    [
                        "webhook-id": "msg_1", "webhook-timestamp": "1700000000",
                        "webhook-signature": "v1,\(Base64.encode(sig1))  v1,\(Base64.encode(sig2))",
                    ], .standard, "two spaces between signatures should still parse")
            },
            Check(
                "stripe: reads t and every v1, skipping other versions", kind: .example, points: 3,
                why: "Stripe sends several v1 while a secret rolls and v0 in test mode"
            ) { _ in
                try agree(
                    [
                        "Stripe-Signature":
                            "t=\(Fixtures.epoch),v1=\(Hex.encode(sig1)),v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39,v1=\(Hex.encode(sig2))"
                    ], .stripe, "the parsed message differs from the reference")
                try agree(
                    ["Stripe-Signature": "t=\(Fixtures.epoch),v1=\(Hex.encode(sig1).uppercased())"], .stripe,
                    "upper-case hex should parse")
            },
            Check(
                "github: reads sha256= and the delivery id", kind: .example, points: 2,
                why: "GitHub's only signature header; its delivery id is not signed"
            ) { _ in
                try agree(
                    [
                        "X-Hub-Signature-256": "sha256=\(Hex.encode(sig1))",
                        "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                    ], .github, "the parsed message differs from the reference")
                try agree(
                    ["X-Hub-Signature-256": "sha256=\(Hex.encode(sig1))"], .github,
                    "a request without X-GitHub-Delivery should parse")
            },
            Check(
                "header names match in any case", kind: .example, points: 2,
                why: "HTTP field names are case-insensitive and many servers lower-case them"
            ) { _ in
                for scheme in WebhookScheme.allCases {
                    for transform in [{ (s: String) in s.lowercased() }, { $0.uppercased() }] {
                        let original = Fixtures.headers(
                            scheme, id: "msg_1", timestamp: Fixtures.epoch, signatures: [sig1])
                        let headers = HTTPHeaders(original.fields.map { (name: transform($0.name), value: $0.value) })
                        try agree(headers, scheme, "header names in another case were not found")
                    }
                }
            },
            Check(
                "a header with more than \(SignedMessage.maximumSignatures) signatures of any version is malformed",
                kind: .example, points: 2,
                why: "a sender signs once per active secret; a header with thousands costs a MAC comparison each"
            ) { _ in
                let limit = SignedMessage.maximumSignatures
                for count in [limit, limit + 1, 4 * limit] {
                    // The valid signature last, three of another version among the others.
                    let others = count - 1
                    let standard =
                        Array(repeating: "v1a,\(Base64.encode(sig2))", count: 3)
                        + Array(repeating: "v1,\(Base64.encode(sig2))", count: others - 3) + [
                            "v1,\(Base64.encode(sig1))"
                        ]
                    try agree(
                        [
                            "webhook-id": "msg_1", "webhook-timestamp": String(Fixtures.epoch),
                            "webhook-signature": standard.joined(separator: " "),
                        ], .standard, "wrong verdict on \(count) signatures")
                    let stripe =
                        ["t=\(Fixtures.epoch)"] + Array(repeating: "v0=\(Hex.encode(sig2))", count: 3)
                        + Array(repeating: "v1=\(Hex.encode(sig2))", count: others - 3) + ["v1=\(Hex.encode(sig1))"]
                    try agree(
                        ["Stripe-Signature": stripe.joined(separator: ",")], .stripe,
                        "wrong verdict on \(count) signatures")
                }
            },
            Check(
                "rejects malformed headers with an error, never a crash", kind: .example, points: 3,
                why: "a parser that traps on hostile input is a denial of service; one that accepts it is worse"
            ) { _ in
                let good = Base64.encode(sig1)
                let hex = Hex.encode(sig1)
                let standard: [(String, String, String)] = [
                    ("1700000000", "v1", "an entry without a comma"),
                    ("1700000000", "v1," + String(good.dropLast()), "unpadded base64"),
                    ("1700000000", "v1,!!!!" + good.dropFirst(4), "a character outside base64"),
                    ("1700000000", "v1,\(Base64.encode(sig1.prefix(16)))", "a 16-byte signature"),
                    ("1700000000", "", "an empty signature header"),
                    ("1700000000", "v2,\(good)", "no v1 signature"),
                    ("1.7e9", "v1,\(good)", "an exponent timestamp"),
                    (" 1700000000", "v1,\(good)", "a timestamp with a leading space"),
                    ("+1700000000", "v1,\(good)", "a signed timestamp"),
                    ("-1", "v1,\(good)", "a negative timestamp"),
                    ("١٧٠٠٠٠٠٠٠٠", "v1,\(good)", "Arabic-Indic digits"),
                    ("99999999999999999999", "v1,\(good)", "a timestamp beyond Int64"),
                    ("", "v1,\(good)", "an empty timestamp"),
                    ("0x10", "v1,\(good)", "a hexadecimal timestamp"),
                ]
                // The grammar's edges: entries are separated by spaces only, and the signature is
                // standard base64 (`+` and `/`), not the URL-safe alphabet (`-` and `_`).
                let slashed = (0..<64).lazy.map {
                    Base64.encode(
                        Fixtures.mac(
                            .standard, key: Fixtures.keyA, id: "msg_\($0)", timestamp: Fixtures.epoch, body: []))
                }.first { $0.contains("+") || $0.contains("/") }!
                let urlSafe = slashed.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                let grammar: [(String, String, String)] = [
                    ("1700000000", "v1,\(good)\tv1,\(slashed)", "a tab between signatures"),
                    ("1700000000", "v1,\(good),v1,\(slashed)", "a comma between signatures"),
                    ("1700000000", "v1,\(good)\u{A0}v1,\(slashed)", "a no-break space between signatures"),
                    ("1700000000", "v1,\(urlSafe)", "URL-safe base64"),
                    ("1700000000", "v1,\(slashed)", "standard base64 with + or /"),
                ]
                for (timestamp, signature, what) in standard + grammar {
                    try agree(
                        ["webhook-id": "msg_1", "webhook-timestamp": timestamp, "webhook-signature": signature],
                        .standard, "wrong verdict on \(what)")
                }
                try agree(
                    ["webhook-timestamp": "1700000000", "webhook-signature": "v1,\(good)"], .standard,
                    "wrong verdict on a missing webhook-id")
                try agree(
                    [
                        "webhook-id": "msg_1", "webhook-timestamp": "1700000000", "webhook-signature": "v1,\(good)",
                        "Webhook-Signature": "v1,\(good)",
                    ], .standard, "wrong verdict on a repeated signature header")
                let stripe: [(String, String)] = [
                    ("v1=\(hex)", "no t="),
                    ("t=1700000000", "no v1"),
                    ("t=1700000000,v1", "an item without '='"),
                    ("t=1700000000,,v1=\(hex)", "an empty item"),
                    ("t=1700000000,t=1700000001,v1=\(hex)", "two timestamps"),
                    ("t=1.7e9,v1=\(hex)", "an exponent timestamp"),
                    ("t= 1700000000,v1=\(hex)", "a timestamp with a space"),
                    ("t=1700000000,v1=\(hex.dropLast())", "63 hex digits"),
                    ("t=1700000000, v1=\(hex)", "a space after a comma"),
                    ("t=1700000000;v1=\(hex)", "a semicolon between items"),
                    ("t=1700000000,v1=\(hex.dropLast(2))zz", "non-hex digits"),
                    ("", "an empty header"),
                ]
                for (value, what) in stripe {
                    try agree(["Stripe-Signature": value], .stripe, "wrong verdict on \(what)")
                }
                try agree([:], .stripe, "wrong verdict on a missing Stripe-Signature")
                let github: [(String, String)] = [
                    (hex, "no sha256= prefix"), ("sha1=\(hex.prefix(40))", "a sha1= signature"),
                    ("sha256=\(hex.prefix(40))", "a short signature"), ("SHA256=\(hex)", "an upper-case prefix"),
                    ("sha256=", "an empty signature"),
                ]
                for (value, what) in github {
                    try agree(["X-Hub-Signature-256": value], .github, "wrong verdict on \(what)")
                }
            },
            Check(
                "agrees with the reference on randomly damaged headers", kind: .property, points: 2,
                why: "attackers send exactly the inputs nobody wrote a test for"
            ) { context in
                // Every character class the header rules mention: separators and near-separators
                // (tab, CR, LF, no-break and other Unicode spaces, `;`), both base64 alphabets,
                // signs and exponents, non-ASCII digits, and multi-byte UTF-8.
                let alphabet =
                    Array("v1,= t0123456789abcdefABCDEF+/_-.e;\u{0}\t\u{A0}\u{2003}\u{3000}é😀١１") + ["\r", "\n"]
                let property = Property<DamagedHeaders>(
                    generate: { g in
                        let scheme = g.pick(WebhookScheme.allCases)
                        let count = Int.random(in: 1...3, using: &g)
                        let sigs = (0..<count).map { _ in g.bytes(32) }
                        var fields = Fixtures.headers(
                            scheme, id: "msg_\(g.next() % 1000)", timestamp: Int64(g.next() % 2_000_000_000),
                            signatures: sigs
                        ).fields
                        let target = Int.random(in: 0..<fields.count, using: &g)
                        var value = Array(fields[target].value)
                        for _ in 0..<Int.random(in: 1...3, using: &g) {
                            switch Int.random(in: 0..<4, using: &g) {
                            case 0 where !value.isEmpty: value.remove(at: Int.random(in: 0..<value.count, using: &g))
                            case 1: value.insert(g.pick(alphabet), at: Int.random(in: 0...value.count, using: &g))
                            case 2 where !value.isEmpty:
                                value = Array(value.prefix(Int.random(in: 0..<value.count, using: &g)))
                            default:
                                if !value.isEmpty {
                                    value[Int.random(in: 0..<value.count, using: &g)] = g.pick(alphabet)
                                }
                            }
                        }
                        fields[target].value = String(value)
                        return DamagedHeaders(scheme: scheme, fields: fields.map { [$0.name, $0.value] })
                    },
                    shrink: { input in
                        input.fields.indices.flatMap { i in
                            Shrink.string(input.fields[i][1]).prefix(40).map { smaller in
                                var copy = input
                                copy.fields[i][1] = smaller
                                return copy
                            }
                        }
                    },
                    describe: {
                        "\($0.scheme): " + $0.fields.map { "\($0[0]): \(debugText($0[1]))" }.joined(separator: " | ")
                    })
                try context.forAll(
                    property, cases: 300, message: "the verdict on a damaged header differs from the reference",
                    learner: { input in try attempt { try parser.parse(input.headers, scheme: input.scheme) } },
                    reference: { input in try attempt { try model.parse(input.headers, scheme: input.scheme) } })
            },
            Check(
                "decodes secrets: whsec_ base64 with or without padding, raw UTF-8 for Stripe and GitHub",
                kind: .example, points: 3,
                why: "a secret decoded the wrong way makes every genuine signature fail; unpadded base64 is common"
            ) { _ in
                let cases: [(String, WebhookScheme, String)] = [
                    ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", .standard, "a padded whsec_ secret"),
                    ("whsec_c2VjcmV0LWtleS0yNC1ieXRlcy1sb25n", .standard, "a 27-byte key without padding needed"),
                    (
                        "whsec_dGVzdC1zZWNyZXQtMzItYnl0ZXMtbG9uZy1rZXkhIQ", .standard,
                        "a whsec_ secret whose padding was lost"
                    ),
                    ("dGVzdC1zZWNyZXQtMzItYnl0ZXMtbG9uZy1rZXkhIQ==", .standard, "a secret without the whsec_ prefix"),
                    ("whsec_not base64!", .standard, "invalid base64"),
                    ("whsec_", .standard, "an empty key"),
                    ("whsec_abc", .standard, "an impossible base64 length"),
                    ("whsec_FKc1fYdj8bN8ZaEsxKrUQjU7ZVnAmFUO", .stripe, "a Stripe secret (used as is)"),
                    ("It's a Secret to Everybody", .github, "a GitHub secret (used as is)"),
                    ("", .github, "an empty secret"),
                ]
                for (secret, scheme, what) in cases {
                    let expected = try attempt { try model.decodeSecret(secret, scheme: scheme) }
                    let actual = try attempt { try parser.decodeSecret(secret, scheme: scheme) }
                    try require(
                        expected == actual, "wrong key for \(what)", input: "\(scheme): \(debugText(secret))",
                        expected: expected.description, actual: actual.description)
                }
            },
        ]
    }
}

/// Headers for the damaged-header property, kept as plain arrays so they print and shrink.
struct DamagedHeaders: Sendable {
    var scheme: WebhookScheme
    var fields: [[String]]
    var headers: HTTPHeaders { HTTPHeaders(fields.map { (name: $0[0], value: $0[1]) }) }
}

/// A header value as Swift would write it, control characters escaped.
func debugText(_ text: String) -> String { text.debugDescription }
