import LearnerRuntime

/// Someone who appears in the generated sources: once or several times in the contacts export
/// (in either system or both) and in the event log.
struct Person {
    /// As a person would type it.
    var firstName: String
    var lastName: String
    /// The canonical address, lower-case ASCII; sources render it messily.
    var email: String
    /// `nil` for people whose country no source knows.
    var country: CountryTable.Country?
    /// The national significant number (no trunk prefix, no calling code).
    var nationalNumber: String

    /// Names as (display, ASCII for the email address).
    static let firstNames: [(String, String)] = [
        ("Anna", "anna"), ("Ben", "ben"), ("Carla", "carla"), ("David", "david"), ("Emma", "emma"),
        ("Felix", "felix"), ("Greta", "greta"), ("Hugo", "hugo"), ("Ines", "ines"), ("Jonas", "jonas"),
        ("Karin", "karin"), ("Liam", "liam"), ("Mia", "mia"), ("Noah", "noah"), ("Olivia", "olivia"),
        ("Paul", "paul"), ("Quinn", "quinn"), ("Rosa", "rosa"), ("Sven", "sven"), ("Tara", "tara"),
        ("José", "jose"), ("Zoë", "zoe"), ("Åsa", "asa"), ("Łukasz", "lukasz"), ("François", "francois"),
        ("Søren", "soren"), ("Chloé", "chloe"), ("Mateo", "mateo"), ("Aiko", "aiko"), ("Priya", "priya"),
    ]
    static let lastNames: [(String, String)] = [
        ("Smith", "smith"), ("Müller", "mueller"), ("García", "garcia"), ("O'Brien", "obrien"),
        ("Nguyen", "nguyen"), ("Rossi", "rossi"), ("Kowalski", "kowalski"), ("Dubois", "dubois"),
        ("Jansen", "jansen"), ("Silva", "silva"), ("Tanaka", "tanaka"), ("Patel", "patel"), ("Brown", "brown"),
        ("Schmidt", "schmidt"), ("Fernández", "fernandez"), ("Andersson", "andersson"), ("Murphy", "murphy"),
        ("van der Berg", "vanderberg"), ("De Luca", "deluca"), ("Smith, Jr.", "smithjr"),
        ("Walsh-Ortega", "walshortega"), ("\"Bud\" Taylor", "taylor"),
    ]
    static let domains = [
        "example.com", "example.org", "example.net", "mail.test", "corp.example", "shop.example", "uni.example",
    ]
    /// ISO2 codes with weights: where the generated audience lives.
    static let countryWeights: [(String, Int)] = [
        ("DE", 18), ("US", 16), ("GB", 12), ("FR", 8), ("NL", 6), ("ES", 6), ("IT", 5), ("CA", 4), ("CH", 3),
        ("SE", 3), ("PL", 3), ("BR", 3), ("MX", 2), ("IN", 3), ("JP", 2), ("AU", 2), ("IE", 1), ("BE", 1),
        ("NZ", 1), ("ZA", 1),
    ]

    /// A new person; `index` makes the address unique.
    static func make(index: Int, using random: inout SeededGenerator) -> Person {
        let first = random.pick(firstNames)
        let last = random.pick(lastNames)
        let countries = CountryTable.standard.countries
        let iso2 = random.pick(weighted: countryWeights)
        let country = random.chance(0.04) ? nil : countries.first { $0.iso2 == iso2 }
        let isNANP = country?.callingCode == "1"
        let number = random.digits(isNANP ? 10 : random.int(in: 9...10), nonZeroFirst: true)
        let separator = random.pick([".", "_", ""])
        let email = "\(first.1)\(separator)\(last.1).\(index)@\(random.pick(domains))"
        return Person(
            firstName: first.0, lastName: last.0, email: email, country: country,
            nationalNumber: isNANP && number.hasPrefix("1") ? "5" + number.dropFirst() : number)
    }
}

/// The mess real exports have, applied to clean values.
enum Mess {
    /// Letter case as people and systems mangle it; only ASCII letters change (as SQLite's
    /// `upper()` and `lower()` do), so `españa` stays recognisable.
    static func recase(_ text: String, using random: inout SeededGenerator) -> String {
        switch random.below(10) {
        case 0..<5: return text
        case 5..<7: return titleCased(text)
        case 7..<9: return asciiUppercased(text)
        default:
            return String(
                decoding: text.utf8.map { byte in
                    guard (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) else { return byte }
                    return random.chance(0.5) ? byte ^ 0x20 : byte
                }, as: UTF8.self)
        }
    }

    static func asciiUppercased(_ text: String) -> String {
        String(decoding: text.utf8.map { (0x61...0x7A).contains($0) ? $0 ^ 0x20 : $0 }, as: UTF8.self)
    }

    static func titleCased(_ text: String) -> String {
        var startOfWord = true
        return String(
            decoding: text.utf8.map { byte -> UInt8 in
                defer { startOfWord = !((0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte)) }
                return startOfWord && (0x61...0x7A).contains(byte) ? byte ^ 0x20 : byte
            }, as: UTF8.self)
    }

    /// Leading or trailing blanks, sometimes.
    static func pad(_ text: String, using random: inout SeededGenerator) -> String {
        switch random.below(20) {
        case 0: return " " + text
        case 1: return text + "  "
        case 2: return "\t" + text + " "
        default: return text
        }
    }

    /// The email as a source shows it: recased and padded.
    static func email(_ email: String, using random: inout SeededGenerator) -> String {
        pad(recase(email, using: &random), using: &random)
    }

    static let invalidEmails = [
        "{local}@", "{local}@@{domain}", "{local}..x@{domain}", "{First} {Last} <{local}@{domain}>",
        "{local}(at){domain}", "@{domain}", "{local}@{domain},{local}2@{domain}",
    ]

    /// An address that no normaliser should accept.
    static func invalidEmail(for person: Person, using random: inout SeededGenerator) -> String {
        let parts = person.email.split(separator: "@", maxSplits: 1).map(String.init)
        return random.pick(invalidEmails)
            .replacingOccurrences(of: "{local}", with: parts[0])
            .replacingOccurrences(of: "{domain}", with: parts[1])
            .replacingOccurrences(of: "{First}", with: person.firstName)
            .replacingOccurrences(of: "{Last}", with: person.lastName)
    }

    static let unknownCountries = ["Atlantis", "Narnia", "XX", "Wakanda", "ZZZ", "Freedonia"]

    /// The country as a name, an ISO2 or ISO3 code or another alias, in any case, sometimes padded.
    static func country(_ country: CountryTable.Country, using random: inout SeededGenerator) -> String {
        pad(recase(random.pick(country.aliases), using: &random), using: &random)
    }

    /// The number in one of the formats people type; national formats only when `nationalAllowed`
    /// (the row names the country, so the number can be completed).
    static func phone(
        _ person: Person, country: CountryTable.Country, nationalAllowed: Bool, using random: inout SeededGenerator
    ) -> String {
        let number = person.nationalNumber
        let code = country.callingCode
        let head = String(number.prefix(3))
        let middle = String(number.dropFirst(3).prefix(3))
        let tail = String(number.dropFirst(6))
        let area = String(number.prefix(2))
        let rest = String(number.dropFirst(2))
        let isNANP = code == "1"
        var formats: [String] = [
            "+\(code) \(area) \(rest)",  // +49 30 1234567
            "00\(code) \(area) \(rest.prefix(4)) \(rest.dropFirst(4))",  // 0044 20 7946 0958
            "+\(code)\(number)",
        ]
        if nationalAllowed {
            let trunk = country.trunkPrefix
            if isNANP {
                formats += ["(\(head)) \(middle)-\(tail)", "\(head).\(middle).\(tail)", "1-\(head)-\(middle)-\(tail)"]
            } else {
                formats += ["\(trunk)\(area)/\(rest)", "\(trunk)\(area) \(rest)", "\(trunk)\(head).\(middle).\(tail)"]
            }
        }
        return pad(random.pick(formats), using: &random)
    }

    static let invalidPhones = ["12345", "n/a", "call me", "+49"]

    static let invalidTimestamps = [
        "yesterday", "31/12/2025 10:00", "2025-13-01 00:00:00", "2025-06-01", "2025-06-01 25:00:00",
    ]

    /// A timestamp as the system writes it.
    static func timestamp(_ seconds: Int, system: String) -> String {
        let text = UTCTimestamp.format(seconds)  // YYYY-MM-DDTHH:MM:SSZ
        guard system == "crm" else { return text }
        var bytes = Array(text.utf8.dropLast())
        bytes[10] = UInt8(ascii: " ")
        return String(decoding: bytes, as: UTF8.self)
    }
}
