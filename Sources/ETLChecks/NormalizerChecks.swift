import ETL
import Grading

extension ETLChecks {
    /// Learner and reference on one contact: the contact, or the sorted reasons.
    static func verdict(_ normalizer: any ContactNormalizing, _ raw: RawContact) throws -> Attempt<Contact> {
        let classify: (any Error) -> String = { error in
            (error as? ContactRejection).map { "ContactRejection(\($0.codes))" }
                ?? "unexpected \(type(of: error)): \(error)"
        }
        return try Attempt(classifying: classify) { try normalizer.normalize(raw) }
    }

    static func normalizerChecks(learner: ETLImplementations, reference: ETLImplementations) -> [Check] {
        let normalizer = learner.normalizer
        let model = reference.normalizer

        @Sendable func agree(_ raws: [RawContact], _ what: String) throws {
            for raw in raws {
                let expected = try verdict(model, raw)
                let actual = try verdict(normalizer, raw)
                try require(
                    expected == actual, what, input: ContactFixtures.describe(raw), expected: expected.description,
                    actual: actual.description)
            }
        }

        @Sendable func base(
            email: String? = "ada@example.com", phone: String? = nil, country: String? = "DE",
            updatedAt: String? = "2026-01-02 03:04:05"
        ) -> RawContact {
            RawContact(
                sourceSystem: "crm", sourceID: "1", email: email, firstName: " Ada ", lastName: "Lovelace",
                phone: phone, country: country, updatedAt: updatedAt)
        }

        return [
            Check(
                "emails: trimmed, ASCII-lowercased, validated", kind: .example, points: 2,
                why: "the email is the natural key: ' Ada@Example.com' and 'ada@example.com' must be one person"
            ) { _ in
                try agree(
                    [
                        "  Ada@Example.COM ", "GRACE.HOPPER@NAVY.MIL\t", "space in@example.com", "two@@example.com",
                        "a@b",
                        "dots..here@example.com", "trailing@example.com.", "\"Quoted\" <q@example.com>",
                        "x@-example.com", "", "   ",
                        nil, "émile@exämple.fr", "ÉMILE@EXAMPLE.FR",
                    ].map { base(email: $0) },
                    "the email was normalised or validated differently")
            },
            Check(
                "phones: every common format to E.164, or rejected", kind: .example, points: 2,
                why: "matching and messaging need one canonical number; a wrong country code reaches a stranger"
            ) { _ in
                let cases: [(String, String)] = [
                    ("+49 30 1234567", "DE"), ("030/1234567", "DE"), ("(555) 123-4567", "US"),
                    ("1-555-123-4567", "usa"),
                    ("555.123.4567", "Canada"), ("0044 20 7946 0958", "DE"), ("020 7946 0958", "UK"),
                    ("06 12 34 56 78", "France"),
                    ("612 345 678", "Spain"), ("12", "DE"), ("+123", "DE"), ("phone", "DE"), ("0301234567", ""),
                    ("+44 (0) 20 7946 0958", "UK"), ("+999999999999999999", "US"), ("030 1234567", "Narnia"),
                ]
                try agree(cases.map { base(phone: $0.0, country: $0.1) }, "the phone number was normalised differently")
            },
            Check(
                "countries: names, ISO codes and aliases, in any case, to ISO 3166-1 alpha-2", kind: .example,
                points: 2,
                why: "segmenting by country breaks when 'Germany', 'DE' and 'deu' are three countries"
            ) { _ in
                try agree(ContactFixtures.countries.map { base(country: $0) }, "the country was mapped differently")
            },
            Check(
                "timestamps: to YYYY-MM-DDTHH:MM:SSZ, impossible ones rejected", kind: .example, points: 1,
                why: "watermarks compare timestamps as text; one format is the precondition"
            ) { _ in
                try agree(
                    ContactFixtures.timestamps.map { base(updatedAt: $0) } + [base(updatedAt: nil)],
                    "the timestamp was normalised differently")
            },
            Check(
                "a rejection lists every reason, sorted", kind: .example, points: 2,
                why: "a quarantined row should say everything that is wrong with it, not only the first thing"
            ) { _ in
                try agree(
                    [
                        RawContact(
                            sourceSystem: "web", sourceID: "9", email: "not an email", phone: "12", country: "Narnia",
                            updatedAt: "soon"),
                        RawContact(
                            sourceSystem: "web", sourceID: "10", email: nil, phone: "030 1234567", country: "Atlantis",
                            updatedAt: nil),
                        RawContact(
                            sourceSystem: "crm", sourceID: "11", email: "ok@example.com", phone: "+1", country: nil,
                            updatedAt: "2026-01-01 00:00:00"),
                    ],
                    "the reasons differ")
            },
            Check(
                "agrees with the reference on generated messy contacts", kind: .property, points: 4,
                why: "real exports combine every mess at once",
                timeLimit: .seconds(10)  // hundreds of calls into the learner runner
            ) { context in
                try context.forAll(
                    Property(
                        generate: { g in ContactFixtures.contact(&g, index: Int(g.next() % 10_000)) },
                        shrink: ContactFixtures.shrink, describe: ContactFixtures.describe),
                    cases: 400, learner: { try verdict(normalizer, $0) }, reference: { try verdict(model, $0) })
            },
        ]
            + zip(NormalisationRule.all, [2, 2, 1, 1, 1]).map { rule, points in
                Check(rule.name, kind: .example, points: points, why: rule.why) { _ in
                    try agree(rule.contacts, "a contact at this rule's edge was normalised differently")
                }
            }
    }
}
