/// UTC timestamps in the warehouse's one form, `YYYY-MM-DDTHH:MM:SSZ` (sortable as text), and the
/// rule for event times, implemented twice: in Swift for the ETL path and in SQL for the ELT path.
///
/// An event time is accepted when it reads `YYYY-MM-DDTHH:MM:SS`, optionally followed by a
/// fraction (`.` and digits, dropped, not rounded) and a zone (`Z` or `±HH:MM`, hours up to 14;
/// none means UTC), for a real calendar date in the years 1000–9998. It is converted to UTC.
/// Anything else (a space for the `T`, a missing second, `2026-02-30`, a number) is rejected.
///
/// The SQL twin strips the fraction before calling `strftime`, because SQLite rounds fractional
/// seconds only when it shifts a zone, and checks the date with `date(d, '+0 days')`, because
/// `date(d)` alone echoes an impossible date such as `2026-02-30` unchanged.
public enum UTCTimestamp {
    /// Formats seconds since 1970-01-01T00:00:00Z.
    public static func format(_ secondsSinceEpoch: Int) -> String {
        let days = secondsSinceEpoch.floorDivided(by: 86_400)
        let seconds = secondsSinceEpoch - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(seconds / 3600, 2) + ":"
            + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2) + "Z"
    }

    /// Seconds since the epoch of a canonical timestamp (`YYYY-MM-DDTHH:MM:SSZ`), or `nil`.
    public static func seconds(_ canonical: String) -> Int? {
        guard let normalized = normalize(canonical), normalized == canonical else { return nil }
        let b = Array(canonical.utf8)
        let days = daysFromCivil(number(b, 0, 4), number(b, 5, 2), number(b, 8, 2))
        return days * 86_400 + number(b, 11, 2) * 3600 + number(b, 14, 2) * 60 + number(b, 17, 2)
    }

    /// An event time in canonical UTC form, or `nil` if the rule above rejects it.
    public static func normalize(_ text: String) -> String? {
        let b = Array(text.utf8)
        guard b.count >= 19 else { return nil }
        for (index, expected) in "dddd-dd-ddTdd:dd:dd".utf8.enumerated() {
            if expected == UInt8(ascii: "d") {
                guard isDigit(b[index]) else { return nil }
            } else if b[index] != expected {
                return nil
            }
        }
        let year = number(b, 0, 4)
        let month = number(b, 5, 2)
        let day = number(b, 8, 2)
        let hour = number(b, 11, 2)
        let minute = number(b, 14, 2)
        let second = number(b, 17, 2)
        guard (1000...9998).contains(year), (1...12).contains(month), (1...daysIn(year, month)).contains(day),
            hour <= 23, minute <= 59, second <= 59
        else { return nil }
        var index = 19
        if index < b.count && b[index] == UInt8(ascii: ".") {
            guard index + 1 < b.count, isDigit(b[index + 1]) else { return nil }
            index += 1
            while index < b.count && isDigit(b[index]) { index += 1 }
        }
        let zone = b[index...]
        var offsetMinutes = 0
        if zone.isEmpty || zone.elementsEqual("Z".utf8) {
            offsetMinutes = 0
        } else {
            let z = Array(zone)
            guard z.count == 6, z[0] == UInt8(ascii: "+") || z[0] == UInt8(ascii: "-"), isDigit(z[1]), isDigit(z[2]),
                z[3] == UInt8(ascii: ":"), isDigit(z[4]), isDigit(z[5])
            else { return nil }
            let hours = number(z, 1, 2)
            let minutes = number(z, 4, 2)
            guard hours <= 14, minutes <= 59 else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (z[0] == UInt8(ascii: "-") ? -1 : 1)
        }
        let local = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        return format(local - offsetMinutes * 60)
    }

    /// The SQL twin of ``normalize(_:)``: an expression over `x` and `zone`, where `zone` must be
    /// bound to ``sqlZone(_:)`` of the same `x` (for example as a column of a subquery).
    public static func sqlNormalize(_ x: String, zone: String) -> String {
        """
        CASE WHEN typeof(\(x)) = 'text'
            AND \(x) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'
            AND substr(\(x), 1, 4) BETWEEN '1000' AND '9998'
            AND substr(\(x), 6, 2) BETWEEN '01' AND '12' AND substr(\(x), 9, 2) BETWEEN '01' AND '31'
            AND date(substr(\(x), 1, 10), '+0 days') = substr(\(x), 1, 10)
            AND substr(\(x), 12, 2) <= '23' AND substr(\(x), 15, 2) <= '59' AND substr(\(x), 18, 2) <= '59'
            AND (\(zone) IN ('', 'Z') OR (\(zone) GLOB '[+-][0-9][0-9]:[0-9][0-9]'
                AND substr(\(zone), 2, 2) <= '14' AND substr(\(zone), 5, 2) <= '59'))
        THEN strftime('%Y-%m-%dT%H:%M:%SZ', substr(\(x), 1, 19) || \(zone)) END
        """
    }

    /// The zone part of `x` after the seconds and an optional fraction ('!' for a bare '.').
    public static func sqlZone(_ x: String) -> String {
        """
        CASE WHEN substr(\(x), 20, 1) = '.' THEN
            CASE WHEN substr(\(x), 21, 1) GLOB '[0-9]' THEN ltrim(substr(\(x), 21), '0123456789') ELSE '!' END
        ELSE substr(\(x), 20) END
        """
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    private static func number<C: Collection>(_ bytes: C, _ start: Int, _ count: Int) -> Int
    where C.Element == UInt8, C.Index == Int {
        var value = 0
        for index in start..<start + count { value = value * 10 + Int(bytes[bytes.startIndex + index] - 0x30) }
        return value
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension Int {
    /// Division rounding towards negative infinity.
    func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
