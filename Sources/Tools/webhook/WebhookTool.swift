import ArgumentParsing
import Crypto
import Foundation
import WebhookSolution
import Webhooks
import WorkbookCLI

/// `workbook webhook sign|verify`: the reference verifier as a real tool.
enum WebhookTool {
    /// The largest body read, so a mistaken `--body-file /dev/zero` fails clearly.
    static let maximumBodySize = 64 << 20

    static func run(_ command: ParsedCommand) throws -> Int32 {
        switch command.path.dropFirst().first {
        case "sign": return try sign(command)
        case "verify": return try verify(command)
        default: throw CLIError("webhook needs a subcommand: sign or verify", isUsage: true)
        }
    }

    static func scheme(_ command: ParsedCommand) throws -> WebhookScheme {
        guard let text = command.value("scheme") else {
            throw CLIError("missing --scheme (standard, stripe or github)", isUsage: true)
        }
        guard let scheme = WebhookScheme(rawValue: text.lowercased()) else {
            throw CLIError("unknown scheme \"\(text)\"; schemes: standard, stripe, github", isUsage: true)
        }
        return scheme
    }

    static func body(_ command: ParsedCommand) throws -> [UInt8] {
        guard let path = command.value("body-file") else {
            throw CLIError("missing --body-file (a file, or - for standard input)", isUsage: true)
        }
        let handle: FileHandle
        if path == "-" {
            handle = .standardInput
        } else {
            guard let file = FileHandle(forReadingAtPath: path) else {
                throw CLIError("cannot read the body file \(path)")
            }
            handle = file
        }
        var data = Data()
        while true {
            let chunk = try handle.read(upToCount: 1 << 16) ?? Data()
            if chunk.isEmpty { break }
            data.append(chunk)
            if data.count > maximumBodySize { throw CLIError("the body is larger than \(maximumBodySize >> 20) MiB") }
        }
        return [UInt8](data)
    }

    static func integer(_ command: ParsedCommand, _ name: String) throws -> Int64? {
        guard let text = command.value(name) else { return nil }
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int64(text) else {
            throw CLIError("--\(name) expects a whole number of seconds, got \"\(text)\"", isUsage: true)
        }
        return value
    }

    /// The latest `--now` a `Date` holds exactly: it counts seconds in a `Double`, whole up to 2^53.
    static let latestClock: Int64 = 1 << 53 - 1

    /// `--now`, within what a `Date` holds to the second.
    static func clock(_ command: ParsedCommand) throws -> Int64? {
        guard let now = try integer(command, "now") else { return nil }
        guard now <= latestClock else {
            throw CLIError(
                "--now \(now) is past \(latestClock), the latest Unix time a Date holds to the second", isUsage: true)
        }
        return now
    }

    static func sign(_ command: ParsedCommand) throws -> Int32 {
        let scheme = try scheme(command)
        guard let secret = command.value("secret") else { throw CLIError("missing --secret", isUsage: true) }
        let key = try decode(secret, scheme: scheme, position: 1)
        let body = try body(command)
        let timestamp = try integer(command, "timestamp") ?? Int64(Date().timeIntervalSince1970)
        let id = command.value("id") ?? defaultID(for: scheme)
        let headers = WebhookSigner(scheme: scheme, key: key).headers(
            id: id, timestamp: scheme == .github ? nil : timestamp, body: body)
        Console.out(headers.description)
        return 0
    }

    static func defaultID(for scheme: WebhookScheme) -> String? {
        let random = (try? SecureRandom.bytes(count: 16)) ?? []
        switch scheme {
        case .standard: return "msg_" + Base64.encode(random, alphabet: .urlSafe, padding: false)
        case .stripe: return nil
        case .github:
            let hex = Hex.encode(random)
            let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
                String(hex.dropFirst(range.lowerBound).prefix(range.count))
            }
            return parts.joined(separator: "-")
        }
    }

    static func decode(_ secret: String, scheme: WebhookScheme, position: Int) throws -> [UInt8] {
        do {
            return try HeaderParser().decodeSecret(secret, scheme: scheme)
        } catch {
            throw CLIError("secret #\(position): \(error)")  // the error never contains the secret
        }
    }

    static func verify(_ command: ParsedCommand) throws -> Int32 {
        let scheme = try scheme(command)
        let secrets = command.values("secret")
        guard !secrets.isEmpty else {
            throw CLIError("missing --secret (repeat it for each active key)", isUsage: true)
        }
        let keys = try secrets.enumerated().map { index, secret in
            WebhookKey(id: "secret #\(index + 1)", secret: try decode(secret, scheme: scheme, position: index + 1))
        }
        var headers = HTTPHeaders()
        for field in command.values("header") {
            guard let colon = field.firstIndex(of: ":"), colon != field.startIndex else {
                throw CLIError("--header expects 'Name: value', got \"\(field)\"", isUsage: true)
            }
            // What an HTTP/1.1 parser does: the name as is, the value without surrounding spaces and tabs.
            let value = field[field.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            headers.add(name: String(field[..<colon]), value: value)
        }
        let body = try body(command)
        let tolerance = try integer(command, "tolerance") ?? 300
        let now = try clock(command).map { Date(timeIntervalSince1970: Double($0)) } ?? Date()
        let nonces: any NonceStoring
        if let path = command.value("replay-db") {
            nonces = try SQLiteNonceStore(path: path, capacity: 1_000_000)
        } else {
            nonces = MemoryNonceStore(capacity: 16)
        }
        let verifier = ReplayProtectedVerifier(
            configuration: VerifierConfiguration(
                scheme: scheme, keys: keys, tolerance: .seconds(tolerance), parser: HeaderParser(),
                window: TimestampWindow(), signatures: SignatureVerifier(), nonces: nonces))
        do {
            let verified = try verifier.verify(WebhookRequest(headers: headers, body: body), now: now)
            var parts = ["valid: signed with \(verified.keyID)"]
            if let id = verified.id { parts.append("id \(id)") }
            if let timestamp = verified.timestamp {
                let (age, overflow) = Int64(now.timeIntervalSince1970.rounded(.down)).subtractingReportingOverflow(
                    timestamp)
                let when =
                    overflow
                    ? "far from this clock" : age >= 0 ? "\(age) s ago" : "\(age.magnitude) s ahead of this clock"
                parts.append("timestamp \(timestamp) (\(when))")
            }
            Console.out(parts.joined(separator: ", "))
            return 0
        } catch let error as WebhookError {
            Console.error("invalid: \(error)")
            return 1
        }
    }
}
