import Foundation
import LearnerRuntime

/// Writes `events.jsonl`: page views, email opens and clicks and form submits with UTM
/// parameters, delivered the way event pipelines deliver them: a little out of order, some twice,
/// some broken.
struct EventWriter {
    let people: [Person]
    var random: SeededGenerator

    /// 2026-01-01T00:00:00Z: events happen in the first quarter of 2026.
    static let firstSecond = 1_767_225_600
    static let span = 90 * 86_400

    struct Campaign {
        var source: String
        var medium: String
        var name: String
    }

    static let emailCampaigns = [
        Campaign(source: "newsletter", medium: "email", name: "newsletter_2026_01"),
        Campaign(source: "newsletter", medium: "email", name: "newsletter_2026_02"),
        Campaign(source: "newsletter", medium: "email", name: "newsletter_2026_03"),
        Campaign(source: "crm", medium: "email", name: "winback_q1"),
    ]
    static let adCampaigns = [
        Campaign(source: "google", medium: "cpc", name: "spring_sale"),
        Campaign(source: "google", medium: "cpc", name: "brand_search"),
        Campaign(source: "linkedin", medium: "social", name: "webinar_etl"),
        Campaign(source: "facebook", medium: "social", name: "retargeting_q1"),
        Campaign(source: "partner", medium: "referral", name: "partner_launch"),
    ]
    static let pages = ["/", "/pricing", "/blog/etl-vs-elt", "/docs/getting-started", "/customers", "/webinar"]
    static let formPages = ["/signup", "/contact", "/webinar/register", "/demo"]
    static let offsets = ["+01:00", "+02:00", "-05:00", "-08:00", "+05:30", "+09:00", "-03:00"]

    /// Writes `count` events plus their duplicate deliveries.
    mutating func write(count: Int, to url: URL, report: inout GenerationReport) throws {
        let writer = try BufferedFileWriter(url: url)
        var window: [String] = []
        var redeliveries: [(due: Int, line: String)] = []
        for index in 0..<count {
            let seconds = Self.firstSecond + Int(Int64(index) * Int64(Self.span) / Int64(max(count, 1)))
            let (line, isGood) = makeLine(at: seconds + random.int(in: -1800...1800), report: &report)
            window.append(line)
            if isGood && random.chance(0.03) {
                redeliveries.append((index + random.int(in: 1...300), line))
                report.duplicateEventDeliveries += 1
            }
            if window.count > 6 { try Self.emit(writer, &report, window.remove(at: random.below(window.count))) }
            while let first = redeliveries.first, first.due <= index {
                try Self.emit(writer, &report, first.line)
                redeliveries.removeFirst()
            }
            redeliveries.sort { $0.due < $1.due }
        }
        while !window.isEmpty { try Self.emit(writer, &report, window.remove(at: random.below(window.count))) }
        for redelivery in redeliveries { try Self.emit(writer, &report, redelivery.line) }
        try writer.close()
        report.bytes[DataGenerator.eventsFile] = writer.byteCount
    }

    private static func emit(_ writer: BufferedFileWriter, _ report: inout GenerationReport, _ line: String) throws {
        try writer.write(line + "\n")
        report.eventLines += 1
    }

    /// One line and whether it is a usable event.
    private mutating func makeLine(at seconds: Int, report: inout GenerationReport) -> (String, Bool) {
        let id = "evt_" + hex(random.next())
        var type = random.pick(weighted: [
            ("page_view", 55), ("email_open", 18), ("email_click", 15), ("form_submit", 12),
        ])
        let personIndex = random.chance(0.92) ? random.below(people.count) : nil
        if personIndex == nil { type = "page_view" }
        var occurredAt = jsonString(occurred(seconds))
        var email: String?
        if let personIndex {
            let person = people[personIndex]
            email = jsonString(
                random.chance(0.01)
                    ? Mess.invalidEmail(for: person, using: &random) : Mess.email(person.email, using: &random))
        } else if random.chance(0.5) {
            email = "null"
        }
        let properties = makeProperties(type: type)
        var eventID: String? = jsonString(id)
        var typeValue: String? = jsonString(type)

        let roll = random.below(10_000)
        var badKind: String?
        switch roll {
        case 0..<15: badKind = "invalid_occurred_at"
        case 15..<25: badKind = "unknown_event_type"
        case 25..<45: badKind = "missing_event_id"
        case 45..<55: badKind = "not_an_object"
        case 55..<85: badKind = "invalid_json"
        default: break
        }
        switch badKind {
        case "invalid_occurred_at":
            occurredAt = random.pick([
                "\"2026-02-30T10:00:00Z\"", "\"yesterday\"", String(seconds), "\"2026-01-15 10:00:00\"",
                "\"2026-01-15T10:00Z\"",
            ])
        case "unknown_event_type":
            typeValue = random.pick(["\"pageview\"", "\"Page_View\"", "\"purchase\"", "null"])
        case "missing_event_id":
            eventID = random.pick([nil, "null", "\"\""])
        default: break
        }

        var members: [(String, String)] = []
        if let eventID { members.append(("event_id", eventID)) }
        if let typeValue { members.append(("type", typeValue)) }
        members.append(("occurred_at", occurredAt))
        if let email { members.append(("email", email)) }
        if let properties { members.append(("properties", properties)) }
        if random.chance(0.1) { members.swapAt(0, members.count - 1) }  // producers disagree on key order
        let separator = random.chance(0.05) ? ": " : ":"
        var line = "{" + members.map { "\"\($0.0)\"\(separator)\($0.1)" }.joined(separator: ",") + "}"

        switch badKind {
        case "invalid_json":
            line =
                random.chance(0.7)
                ? String(line.prefix(random.int(in: 10...(line.count - 2))))
                : String(line.dropLast()) + ",}"
        case "not_an_object":
            line = random.pick([
                "[\(jsonString(id)),\(jsonString(type)),\(occurredAt)]", "\"\(type)\"", "42", "null",
            ])
        default: break
        }
        if let badKind { report.badEventLines[badKind, default: 0] += 1 }
        return (line, badKind == nil)
    }

    /// `properties` with the URL and UTM parameters, or `nil` for an email open without a campaign.
    private mutating func makeProperties(type: String) -> String? {
        var campaign: Campaign?
        var path = random.pick(Self.pages)
        switch type {
        case "email_open":
            guard random.chance(0.6) else { return nil }
            campaign = random.pick(Self.emailCampaigns)
        case "email_click":
            campaign = random.pick(Self.emailCampaigns)
        case "form_submit":
            path = random.pick(Self.formPages)
            if random.chance(0.3) { campaign = random.pick(Self.adCampaigns) }
        default:
            if random.chance(0.35) { campaign = random.pick(Self.adCampaigns) }
        }
        var url = "https://www.example.com" + path
        var members: [String] = []
        if let campaign {
            url += "?utm_source=\(campaign.source)&utm_medium=\(campaign.medium)&utm_campaign=\(campaign.name)"
            members += [
                "\"utm_source\":\"\(campaign.source)\"", "\"utm_medium\":\"\(campaign.medium)\"",
                "\"utm_campaign\":\"\(campaign.name)\"",
            ]
        }
        if type != "email_open" { members.insert("\"url\":\(jsonString(url))", at: 0) }
        if random.chance(0.05) { members.append("\"referrer\":\"https://search.example/\"") }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// An ISO 8601 time: UTC with `Z`, with milliseconds, or local time with its offset.
    private mutating func occurred(_ seconds: Int) -> String {
        let utc = UTCTimestamp.format(seconds)
        switch random.below(20) {
        case 0..<14: return utc
        case 14..<17: return String(utc.dropLast()) + "." + random.digits(3) + "Z"
        default:
            let offset = random.pick(Self.offsets)
            let sign = offset.hasPrefix("-") ? -1 : 1
            let hours = Int(offset.dropFirst().prefix(2))!
            let minutes = Int(offset.suffix(2))!
            let local = UTCTimestamp.format(seconds + sign * (hours * 3600 + minutes * 60))
            return String(local.dropLast()) + offset
        }
    }

    private func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let digits = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
