/// Reference data for normalising countries and phone numbers: ISO 3166-1 codes, names and
/// common aliases, and ITU calling codes. The Swift path reads it directly; the SQL path gets the
/// same rows as the `ref_country` table, so both normalise identically.
public struct CountryTable: Sendable {
    /// One country.
    public struct Country: Sendable, Equatable {
        /// ISO 3166-1 alpha-2 (`DE`).
        public var iso2: String
        /// ITU calling code without `+` (`49`).
        public var callingCode: String
        /// The national trunk prefix dropped before the calling code is added (`0`; `1` in NANP).
        public var trunkPrefix: String
        /// Lower-case names and codes that mean this country (`de`, `deu`, `germany`, …).
        public var aliases: [String]
    }

    /// The countries.
    public var countries: [Country]
    private var byAlias: [String: Country]

    /// Creates a table from countries.
    public init(_ countries: [Country]) {
        self.countries = countries
        var byAlias: [String: Country] = [:]
        for country in countries {
            for alias in country.aliases { byAlias[alias] = country }
        }
        self.byAlias = byAlias
    }

    /// The country an alias names: matched after ASCII-lowercasing (callers trim first), as SQLite's
    /// `lower()` does (so non-ASCII letters must match exactly).
    public func country(named text: String) -> Country? {
        byAlias[asciiLowercased(text)]
    }

    /// Every (alias, iso2, calling code, trunk prefix) row, for `ref_country`.
    public var rows: [(alias: String, iso2: String, callingCode: String, trunkPrefix: String)] {
        countries.flatMap { c in c.aliases.map { ($0, c.iso2, c.callingCode, c.trunkPrefix) } }
            .sorted { $0.alias < $1.alias }
    }

    /// The workbook's reference table.
    public static let standard = CountryTable([
        Country(
            iso2: "US", callingCode: "1", trunkPrefix: "1",
            aliases: ["us", "usa", "united states", "united states of america", "u.s.", "u.s.a."]),
        Country(iso2: "CA", callingCode: "1", trunkPrefix: "1", aliases: ["ca", "can", "canada"]),
        Country(
            iso2: "GB", callingCode: "44", trunkPrefix: "0",
            aliases: ["gb", "gbr", "uk", "united kingdom", "great britain", "england"]),
        Country(iso2: "IE", callingCode: "353", trunkPrefix: "0", aliases: ["ie", "irl", "ireland"]),
        Country(iso2: "DE", callingCode: "49", trunkPrefix: "0", aliases: ["de", "deu", "germany", "deutschland"]),
        Country(iso2: "FR", callingCode: "33", trunkPrefix: "0", aliases: ["fr", "fra", "france"]),
        Country(iso2: "ES", callingCode: "34", trunkPrefix: "", aliases: ["es", "esp", "spain", "españa"]),
        Country(iso2: "IT", callingCode: "39", trunkPrefix: "", aliases: ["it", "ita", "italy", "italia"]),
        Country(
            iso2: "NL", callingCode: "31", trunkPrefix: "0",
            aliases: ["nl", "nld", "netherlands", "the netherlands", "holland"]),
        Country(iso2: "BE", callingCode: "32", trunkPrefix: "0", aliases: ["be", "bel", "belgium"]),
        Country(iso2: "CH", callingCode: "41", trunkPrefix: "0", aliases: ["ch", "che", "switzerland"]),
        Country(iso2: "SE", callingCode: "46", trunkPrefix: "0", aliases: ["se", "swe", "sweden"]),
        Country(iso2: "PL", callingCode: "48", trunkPrefix: "", aliases: ["pl", "pol", "poland"]),
        Country(iso2: "BR", callingCode: "55", trunkPrefix: "0", aliases: ["br", "bra", "brazil", "brasil"]),
        Country(iso2: "MX", callingCode: "52", trunkPrefix: "", aliases: ["mx", "mex", "mexico", "méxico"]),
        Country(iso2: "IN", callingCode: "91", trunkPrefix: "0", aliases: ["in", "ind", "india"]),
        Country(iso2: "JP", callingCode: "81", trunkPrefix: "0", aliases: ["jp", "jpn", "japan"]),
        Country(iso2: "AU", callingCode: "61", trunkPrefix: "0", aliases: ["au", "aus", "australia"]),
        Country(iso2: "NZ", callingCode: "64", trunkPrefix: "0", aliases: ["nz", "nzl", "new zealand"]),
        Country(iso2: "ZA", callingCode: "27", trunkPrefix: "0", aliases: ["za", "zaf", "south africa"]),
    ])
}

/// ASCII-only lowercasing, as SQLite's built-in `lower()` does it.
public func asciiLowercased(_ text: String) -> String {
    String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
}

/// Trims ASCII whitespace (space, tab, CR, LF), as `trim(x, ' ' || char(9, 10, 13))` does in SQL.
public func asciiTrimmed(_ text: String) -> String {
    let bytes = Array(text.utf8)
    let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
    else {
        return ""
    }
    return String(decoding: bytes[first...last], as: UTF8.self)
}
