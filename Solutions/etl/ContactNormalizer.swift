// Exercise etl/1: normalise a contact record in Swift, with every reason to reject it.
import ETL

/// Normalises email, phone (to E.164) and country (to ISO 3166-1 alpha-2), and the timestamp
/// (to `YYYY-MM-DDTHH:MM:SSZ`); collects every problem instead of stopping at the first, so a
/// quarantined row says all that is wrong with it.
public struct ContactNormalizer: ContactNormalizing {
    private let countries: CountryTable

    /// Creates a normaliser with the workbook's reference country table.
    public init(countries: CountryTable = .standard) {
        self.countries = countries
    }

    public func normalize(_ raw: RawContact) throws -> Contact {
        var reasons: [RejectReason] = []

        let email = asciiLowercased(asciiTrimmed(raw.email ?? ""))
        if email.isEmpty {
            reasons.append(.missingEmail)
        } else if !isValidEmail(email) {
            reasons.append(.invalidEmail)
        }

        var country: CountryTable.Country?
        let countryText = asciiTrimmed(raw.country ?? "")
        if !countryText.isEmpty {
            country = countries.country(named: countryText)
            if country == nil { reasons.append(.unknownCountry) }
        }

        var phone: String?
        let phoneText = asciiTrimmed(raw.phone ?? "")
        if !phoneText.isEmpty {
            phone = e164(phoneText, country: country)
            if phone == nil { reasons.append(.invalidPhone) }
        }

        let updatedAt = timestamp(asciiTrimmed(raw.updatedAt ?? ""))
        if updatedAt == nil { reasons.append(.invalidTimestamp) }

        guard reasons.isEmpty, let updatedAt else { throw ContactRejection(reasons) }
        return Contact(
            sourceSystem: raw.sourceSystem, sourceID: raw.sourceID, email: email,
            firstName: nonEmpty(asciiTrimmed(raw.firstName ?? "")),
            lastName: nonEmpty(asciiTrimmed(raw.lastName ?? "")),
            phone: phone, countryCode: country?.iso2, updatedAt: updatedAt)
    }

    /// One `@`, a local part of 1–64 bytes, a domain of 3–190 bytes with a dot but not at either
    /// end nor beside a hyphen at the ends, no `..`, and none of the characters that mark a pasted
    /// display name or list (space, tab, `,;<>()"\`).
    func isValidEmail(_ email: String) -> Bool {
        let bytes = Array(email.utf8)
        guard bytes.count <= 254, bytes.filter({ $0 == UInt8(ascii: "@") }).count == 1,
            let at = bytes.firstIndex(of: UInt8(ascii: "@"))
        else { return false }
        let forbidden = Set(" \t,;<>()\"\\".utf8)
        guard !bytes.contains(where: forbidden.contains), !email.contains("..") else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard (1...64).contains(local.count), (3...190).contains(domain.count), domain.contains(UInt8(ascii: "."))
        else {
            return false
        }
        let edges: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: "-")]
        return !edges.contains(domain.first!) && !edges.contains(domain.last!)
    }

    /// E.164: `+` and 8–15 digits. Separators (space, `-`, `.`, `(`, `)`, `/`) are dropped; `+` or
    /// `00` introduce an international number; otherwise the country's trunk prefix is dropped and
    /// its calling code prepended, which needs a known country.
    func e164(_ text: String, country: CountryTable.Country?) -> String? {
        let separators = Set(" -.()/".utf8)
        var digits = String(decoding: text.utf8.filter { !separators.contains($0) }, as: UTF8.self)
        if digits.hasPrefix("+") {
            digits.removeFirst()
        } else if digits.hasPrefix("00") {
            digits.removeFirst(2)
        } else {
            guard let country else { return nil }
            if !country.trunkPrefix.isEmpty && digits.hasPrefix(country.trunkPrefix) {
                digits.removeFirst(country.trunkPrefix.count)
            }
            digits = country.callingCode + digits
        }
        guard (8...15).contains(digits.utf8.count), digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return nil
        }
        return "+" + digits
    }

    /// `YYYY-MM-DD HH:MM:SS`, with `T` instead of the space and an optional `Z`, as UTC in the
    /// canonical form; fields checked for range (month 01–12, day 01–31, hour 00–23, minute and
    /// second 00–59), not for calendar validity.
    func timestamp(_ text: String) -> String? {
        var bytes = Array(text.utf8)
        if bytes.count == 20, bytes.last == UInt8(ascii: "Z") { bytes.removeLast() }
        guard bytes.count == 19 else { return nil }
        let shape = Array("dddd-dd-dd?dd:dd:dd".utf8)
        for (byte, expected) in zip(bytes, shape) {
            switch expected {
            case UInt8(ascii: "d"): guard (0x30...0x39).contains(byte) else { return nil }
            case UInt8(ascii: "?"): guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "T") else { return nil }
            default: guard byte == expected else { return nil }
            }
        }
        func number(_ range: Range<Int>) -> Int { Int(String(decoding: bytes[range], as: UTF8.self))! }
        guard (1...12).contains(number(5..<7)), (1...31).contains(number(8..<10)), number(11..<13) <= 23,
            number(14..<16) <= 59, number(17..<19) <= 59
        else { return nil }
        bytes[10] = UInt8(ascii: "T")
        return String(decoding: bytes, as: UTF8.self) + "Z"
    }

    func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
}
