import Crypto
import Foundation
import Grading
import WebhookSolution
import Webhooks
import WorkbookCLI

/// Verifications per second for 1 KiB bodies (one key; three keys with the match last) beside the
/// raw HMAC-SHA256 work they must do, and the Python libraries on the same vectors.
struct WebhookBenchmark {
    var seconds: Double
    var python: Bool
    var json: Bool

    struct Row: Codable {
        var name: String
        var nanosecondsPerOperation: Double
        var note: String
    }

    func run() throws -> Int32 {
        let body = [UInt8]((0..<1024).map { UInt8(ascii: "a") + UInt8($0 % 26) })
        let secrets = (0..<3).map { i in [UInt8]((0..<32).map { UInt8(truncatingIfNeeded: $0 * 7 + i * 91) }) }
        let keys = secrets.enumerated().map { WebhookKey(id: "k\($0.offset)", secret: $0.element) }
        let timestamp: Int64 = 1_700_000_000
        let now = Date(timeIntervalSince1970: Double(timestamp))
        let id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
        var rows: [Row] = []

        let signedPrefix = Array("\(id).\(timestamp).".utf8)
        let oneShot = {
            var mac = HMACSHA256(key: secrets[0])
            mac.update(signedPrefix)
            mac.update(body)
            blackHole(mac.finalize())
        }
        let rawOne = measure(seconds: seconds, oneShot)
        rows.append(
            Row(
                name: "raw HMAC-SHA256, 1 KiB + standard prefix", nanosecondsPerOperation: rawOne,
                note: "one-shot: key schedule + MAC"))
        let keyed = HMACSHA256(key: secrets[0])
        let rawKeyed = measure(seconds: seconds) {
            var mac = keyed
            mac.update(signedPrefix)
            mac.update(body)
            blackHole(mac.finalize())
        }
        rows.append(
            Row(
                name: "raw HMAC-SHA256, same, from a pre-keyed state", nanosecondsPerOperation: rawKeyed,
                note: "the MAC alone, as a key store can cache it"))

        for (label, keyCount) in [("standard, 1 key", 1), ("standard, 3 keys, match last", 3)] {
            let signer = WebhookSigner(scheme: .standard, key: secrets[keyCount - 1])
            let request = WebhookRequest(headers: signer.headers(id: id, timestamp: timestamp, body: body), body: body)
            let parser = HeaderParser()
            let window = TimestampWindow()
            let signatures = SignatureVerifier()
            let ring = keys.prefix(keyCount).map { $0 }
            // The whole pipeline without the replay store (which a repeated request would trip),
            // in batches alternating with the one-shot HMACs it is compared with.
            let (baseline, perVerify, pairRatio) = try measureRatio(
                seconds: seconds,
                baseline: { for _ in 0..<keyCount { oneShot() } },
                candidate: {
                    let message = try parser.parse(request.headers, scheme: .standard)
                    try window.check(timestamp: message.timestamp!, now: now, tolerance: .seconds(300))
                    blackHole(try signatures.verify(message, body: request.body, keys: ring, now: now))
                })
            let ratio = pairRatio
            let keyedRatio = perVerify / (rawKeyed * Double(keyCount)) * (rawOne * Double(keyCount)) / baseline
            rows.append(
                Row(
                    name: "verify \(label)", nanosecondsPerOperation: perVerify,
                    note: String(
                        format: "%.2f× the %d one-shot HMAC%@ it must compute (%.2f× pre-keyed)", ratio, keyCount,
                        keyCount == 1 ? "" : "s", keyedRatio)))
        }
        for scheme in [WebhookScheme.stripe, .github] {
            let signer = WebhookSigner(scheme: scheme, key: secrets[0])
            let request = WebhookRequest(headers: signer.headers(id: nil, timestamp: timestamp, body: body), body: body)
            let parser = HeaderParser()
            let window = TimestampWindow()
            let signatures = SignatureVerifier()
            let (_, perVerify, ratio) = try measureRatio(
                seconds: seconds, baseline: oneShot,
                candidate: {
                    let message = try parser.parse(request.headers, scheme: scheme)
                    if let timestamp = message.timestamp {
                        try window.check(timestamp: timestamp, now: now, tolerance: .seconds(300))
                    }
                    blackHole(try signatures.verify(message, body: request.body, keys: [keys[0]], now: now))
                })
            rows.append(
                Row(
                    name: "verify \(scheme), 1 key", nanosecondsPerOperation: perVerify,
                    note: String(format: "%.2f× one-shot HMAC (median of paired batches)", ratio)))
        }
        do {
            // The whole ReplayProtectedVerifier with its memory store. 8192 distinct deliveries
            // are accepted on the first pass and refused as replays afterwards; both paths do the
            // full verification plus a SHA-256 of the body and a store look-up.
            let signer = WebhookSigner(scheme: .standard, key: secrets[0])
            let verifier = ReplayProtectedVerifier(
                configuration: VerifierConfiguration(
                    scheme: .standard, keys: [keys[0]], parser: HeaderParser(), window: TimestampWindow(),
                    signatures: SignatureVerifier(), nonces: MemoryNonceStore(capacity: 1 << 16)))
            let requests = (0..<8192).map { i in
                WebhookRequest(headers: signer.headers(id: "msg_\(i)", timestamp: timestamp, body: body), body: body)
            }
            var counter = 0
            let withReplay = measure(seconds: seconds) {
                counter &+= 1
                blackHole(try? verifier.verify(requests[counter & 8191], now: now))
            }
            rows.append(
                Row(
                    name: "verify standard, 1 key, with the replay check", nanosecondsPerOperation: withReplay,
                    note: "ReplayProtectedVerifier + MemoryNonceStore: adds SHA-256 of the body and the store"))
        }
        var pythonRows: [Row] = []
        if python { pythonRows = pythonFigures() }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.out(String(decoding: try encoder.encode(rows + pythonRows), as: UTF8.self))
            return 0
        }
        Console.out(
            "workbook bench webhook (release build, 1 KiB body, median of ~10 ms batches over \(seconds) s each)\n")
        for row in rows + pythonRows {
            let micro = row.nanosecondsPerOperation / 1000
            let perSecond = 1e9 / row.nanosecondsPerOperation
            Console.out(
                "  \(row.name.padding(toLength: 56, withPad: " ", startingAt: 0)) \(String(format: "%8.2f µs  %10.0f /s", micro, perSecond))  \(row.note)"
            )
        }
        // The three libraries the issue names; the GitHub docs sample is a stdlib baseline only.
        let libraries = pythonRows.filter {
            ["standardwebhooks", "svix", "stripe"].contains(
                $0.name.split(separator: " ").dropFirst().first.map(String.init) ?? "")
        }
        if let fastest = libraries.min(by: { $0.nanosecondsPerOperation < $1.nanosecondsPerOperation }),
            let ours = rows.first(where: { $0.name == "verify standard, 1 key" })
        {
            Console.out(
                String(
                    format:
                        "\n  verify standard, 1 key is %.1f× faster than the fastest of standardwebhooks, svix and stripe (%@)",
                    fastest.nanosecondsPerOperation / ours.nanosecondsPerOperation, fastest.name))
        }
        return 0
    }

    /// Runs Scripts/bench_webhooks.py when Python and the libraries are installed.
    func pythonFigures() -> [Row] {
        guard let workspace = try? Workspace.locate() else { return [] }
        guard
            let result = try? Subprocess.run(
                "python3", ["Scripts/bench_webhooks.py", "--json"], in: workspace.root),
            result.status == 0
        else {
            Console.error(
                "note: Python figures skipped (python3 Scripts/bench_webhooks.py failed; pip install -r Scripts/requirements-bench.txt)"
            )
            return []
        }
        struct Report: Decodable {
            struct Entry: Decodable {
                var library: String
                var version: String?
                var usPerVerify: Double
            }
            var results: [Entry]
        }
        // The script prints notes on stderr, merged here; the JSON document is the last `{` block.
        guard let start = result.outputText.range(of: "{", options: []),
            let report = try? JSONDecoder().decode(Report.self, from: Data(result.outputText[start.lowerBound...].utf8))
        else { return [] }
        return report.results.map {
            Row(
                name: "python \($0.library) \($0.version ?? "")", nanosecondsPerOperation: $0.usPerVerify * 1000,
                note: "same single-key vector, its verify()")
        }
    }
}

/// Keeps the optimiser from discarding a computed value.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
