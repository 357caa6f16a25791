import Foundation
import Grading
import SQLite
import Testing

@testable import ETL

/// The Swift and SQL twins of each rule agree, on edge cases and on many generated inputs.
struct ParityTests {
    /// Strings built from pieces of timestamps, valid and not.
    static func timestamps(count: Int, seed: UInt64) -> [String] {
        var random = SeededGenerator(seed: seed)
        let dates = [
            "2026-01-15", "2024-02-29", "2026-02-29", "2026-02-30", "1999-12-31", "2026-13-01", "2026-00-10",
            "0999-01-01", "1000-01-01", "9998-12-31", "9999-01-01", "2026-04-31", "2100-02-29", "2000-02-29",
            "20260115",
        ]
        let times = [
            "T00:00:00", "T23:59:59", "T24:00:00", "T12:60:00", "T12:00:60", " 12:00:00", "T12:00", "t12:00:00",
            "T09:08:07",
        ]
        let fractions = ["", "", ".5", ".123", ".999999", ".", ".x", "0"]
        let zones = [
            "", "Z", "z", "+02:00", "-05:30", "+14:00", "+14:59", "+15:00", "-00:00", "+0200", " Z", "Z ", "+02:60",
        ]
        var texts: [String] = []
        for _ in 0..<count {
            texts.append(random.pick(dates) + random.pick(times) + random.pick(fractions) + random.pick(zones))
        }
        return texts + ["", "yesterday", "2026-01-15T10:00:00Z\n", " 2026-01-15T10:00:00Z", "2026-01-15T10:00:00ZZ"]
    }

    @Test func eventTimesNormaliseTheSameInSwiftAndSQL() throws {
        let db = try Connection(.inMemory)
        let zone = UTCTimestamp.sqlZone("x")
        let query = try db.prepare(
            "SELECT \(UTCTimestamp.sqlNormalize("x", zone: "zone")) FROM (SELECT x, \(zone) AS zone FROM (SELECT ?1 AS x))"
        )
        var accepted = 0
        for text in Self.timestamps(count: 3000, seed: 5) {
            try query.reset()
            try query.bind(text, at: 1)
            #expect(try query.step())
            let sql = query.string(at: 0)
            #expect(UTCTimestamp.normalize(text) == sql, "\(text)")
            if sql != nil { accepted += 1 }
        }
        #expect(accepted > 100)
        #expect(UTCTimestamp.normalize("2026-03-01T00:30:00+01:00") == "2026-02-28T23:30:00Z")
        #expect(UTCTimestamp.normalize("2026-01-01T23:59:59.9996+00:30") == "2026-01-01T23:29:59Z")
    }

    @Test func formattingRoundTripsThroughSeconds() {
        for seconds in [0, 1, 86_399, 951_782_400, 1_767_225_600, -1, -86_401, 253_402_300_799] {
            let text = UTCTimestamp.format(seconds)
            #expect(UTCTimestamp.seconds(text) == seconds || seconds < 0 || seconds > 253_370_764_800, "\(text)")
        }
        #expect(UTCTimestamp.format(0) == "1970-01-01T00:00:00Z")
        #expect(UTCTimestamp.format(951_782_400) == "2000-02-29T00:00:00Z")
    }

    @Test func jsonValidityAgreesWithSQLite() throws {
        let db = try Connection(.inMemory)
        let query = try db.prepare("SELECT json_valid(?)")
        var random = SeededGenerator(seed: 3)
        let pieces = [
            "{", "}", "[", "]", ",", ":", "\"a\"", "\"\\u00e9\"", "\"\\x\"", "\"\\ud800\"", "1", "-0", "01", "1.",
            "1.5", "2e", "2e+3", "1E-2", "-", "true", "null", "nul", " ", "\t", "\"é\"", "\"tab\t\"", ".5", "\"\\/\"",
        ]
        var cases = [
            "{\"a\":1,}", "[1,]", "{\"a\":1}", " {} ", "[]", "{\"a\":[1,{\"b\":null}]}", "\"x\"", "42", "{\"a\" 1}", "",
        ]
        for _ in 0..<4000 {
            cases.append((0..<random.int(in: 1...6)).map { _ in random.pick(pieces) }.joined())
        }
        for text in cases {
            try query.reset()
            try query.bind(text, at: 1)
            _ = try query.step()
            #expect(StrictJSON.isValid(text.utf8) == (query.int64(at: 0) == 1), "\(text)")
        }
    }

    /// The one-pass reading of accepted event lines gives what Foundation's parse gives, for
    /// generated events and for lines built from the pieces parsers disagree on.
    @Test func eventParsingAgreesWithFoundation() throws {
        func summary(_ parsed: EventRecord.Parsed) -> String {
            switch parsed {
            case .event(let event, let keys):
                let kinds = keys.map { "\($0.key):\($0.kind)" }.sorted().joined(separator: ",")
                return "event \(event) [\(kinds)]"
            case .rejected(let reason, let detail, let object):
                return "rejected \(reason) \(detail) \(object.map { $0.keys.sorted() } ?? [])"
            }
        }
        var random = SeededGenerator(seed: 11)
        let keys = [
            "\"event_id\"", "\"type\"", "\"occurred_at\"", "\"email\"", "\"properties\"", "\"event\\u005fid\"", "\"x\"",
            "\"utm_source\"", "\"url\"",
        ]
        let values = [
            "\"e1\"", "\"\"", "\"page_view\"", "\"form_submit\"", "\"2026-03-01T10:00:00Z\"",
            "\"2026-03-01T10:00:00.5+02:00\"", "\"2026-02-30T10:00:00Z\"", "\"a@b.example\"", "\"\\u00e9@x.example\"",
            "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\\udc00x\"", "\"tab\\there\"", "\"q\\\"uote\\\\\"", "\"\\/\"", "1",
            "-0.5e3",
            "null", "true", "[]", "[1,{\"a\":\"b\"}]", "{}", "{\"utm_source\":\"news\",\"url\":\"https://x\"}",
            "{\"utm_campaign\":\"\\u0063amp\",\"utm_campaign\":\"dup\"}", "{\"a\":{\"b\":{\"c\":1}}}",
        ]
        var lines: [String] = []
        for _ in 0..<3000 {
            let members = (0..<random.int(in: 0...6)).map { _ in random.pick(keys) + ":" + random.pick(values) }
            lines.append("{" + members.joined(separator: random.pick([",", " , ", ",\n"])) + "}")
        }
        lines += [
            "{\"event_id\":\"e\",\"type\":\"page_view\",\"occurred_at\":\"2026-03-01T10:00:00Z\",\"event_id\":\"f\"}",
            "[]", "\"text\"", "{\"event_id\":1}", "{\"a\":1,}", " {\"event_id\":\"e\"} ", "",
        ]
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let source = try Fixture.sources(in: folder, rows: 200, seed: 5)
        let events = try String(contentsOf: source.appendingPathComponent("events.jsonl"), encoding: .utf8)
        lines += events.split(separator: "\n").map(String.init)
        var accepted = 0
        for line in lines {
            let fast = EventRecord.parse(line)
            if case .event = fast { accepted += 1 }
            #expect(summary(fast) == summary(EventRecord.parseWithFoundation(line)), "\(line)")
        }
        #expect(accepted > 500)
    }
}
