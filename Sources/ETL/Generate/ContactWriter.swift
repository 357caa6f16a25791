import Foundation
import LearnerRuntime

/// A contact as the CRM database holds it.
struct CRMRow {
    var id: String
    var email: String
    var countryCode: String?
    var updatedAt: String
}

/// Writes `contacts.csv`: two systems' exports of overlapping people, with the defects real
/// exports have. CRLF line ends; the CRM quotes every field, web signups only where needed.
struct ContactWriter {
    let people: [Person]
    var random: SeededGenerator

    /// One written version of a source record, kept to re-export or repeat it later.
    private struct Version {
        var system: String
        var sourceID: String
        var person: Int
        var seconds: Int
        var line: String
    }

    /// 2025-01-01T00:00:00Z: contacts change during 2025.
    static let firstSecond = 1_735_689_600
    static let span = 365 * 86_400

    /// Writes `rows` records and returns the CRM's current rows, for `crm.sqlite`.
    mutating func write(
        rows: Int, to url: URL, options: DataGenerator.Options, report: inout GenerationReport
    ) throws -> [CRMRow] {
        let writer = try BufferedFileWriter(url: url)
        try writer.write(RawContact.columns.joined(separator: ",") + "\r\n")
        var recent: [Version] = []
        var counters = ["crm": 0, "web": 0]
        var systemsOfPerson: [Int: Set<String>] = [:]
        var secondsOfPerson: [Int: [Int]] = [:]
        var crm: [String: CRMRow] = [:]
        var crmSeconds: [String: Int] = [:]

        for index in 0..<rows {
            report.contactRecords += 1
            if options.unterminatedQuoteAtEnd && index == rows - 1 {
                try writer.write("web,W-999999,\"unterminated@example.com,Last,Record,,DE,2025-12-31T23:59:59Z\r\n")
                report.contactsBySystem["web", default: 0] += 1
                report.malformedContactRecords += 1
                continue
            }
            if !recent.isEmpty && random.chance(0.01) {
                let repeated = random.pick(recent)
                try writer.write(repeated.line)
                report.contactsBySystem[repeated.system, default: 0] += 1
                report.repeatedContactRecords += 1
                continue
            }
            var version: Version
            if !recent.isEmpty && random.chance(0.06) {
                let earlier = random.pick(recent)
                version = earlier
                version.seconds = earlier.seconds + random.int(in: 3600...(30 * 86_400))
                report.reexportedContactRecords += 1
            } else {
                let system = random.chance(0.55) ? "crm" : "web"
                counters[system, default: 0] += 1
                let number = counters[system]!
                let sourceID =
                    system == "crm"
                    ? "C" + String(format: "%07d", number) : "W-" + String(number, radix: 36, uppercase: true)
                let person = random.below(people.count)
                var seconds = Self.firstSecond + random.below(Self.span)
                if let earlier = secondsOfPerson[person], random.chance(0.05) {
                    seconds = random.pick(earlier)  // a tie between records of one person
                }
                version = Version(system: system, sourceID: sourceID, person: person, seconds: seconds, line: "")
            }
            systemsOfPerson[version.person, default: []].insert(version.system)
            secondsOfPerson[version.person, default: []].append(version.seconds)
            let fields = makeFields(version, report: &report)
            var line = encode(fields.values, quoteAll: version.system == "crm")
            if random.chance(0.003) {
                line = malformed(fields.values, quoteAll: version.system == "crm")
                report.malformedContactRecords += 1
            } else if version.system == "crm" && crmSeconds[version.sourceID].map({ $0 <= version.seconds }) ?? true {
                let person = people[version.person]
                crm[version.sourceID] = CRMRow(
                    id: version.sourceID, email: fields.validEmail ?? person.email, countryCode: person.country?.iso2,
                    updatedAt: UTCTimestamp.format(version.seconds))
                crmSeconds[version.sourceID] = version.seconds
            }
            version.line = line + "\r\n"
            try writer.write(version.line)
            report.contactsBySystem[version.system, default: 0] += 1
            recent.append(version)
            if recent.count > 500 { recent.removeFirst(recent.count - 250) }
        }
        try writer.close()
        report.bytes[DataGenerator.contactsFile] = writer.byteCount
        report.peopleInBothSystems = systemsOfPerson.values.filter { $0.count > 1 }.count
        return crm.values.sorted { $0.id < $1.id }
    }

    /// The eight fields of one record, messy, and the trimmed email when it is a valid one.
    private mutating func makeFields(
        _ version: Version, report: inout GenerationReport
    ) -> (values: [String], validEmail: String?) {
        let person = people[version.person]
        var email = Mess.email(person.email, using: &random)
        var validEmail: String? = email.trimmingCharacters(in: .whitespaces)
        var first = person.firstName
        var last = person.lastName
        if random.chance(0.003) { first += "\n" + random.pick(Person.firstNames).0 }  // a pasted second line
        if random.chance(0.03) { first = "" }
        if random.chance(0.03) { last = "" }
        var country = ""
        var countryKnown = false
        if let known = person.country, !random.chance(0.05) {
            country = Mess.country(known, using: &random)
            countryKnown = true
        }
        var phone = ""
        if let known = person.country ?? CountryTable.standard.countries.first, !random.chance(0.15) {
            phone = Mess.phone(person, country: known, nationalAllowed: countryKnown, using: &random)
        }
        var updatedAt = Mess.timestamp(version.seconds, system: version.system)

        switch random.below(1000) {
        case 0..<4:
            email = Mess.invalidEmail(for: person, using: &random)
            validEmail = nil
            report.invalidContactRecords += 1
        case 4..<8:
            phone = random.pick(Mess.invalidPhones)
            report.invalidContactRecords += 1
        case 8..<12:
            country = random.pick(Mess.unknownCountries)
            report.invalidContactRecords += 1
        case 12..<16:
            updatedAt = random.pick(Mess.invalidTimestamps)
            report.invalidContactRecords += 1
        case 16..<31:
            email = random.chance(0.5) ? "" : "   "
            validEmail = nil
            report.contactsWithoutEmail += 1
        default:
            break
        }
        return ([version.system, version.sourceID, email, first, last, phone, country, updatedAt], validEmail)
    }

    /// A record with the wrong number of fields: cut short, one too many, or an unquoted comma.
    private mutating func malformed(_ fields: [String], quoteAll: Bool) -> String {
        switch random.below(3) {
        case 0: return encode(Array(fields.prefix(6)), quoteAll: quoteAll)
        case 1: return encode(fields + ["extra"], quoteAll: quoteAll)
        default:
            return encode(Array(fields[0..<4]), quoteAll: quoteAll) + ",Smith, Jr.,"
                + encode(Array(fields[5...]), quoteAll: quoteAll)
        }
    }

    /// RFC 4180: quote a field holding a comma, a quote, CR or LF (every field when `quoteAll`),
    /// doubling its quotes.
    func encode(_ fields: [String], quoteAll: Bool) -> String {
        fields.map { field in
            let needsQuotes = field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
            guard quoteAll || needsQuotes else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}
