import Crypto
import Foundation
import Grading
import SQLite
import Synchronization
import Testing
import WebhookSolution
import Webhooks
import WebhooksChecks

@Suite struct MutantTests {
    static let mutants: [Mutant<WebhookImplementations>] = [
        mutant("early-exit comparison", "webhook/1") { $0.comparer = EarlyExitComparer() },
        mutant("comparison that ignores length (zip stops at the shorter)", "webhook/1") {
            $0.comparer = LengthIgnoringComparer()
        },
        mutant("bytes copied out (each read once), then compared with ==", "webhook/1") {
            $0.comparer = CopyingComparer()
        },
        mutant("case-sensitive header names", "webhook/2") { $0.parser = CaseSensitiveParser() },
        mutant("lenient timestamp parsing (trims, accepts +)", "webhook/2") { $0.parser = LenientTimestampParser() },
        mutant("whsec_ secret decoded with Foundation (no unpadded base64)", "webhook/2") {
            $0.parser = FoundationSecretParser()
        },
        mutant("no cap on the number of signatures", "webhook/2") { $0.parser = UncappedParser() },
        mutant("signatures split on any whitespace", "webhook/2") {
            $0.parser = RewritingParser(header: "webhook-signature") {
                $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\u{A0}", with: " ")
            }
        },
        mutant("URL-safe base64 accepted in signatures", "webhook/2") {
            $0.parser = RewritingParser(header: "webhook-signature") {
                $0.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            }
        },
        mutant("Stripe items trimmed of spaces", "webhook/2") {
            $0.parser = RewritingParser(header: "Stripe-Signature") { $0.replacingOccurrences(of: ", ", with: ",") }
        },
        mutant("only lower-case hex in Stripe signatures", "webhook/2") {
            $0.parser = RewritingParser(header: "Stripe-Signature") { value in
                // Upper-case digits become a character no hex has: the reference then refuses them.
                value.split(separator: ",").map { item in
                    item.hasPrefix("v1=")
                        ? item.replacingOccurrences(of: "[A-F]", with: "g", options: .regularExpression) : String(item)
                }.joined(separator: ",")
            }
        },
        mutant("only v1 signatures counted towards the cap", "webhook/2") {
            $0.parser = RewritingParser(header: "webhook-signature") {
                $0.split(separator: " ").filter { $0.hasPrefix("v1,") }.joined(separator: " ")
            }
        },
        mutant("a Standard Webhooks secret without whsec_ refused", "webhook/2") {
            $0.parser = PrefixRequiringParser()
        },
        mutant("only the first key tried", "webhook/3") { $0.signatures = FirstKeyOnlyVerifier() },
        mutant("only the first signature tried", "webhook/3") { $0.signatures = FirstSignatureOnlyVerifier() },
        mutant("key windows ignored", "webhook/3") { $0.signatures = WindowlessVerifier() },
        mutant("MACs compared with == instead of the given comparer", "webhook/3") { $0.signatures = EqualsVerifier() },
        mutant("future timestamps accepted (only the age checked)", "webhook/4") { $0.window = AgeOnlyWindow() },
        mutant("window with wrapping arithmetic", "webhook/4") { $0.window = WrappingWindow() },
        mutant("exclusive window bounds", "webhook/4") { $0.window = ExclusiveWindow() },
        mutant("nonce recorded before verification", "webhook/5") {
            $0.makeVerifier = { RecordFirstVerifier(configuration: $0) }
        },
        mutant("timestamp check skipped", "webhook/5") { $0.makeVerifier = { NoWindowVerifier(configuration: $0) } },
        mutant("nonce forgotten at now + tolerance", "webhook/5") {
            $0.makeVerifier = { ShortMemoryVerifier(configuration: $0) }
        },
        mutant("a nonce store's error taken as 'not seen'", "webhook/5") {
            $0.makeVerifier = { StoreErrorForgivingVerifier(configuration: $0) }
        },
        mutant("GitHub's unsigned delivery id as the replay key", "webhook/5") {
            $0.makeVerifier = { DeliveryIDNonceVerifier(configuration: $0) }
        },
        mutant("nonce kept for the default 300 s tolerance, whatever the configured one", "webhook/5") {
            $0.makeVerifier = { DefaultToleranceExpiryVerifier(configuration: $0) }
        },
        mutant("verified result without its timestamp", "webhook/5") {
            $0.makeVerifier = { TimestampDroppingVerifier(configuration: $0) }
        },
        mutant("SQLite store that checks outside its write transaction", "webhook/5") {
            $0.makeSQLiteStore = { path, _ in try CheckThenInsertSQLiteStore(path: path) }
        },
        mutant("memory store that never purges", "webhook/5") {
            $0.makeMemoryStore = { NeverPurgingStore(capacity: $0) }
        },
        mutant("memory store that evicts live nonces when full", "webhook/5") {
            $0.makeMemoryStore = { EvictingStore(capacity: $0) }
        },
        mutant("memory store that expires a second early", "webhook/5") {
            $0.makeMemoryStore = { EarlyExpiryStore(capacity: $0) }
        },
    ]

    static func mutant(_ name: String, _ exercise: String, _ change: (inout WebhookImplementations) -> Void) -> Mutant<
        WebhookImplementations
    > {
        Mutant(name, exercise, from: reference, change)
    }

    @Test(arguments: mutants)
    func mutantLosesPointsInItsExerciseOnly(_ mutant: Mutant<WebhookImplementations>) {
        #expect(grade(mutant.implementations).mutantProblems(exercise: mutant.exercise) == [], "\(mutant.name)")
    }
}

// MARK: exercise 1

struct EarlyExitComparer: SignatureComparing {
    func isEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool where A.Element == UInt8, B.Element == UInt8 {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y { return false }
        return true
    }
}

/// Reads every byte exactly once, so the read count is the same wherever the inputs differ; the
/// early exit is in `Array ==` afterwards.
struct CopyingComparer: SignatureComparing {
    func isEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool where A.Element == UInt8, B.Element == UInt8 {
        Array(a) == Array(b)
    }
}

struct LengthIgnoringComparer: SignatureComparing {
    func isEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool where A.Element == UInt8, B.Element == UInt8 {
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

// MARK: exercise 2

struct CaseSensitiveParser: SignatureHeaderParsing {
    func parse(_ headers: HTTPHeaders, scheme: WebhookScheme) throws -> SignedMessage {
        let canonical: Set = [
            "webhook-id", "webhook-timestamp", "webhook-signature", "Stripe-Signature", "X-Hub-Signature-256",
            "X-GitHub-Delivery",
        ]
        return try HeaderParser().parse(
            HTTPHeaders(headers.fields.filter { canonical.contains($0.name) }), scheme: scheme)
    }
    func decodeSecret(_ secret: String, scheme: WebhookScheme) throws -> [UInt8] {
        try HeaderParser().decodeSecret(secret, scheme: scheme)
    }
}

/// The reference parser after `rewrite` has changed one header's value: a lenient reading.
struct RewritingParser: SignatureHeaderParsing {
    let header: String
    let rewrite: @Sendable (String) -> String
    func parse(_ headers: HTTPHeaders, scheme: WebhookScheme) throws -> SignedMessage {
        let fields = headers.fields.map { field in
            field.name.lowercased() == header.lowercased() ? (name: field.name, value: rewrite(field.value)) : field
        }
        return try HeaderParser().parse(HTTPHeaders(fields), scheme: scheme)
    }
    func decodeSecret(_ secret: String, scheme: WebhookScheme) throws -> [UInt8] {
        try HeaderParser().decodeSecret(secret, scheme: scheme)
    }
}

/// The reference parser without the signature cap: it parses the header in chunks the cap allows.
struct UncappedParser: SignatureHeaderParsing {
    func parse(_ headers: HTTPHeaders, scheme: WebhookScheme) throws -> SignedMessage {
        let (name, separator) = scheme == .stripe ? ("Stripe-Signature", ",") : ("webhook-signature", " ")
        guard scheme != .github, case .once(let value) = headers.occurrence(of: name) else {
            return try HeaderParser().parse(headers, scheme: scheme)
        }
        var items = value.split(separator: separator, omittingEmptySubsequences: scheme == .standard).map(String.init)
        let timestamp = scheme == .stripe ? items.filter { $0.hasPrefix("t=") } : []
        items.removeAll { scheme == .stripe && $0.hasPrefix("t=") }
        var message: SignedMessage?
        for start in stride(from: 0, to: max(items.count, 1), by: SignedMessage.maximumSignatures) {
            let chunk = timestamp + items[start..<min(start + SignedMessage.maximumSignatures, items.count)]
            let fields = headers.fields.map { field in
                field.name.lowercased() == name.lowercased()
                    ? (name: field.name, value: chunk.joined(separator: separator)) : field
            }
            guard let part = try? HeaderParser().parse(HTTPHeaders(fields), scheme: scheme) else { continue }
            if message == nil { message = part } else { message?.signatures += part.signatures }
        }
        guard let message else { return try HeaderParser().parse(headers, scheme: scheme) }
        return message
    }
    func decodeSecret(_ secret: String, scheme: WebhookScheme) throws -> [UInt8] {
        try HeaderParser().decodeSecret(secret, scheme: scheme)
    }
}

struct LenientTimestampParser: SignatureHeaderParsing {
    func parse(_ headers: HTTPHeaders, scheme: WebhookScheme) throws -> SignedMessage {
        let fields = headers.fields.map { field -> (name: String, value: String) in
            guard field.name.lowercased() == "webhook-timestamp" else { return field }
            let trimmed = field.value.trimmingCharacters(in: .whitespaces)
            return (field.name, trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed)
        }
        return try HeaderParser().parse(HTTPHeaders(fields), scheme: scheme)
    }
    func decodeSecret(_ secret: String, scheme: WebhookScheme) throws -> [UInt8] {
        try HeaderParser().decodeSecret(secret, scheme: scheme)
    }
}

struct FoundationSecretParser: SignatureHeaderParsing {
    func parse(_ headers: HTTPHeaders, scheme: WebhookScheme) throws -> SignedMessage {
        try HeaderParser().parse(headers, scheme: scheme)
    }
    func decodeSecret(_ secret: String, scheme: WebhookScheme) throws -> [UInt8] {
        guard scheme == .standard else { return try HeaderParser().decodeSecret(secret, scheme: scheme) }
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
        guard let data = Data(base64Encoded: encoded), !data.isEmpty else {
            throw WebhookError.invalidSecret(reason: "not base64")
        }
        return [UInt8](data)
    }
}

/// Takes a Standard Webhooks secret only with its `whsec_` prefix, as the dashboard shows it.
struct PrefixRequiringParser: SignatureHeaderParsing {
    func parse(_ headers: HTTPHeaders, scheme: WebhookScheme) throws -> SignedMessage {
        try HeaderParser().parse(headers, scheme: scheme)
    }
    func decodeSecret(_ secret: String, scheme: WebhookScheme) throws -> [UInt8] {
        guard scheme != .standard || secret.hasPrefix("whsec_") else {
            throw WebhookError.invalidSecret(reason: "no whsec_ prefix")
        }
        return try HeaderParser().decodeSecret(secret, scheme: scheme)
    }
}

// MARK: exercise 3

/// The reference's signed content, for mutants that change only how keys or signatures are tried.
func referenceMAC(_ message: SignedMessage, key: [UInt8], body: [UInt8]) -> [UInt8] {
    WebhookSigner(scheme: message.scheme, key: key).mac(id: message.id, timestamp: message.timestamp, body: body).bytes
}

func isActive(_ key: WebhookKey, _ now: Date) -> Bool {
    (key.notBefore.map { now >= $0 } ?? true) && (key.notAfter.map { now < $0 } ?? true)
}

struct FirstKeyOnlyVerifier: SignatureVerifying {
    func verify(
        _ message: SignedMessage, body: [UInt8], keys: [WebhookKey], now: Date, comparer: any SignatureComparing
    ) throws -> String {
        guard let key = keys.first(where: { isActive($0, now) }) else { throw WebhookError.noUsableKey }
        let mac = referenceMAC(message, key: key.secret, body: body)
        guard message.signatures.contains(where: { comparer.isEqual($0, mac) }) else {
            throw WebhookError.badSignature
        }
        return key.id
    }
}

struct FirstSignatureOnlyVerifier: SignatureVerifying {
    func verify(
        _ message: SignedMessage, body: [UInt8], keys: [WebhookKey], now: Date, comparer: any SignatureComparing
    ) throws -> String {
        let active = keys.filter { isActive($0, now) }
        guard !active.isEmpty else { throw WebhookError.noUsableKey }
        for key in active
        where comparer.isEqual(message.signatures[0], referenceMAC(message, key: key.secret, body: body)) {
            return key.id
        }
        throw WebhookError.badSignature
    }
}

struct WindowlessVerifier: SignatureVerifying {
    func verify(
        _ message: SignedMessage, body: [UInt8], keys: [WebhookKey], now: Date, comparer: any SignatureComparing
    ) throws -> String {
        let open = keys.map { WebhookKey(id: $0.id, secret: $0.secret) }
        return try SignatureVerifier().verify(message, body: body, keys: open, now: now, comparer: comparer)
    }
}

/// Compares MACs its own way, with `==` on arrays (early exit), whatever comparer it is given.
struct EqualsVerifier: SignatureVerifying {
    struct ArrayEquals: SignatureComparing {
        func isEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
        where A.Element == UInt8, B.Element == UInt8 { Array(a) == Array(b) }
    }

    func verify(
        _ message: SignedMessage, body: [UInt8], keys: [WebhookKey], now: Date, comparer: any SignatureComparing
    ) throws -> String {
        try SignatureVerifier().verify(message, body: body, keys: keys, now: now, comparer: ArrayEquals())
    }
}

// MARK: exercise 4

func floorSeconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

struct AgeOnlyWindow: TimestampChecking {
    func check(timestamp: Int64, now: Date, tolerance: Duration) throws {
        if timestamp < floorSeconds(now) &- tolerance.components.seconds { throw WebhookError.tooOld }
    }
}

struct WrappingWindow: TimestampChecking {
    func check(timestamp: Int64, now: Date, tolerance: Duration) throws {
        let age = floorSeconds(now) &- timestamp
        if age > tolerance.components.seconds { throw WebhookError.tooOld }
        if age < 0 &- tolerance.components.seconds { throw WebhookError.inFuture }
    }
}

struct ExclusiveWindow: TimestampChecking {
    func check(timestamp: Int64, now: Date, tolerance: Duration) throws {
        try TimestampWindow().check(timestamp: timestamp, now: now, tolerance: tolerance)
        let age = floorSeconds(now) - timestamp
        if age == tolerance.components.seconds { throw WebhookError.tooOld }
        if age == -tolerance.components.seconds && age != 0 { throw WebhookError.inFuture }
    }
}

// MARK: exercise 5

struct RecordFirstVerifier: WebhookVerifying {
    let configuration: VerifierConfiguration
    func verify(_ request: WebhookRequest, now: Date) throws -> VerifiedWebhook {
        let c = configuration
        let message = try c.parser.parse(request.headers, scheme: c.scheme)
        let expiry = Date(
            timeIntervalSince1970: Double((message.timestamp ?? floorSeconds(now)) + c.tolerance.components.seconds + 1)
        )
        guard try c.nonces.checkAndRecord(replayKey(for: message, body: request.body), expiry: expiry, now: now) else {
            throw WebhookError.replayed
        }
        if let timestamp = message.timestamp {
            try c.window.check(timestamp: timestamp, now: now, tolerance: c.tolerance)
        }
        let key = try c.signatures.verify(message, body: request.body, keys: c.keys, now: now)
        return VerifiedWebhook(keyID: key, id: message.id, timestamp: message.timestamp)
    }
}

struct NoWindowVerifier: WebhookVerifying {
    let configuration: VerifierConfiguration
    func verify(_ request: WebhookRequest, now: Date) throws -> VerifiedWebhook {
        var c = configuration
        c.window = AcceptAllWindow()
        return try ReplayProtectedVerifier(configuration: c).verify(request, now: now)
    }
}

struct AcceptAllWindow: TimestampChecking {
    func check(timestamp: Int64, now: Date, tolerance: Duration) throws {}
}

struct ShortMemoryVerifier: WebhookVerifying {
    let configuration: VerifierConfiguration
    func verify(_ request: WebhookRequest, now: Date) throws -> VerifiedWebhook {
        let c = configuration
        let message = try c.parser.parse(request.headers, scheme: c.scheme)
        if let timestamp = message.timestamp {
            try c.window.check(timestamp: timestamp, now: now, tolerance: c.tolerance)
        }
        let key = try c.signatures.verify(message, body: request.body, keys: c.keys, now: now)
        let expiry = now.addingTimeInterval(Double(c.tolerance.components.seconds))
        guard try c.nonces.checkAndRecord(replayKey(for: message, body: request.body), expiry: expiry, now: now) else {
            throw WebhookError.replayed
        }
        return VerifiedWebhook(keyID: key, id: message.id, timestamp: message.timestamp)
    }
}

struct StoreErrorForgivingVerifier: WebhookVerifying {
    /// Treats any error of the store as a nonce never seen.
    struct Forgiving: NonceStoring {
        let inner: any NonceStoring
        func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool {
            (try? inner.checkAndRecord(nonce, expiry: expiry, now: now)) ?? true
        }
        func count() throws -> Int { try inner.count() }
    }
    let configuration: VerifierConfiguration
    func verify(_ request: WebhookRequest, now: Date) throws -> VerifiedWebhook {
        var c = configuration
        c.nonces = Forgiving(inner: c.nonces)
        return try ReplayProtectedVerifier(configuration: c).verify(request, now: now)
    }
}

struct DeliveryIDNonceVerifier: WebhookVerifying {
    let configuration: VerifierConfiguration
    func verify(_ request: WebhookRequest, now: Date) throws -> VerifiedWebhook {
        let c = configuration
        let message = try c.parser.parse(request.headers, scheme: c.scheme)
        if let timestamp = message.timestamp {
            try c.window.check(timestamp: timestamp, now: now, tolerance: c.tolerance)
        }
        let key = try c.signatures.verify(message, body: request.body, keys: c.keys, now: now)
        let tolerance = Double(c.tolerance.components.seconds) + 1
        let expiry =
            message.timestamp.map { Date(timeIntervalSince1970: Double($0) + tolerance) }
            ?? now.addingTimeInterval(tolerance)
        let nonce = message.id ?? replayKey(for: message, body: request.body)
        guard try c.nonces.checkAndRecord(nonce, expiry: expiry, now: now) else { throw WebhookError.replayed }
        return VerifiedWebhook(keyID: key, id: message.id, timestamp: message.timestamp)
    }
}

struct DefaultToleranceExpiryVerifier: WebhookVerifying {
    /// Moves every expiry to where a 300 s tolerance would put it.
    struct Shifting: NonceStoring {
        let inner: any NonceStoring
        let shift: TimeInterval
        func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool {
            try inner.checkAndRecord(nonce, expiry: expiry.addingTimeInterval(shift), now: now)
        }
        func count() throws -> Int { try inner.count() }
    }
    let configuration: VerifierConfiguration
    func verify(_ request: WebhookRequest, now: Date) throws -> VerifiedWebhook {
        var c = configuration
        c.nonces = Shifting(inner: c.nonces, shift: 300 - Double(c.tolerance.components.seconds))
        return try ReplayProtectedVerifier(configuration: c).verify(request, now: now)
    }
}

struct TimestampDroppingVerifier: WebhookVerifying {
    let configuration: VerifierConfiguration
    func verify(_ request: WebhookRequest, now: Date) throws -> VerifiedWebhook {
        var verified = try ReplayProtectedVerifier(configuration: configuration).verify(request, now: now)
        verified.timestamp = nil
        return verified
    }
}

/// A thread-safe dictionary store with a configurable flaw.
final class FlawedStore: NonceStoring {
    enum Flaw { case neverPurges, evictsLive, expiresEarly }
    let capacity: Int
    let flaw: Flaw
    let entries = Mutex<[String: Date]>([:])

    init(capacity: Int, flaw: Flaw) {
        self.capacity = capacity
        self.flaw = flaw
    }

    func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool {
        try entries.withLock { entries in
            let margin: TimeInterval = flaw == .expiresEarly ? 1 : 0
            if let held = entries[nonce], now.addingTimeInterval(margin) < held { return false }
            if flaw != .neverPurges { entries = entries.filter { now < $0.value } }
            if entries[nonce] == nil && entries.count >= capacity {
                guard flaw == .evictsLive, let oldest = entries.min(by: { $0.value < $1.value }) else {
                    if flaw == .neverPurges {
                        entries[nonce] = expiry
                        return true
                    }
                    throw WebhookError.replayStoreFull
                }
                entries[oldest.key] = nil
            }
            entries[nonce] = expiry
            return true
        }
    }

    func count() throws -> Int { entries.withLock { $0.count } }
}

func NeverPurgingStore(capacity: Int) -> any NonceStoring { FlawedStore(capacity: capacity, flaw: .neverPurges) }
func EvictingStore(capacity: Int) -> any NonceStoring { FlawedStore(capacity: capacity, flaw: .evictsLive) }
func EarlyExpiryStore(capacity: Int) -> any NonceStoring { FlawedStore(capacity: capacity, flaw: .expiresEarly) }

/// Looks the nonce up under the lock, lets go, and records it under the lock again: each step is
/// thread-safe, the pair is not. Purges only when full, so the gap between the two is as short as
/// a candidate's would be.
final class CheckThenInsertStore: NonceStoring {
    let capacity: Int
    let entries = Mutex<[String: Date]>([:])

    init(capacity: Int) { self.capacity = capacity }

    func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool {
        if let held = entries.withLock({ $0[nonce] }), now < held { return false }
        return try entries.withLock { entries in
            if entries.count >= capacity { entries = entries.filter { now < $0.value } }
            guard entries.count < capacity else { throw WebhookError.replayStoreFull }
            entries[nonce] = expiry
            return true
        }
    }

    func count() throws -> Int { entries.withLock { $0.count } }
}

/// The reference SQLite store's rules, but the look-up runs before, not inside, the write
/// transaction: atomic for one store object (its mutex), not for several on one file.
final class CheckThenInsertSQLiteStore: NonceStoring {
    private let reference: SQLiteNonceStore
    private let connection: Mutex<Connection>

    init(path: String) throws {
        reference = try SQLiteNonceStore(path: path, capacity: 10_000)
        connection = Mutex(try Connection(.file(path)))
    }

    func checkAndRecord(_ nonce: String, expiry: Date, now: Date) throws -> Bool {
        try connection.withLock { db in
            let held = try db.scalar(
                "SELECT expiry FROM webhook_nonces WHERE nonce = ?", [.text(nonce)], as: Double.self)
            if let held, now.timeIntervalSince1970 < held { return false }
            try db.prepare("INSERT OR REPLACE INTO webhook_nonces (nonce, expiry) VALUES (?, ?)").run([
                .text(nonce), .real(expiry.timeIntervalSince1970),
            ])
            return true
        }
    }

    func count() throws -> Int { try reference.count() }
}
