import Foundation

/// An event line parsed and validated by the rules both paths share (the ELT path's SQL in
/// ``ELTModels`` is the twin of ``parse(_:)``). Rejections have one reason, the first that
/// applies: `invalid_json`, `not_an_object`, `missing_event_id` (absent, not a string, or
/// empty), `unknown_event_type` (not one of ``types``), `invalid_occurred_at` (see
/// ``UTCTimestamp``).
struct EventRecord: Equatable {
    var eventID: String
    var type: String
    /// Canonical UTC.
    var occurredAt: String
    /// The `email` value when it is a JSON string, as written.
    var email: String?
    var utmSource: String?
    var utmMedium: String?
    var utmCampaign: String?
    var url: String?

    /// The event types the marts know.
    static let types: Set<String> = ["page_view", "email_open", "email_click", "form_submit"]
    /// The top-level keys of the event schema, with their JSON kinds.
    static let schema: [(key: String, kind: String)] = [
        ("event_id", "string"), ("type", "string"), ("occurred_at", "string"), ("email", "string"),
        ("properties", "object"),
    ]

    enum Parsed {
        /// An accepted event, with the kinds of its object's top-level members (for drift).
        case event(EventRecord, keys: [(key: String, kind: StrictJSON.Kind)])
        case rejected(reason: String, detail: String, object: [String: Any]?)
    }

    /// Parses and validates one line. An accepted line is read from the validator's outline in
    /// one pass; a rejected or unusual one (a repeated key, half a surrogate pair) goes through
    /// ``parseWithFoundation(_:)``, which words the rejection and keeps the object for the
    /// quarantine. Both give the same answer for every line (`EventParsingTests`).
    static func parse(_ line: String) -> Parsed {
        guard let outline = StrictJSON.outline(Array(line.utf8)) else {
            return .rejected(reason: "invalid_json", detail: "the line is not valid JSON (RFC 8259)", object: nil)
        }
        if !outline.isUnusual, outline.kind == .object, let event = accept(outline.members) {
            return .event(event, keys: outline.members.map { ($0.key, $0.kind) })
        }
        return parseWithFoundation(line)
    }

    /// The event of an outline that passes every rule, or `nil`.
    private static func accept(_ members: [StrictJSON.Member]) -> EventRecord? {
        func string(_ key: String, in members: [StrictJSON.Member]?) -> String? {
            members?.first(where: { $0.key == key })?.string
        }
        guard let id = string("event_id", in: members), !id.isEmpty,
            let type = string("type", in: members), types.contains(type),
            let text = string("occurred_at", in: members), let occurredAt = UTCTimestamp.normalize(text)
        else { return nil }
        let properties = members.first(where: { $0.key == "properties" })?.members
        return EventRecord(
            eventID: id, type: type, occurredAt: occurredAt, email: string("email", in: members),
            utmSource: string("utm_source", in: properties), utmMedium: string("utm_medium", in: properties),
            utmCampaign: string("utm_campaign", in: properties), url: string("url", in: properties))
    }

    /// The same rules over Foundation's parse of the line (after the strict grammar check).
    static func parseWithFoundation(_ line: String) -> Parsed {
        guard StrictJSON.isValid(line.utf8) else {
            return .rejected(reason: "invalid_json", detail: "the line is not valid JSON (RFC 8259)", object: nil)
        }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        } catch {
            return .rejected(reason: "invalid_json", detail: "the line is not valid JSON", object: nil)
        }
        guard let object = value as? [String: Any] else {
            return .rejected(
                reason: "not_an_object", detail: "the line is \(kind(of: value)), not an object", object: nil)
        }
        guard let id = object["event_id"] as? String, !id.isEmpty else {
            return .rejected(
                reason: "missing_event_id", detail: "event_id is \(describe(object["event_id"]))", object: object)
        }
        guard let type = object["type"] as? String, types.contains(type) else {
            return .rejected(
                reason: "unknown_event_type", detail: "type is \(describe(object["type"]))", object: object)
        }
        guard let text = object["occurred_at"] as? String, let occurredAt = UTCTimestamp.normalize(text) else {
            return .rejected(
                reason: "invalid_occurred_at", detail: "occurred_at is \(describe(object["occurred_at"]))",
                object: object)
        }
        let properties = object["properties"] as? [String: Any]
        return .event(
            EventRecord(
                eventID: id, type: type, occurredAt: occurredAt, email: object["email"] as? String,
                utmSource: properties?["utm_source"] as? String, utmMedium: properties?["utm_medium"] as? String,
                utmCampaign: properties?["utm_campaign"] as? String, url: properties?["url"] as? String),
            keys: object.map { ($0.key, jsonKind(of: $0.value)) })
    }

    /// The kind of a value Foundation parsed.
    static func jsonKind(of value: Any) -> StrictJSON.Kind {
        switch value {
        case is [String: Any]: .object
        case is [Any]: .array
        case is String: .string
        case is NSNull: .null
        case let number as NSNumber: String(cString: number.objCType) == "c" ? .boolean : .number
        default: .number
        }
    }

    /// The JSON kind of a parsed value: "an object", "an array", "a string", "a number",
    /// "a boolean", "null".
    static func kind(of value: Any) -> String {
        switch value {
        case is [String: Any]: return "an object"
        case is [Any]: return "an array"
        case is String: return "a string"
        case is NSNull: return "null"
        case let number as NSNumber: return String(cString: number.objCType) == "c" ? "a boolean" : "a number"
        default: return "a \(Swift.type(of: value))"
        }
    }

    /// A value for a rejection's detail: a string's text (no PII: only event fields reach here),
    /// or its kind.
    static func describe(_ value: Any?) -> String {
        guard let value else { return "missing" }
        if let text = value as? String { return text.isEmpty ? "empty" : "\"\(text.prefix(40))\"" }
        return kind(of: value)
    }

    /// The line to keep in quarantine on the ETL path: the object with its email redacted, or a
    /// placeholder for a line that could not be parsed (its text may hold PII anywhere).
    static func redactedText(_ line: String, object: [String: Any]?) -> String {
        guard var object else { return "[withheld: \(line.utf8.count) bytes not parsed]" }
        if let email = object["email"], !(email is NSNull) { object["email"] = "[redacted]" }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            return "[withheld: \(line.utf8.count) bytes]"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
