/// A source record after normalisation and hashing: what the ETL path keeps per record in
/// `wh_contacts`, and what the ELT path's SQL keeps in a temporary table.
struct ConformedContact: Equatable {
    var sourceSystem: String
    var sourceID: String
    /// `sha256_hex(salt || email)`.
    var contactKey: String
    var emailDomain: String
    var phoneHash: String?
    var countryCode: String?
    var updatedAt: String
}

/// A row of `dim_contact`.
struct DimContactRow: Equatable {
    var contactKey: String
    var emailDomain: String
    var phoneHash: String?
    var countryCode: String?
    var sourceSystem: String
    var updatedAt: String
    var sources: String
}

/// What the attribution mart needs of an event.
struct AttributionEvent {
    var eventID: String
    var contactKey: String
    var type: String
    var occurredAt: String
    var eventDate: String
    var utmCampaign: String?
}

/// A row of `mart_campaign_attribution_daily`.
struct AttributionRow: Equatable, Hashable {
    var conversionDate: String
    var utmCampaign: String
    var model: String
    var conversions: Int
}

/// The marts computed in Swift, for the ETL path; ``ELTModels`` computes the same in SQL. Text
/// is ordered by its UTF-8 bytes, as SQLite's default `BINARY` collation orders it.
enum Marts {
    /// The row of one contact key, given all of its records: the latest `updatedAt` wins; on a
    /// tie `crm` before any other system, then the greater `sourceID`. `sources`: the distinct
    /// systems, sorted, joined by commas.
    static func dimContact(_ records: [ConformedContact]) -> DimContactRow {
        let w = records.dropFirst().reduce(records[0]) { beats($1, $0) ? $1 : $0 }
        return DimContactRow(
            contactKey: w.contactKey, emailDomain: w.emailDomain, phoneHash: w.phoneHash, countryCode: w.countryCode,
            sourceSystem: w.sourceSystem, updatedAt: w.updatedAt,
            sources: Set(records.map(\.sourceSystem)).sorted(by: utf8Less).joined(separator: ","))
    }

    /// Whether `a` wins over `b` for the same contact.
    static func beats(_ a: ConformedContact, _ b: ConformedContact) -> Bool {
        if a.updatedAt != b.updatedAt { return utf8Less(b.updatedAt, a.updatedAt) }
        let aIsCRM = a.sourceSystem == "crm"
        let bIsCRM = b.sourceSystem == "crm"
        if aIsCRM != bIsCRM { return aIsCRM }
        return utf8Less(b.sourceID, a.sourceID)
    }
}

/// The attribution mart, built one contact at a time so that only one contact's events are in
/// memory (the pipeline streams `fct_event` ordered by contact): first- and last-touch
/// conversions per day and campaign. A conversion is a `form_submit`; its touches are its
/// contact's events with a campaign at or before it (itself included); first touch: the earliest
/// (ties: the smaller event id), last touch: the latest (ties: the greater event id); none:
/// `(none)`.
struct AttributionCounter {
    // Keyed by bytes: Swift's string equality would merge canonically equivalent campaign
    // names that SQLite keeps apart.
    private var counts: [[UInt8]: AttributionRow] = [:]

    /// Counts the conversions of one contact, given all of its events.
    mutating func add(contact events: [AttributionEvent]) {
        let conversions = events.filter { $0.type == "form_submit" }
        guard !conversions.isEmpty else { return }
        let touches = events.filter { $0.utmCampaign != nil }.sorted {
            $0.occurredAt == $1.occurredAt
                ? utf8Less($0.eventID, $1.eventID) : utf8Less($0.occurredAt, $1.occurredAt)
        }
        for conversion in conversions {
            // Touches at or before the conversion: a prefix of the sorted touches.
            var low = 0
            var high = touches.count
            while low < high {
                let middle = (low + high) / 2
                if utf8Less(conversion.occurredAt, touches[middle].occurredAt) {
                    high = middle
                } else {
                    low = middle + 1
                }
            }
            let first = low > 0 ? touches[0].utmCampaign! : "(none)"
            let last = low > 0 ? touches[low - 1].utmCampaign! : "(none)"
            for (campaign, model) in [(first, "first_touch"), (last, "last_touch")] {
                let date = conversion.eventDate
                let key = Array(date.utf8) + [0] + Array(campaign.utf8) + [0] + Array(model.utf8)
                counts[
                    key,
                    default: AttributionRow(conversionDate: date, utmCampaign: campaign, model: model, conversions: 0)
                ].conversions += 1
            }
        }
    }

    /// The mart's rows, sorted by its primary key.
    var rows: [AttributionRow] {
        counts.values.sorted {
            if $0.conversionDate != $1.conversionDate { return utf8Less($0.conversionDate, $1.conversionDate) }
            if $0.utmCampaign.utf8.elementsEqual($1.utmCampaign.utf8) == false {
                return utf8Less($0.utmCampaign, $1.utmCampaign)
            }
            return utf8Less($0.model, $1.model)
        }
    }
}

/// Byte-wise ordering, as SQLite's `BINARY` collation (Swift's `<` on strings compares Unicode
/// canonical equivalence instead).
func utf8Less(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}
