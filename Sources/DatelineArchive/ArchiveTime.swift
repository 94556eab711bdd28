import Foundation

/// A stored time to the microsecond, written as `2008-02-17T14:05:00.123000Z`.
///
/// Kept as whole microseconds since 1970 so a time moves between backends without passing
/// through floating point: SQLite's millisecond text and PostgreSQL's microseconds both
/// convert exactly (PostgreSQL times are rounded to the millisecond on their way into SQLite).
public struct ArchiveTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Microseconds since 1970-01-01 00:00 UTC.
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// The time of `date`, rounded to the microsecond.
    public init(_ date: Date) {
        microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The time as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(microseconds) / 1_000_000) }

    public static func < (lhs: ArchiveTime, rhs: ArchiveTime) -> Bool { lhs.microseconds < rhs.microseconds }

    /// The time rounded to the nearest millisecond (halves up), as SQLite keeps it.
    public var roundedToMilliseconds: ArchiveTime {
        ArchiveTime(microseconds: Self.floorDivide(microseconds + 500, 1_000) * 1_000)
    }

    /// `2008-02-17T14:05:00.123456Z`.
    public var description: String {
        let (day, time) = split()
        return "\(day)T\(time).\(Self.padded(Int(Self.modulo(microseconds, 1_000_000)), 6))Z"
    }

    /// `2008-02-17 14:05:00.123`, the text GRDB stores, rounded to the millisecond.
    public var sqliteText: String {
        let rounded = roundedToMilliseconds
        let (day, time) = rounded.split()
        return "\(day) \(time).\(Self.padded(Int(Self.modulo(rounded.microseconds, 1_000_000) / 1_000), 3))"
    }

    /// Reads `2008-02-17T14:05:00.123456Z` or SQLite's `2008-02-17 14:05:00.123`: a date, `T` or
    /// a space, a time with optional seconds and fraction (up to nine digits, kept to the
    /// microsecond by truncation), and an optional `Z`. Times are UTC.
    public init?(text: String) {
        var scalars = Array(text.utf8)
        if scalars.last == UInt8(ascii: "Z") { scalars.removeLast() }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ index: Int) -> UInt8? { index < scalars.count ? scalars[index] : nil }
        guard scalars.count >= 16, let year = number(0..<4), byte(4) == UInt8(ascii: "-"),
            let month = number(5..<7), byte(7) == UInt8(ascii: "-"), let day = number(8..<10),
            byte(10) == UInt8(ascii: "T") || byte(10) == UInt8(ascii: " "), let hour = number(11..<13),
            byte(13) == UInt8(ascii: ":"), let minute = number(14..<16)
        else { return nil }
        var second = 0
        var fraction: Int64 = 0
        var index = 16
        if byte(index) == UInt8(ascii: ":") {
            guard let value = number(17..<19) else { return nil }
            second = value
            index = 19
            if byte(index) == UInt8(ascii: ".") {
                let digits = scalars.count - index - 1
                guard (1...9).contains(digits), let value = number((index + 1)..<scalars.count) else { return nil }
                var micro = Int64(value)
                if digits < 6 {
                    for _ in digits..<6 { micro *= 10 }
                } else {
                    for _ in 6..<digits { micro /= 10 }
                }
                fraction = micro
                index = scalars.count
            }
        }
        guard index == scalars.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second < 60
        else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
        microseconds = seconds * 1_000_000 + fraction
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = ArchiveTime(text: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a time such as 2008-02-17T14:05:00.000000Z")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// ("2008-02-17", "14:05:00") for the whole seconds of this time.
    private func split() -> (String, String) {
        let seconds = Self.floorDivide(microseconds, 1_000_000)
        let days = Self.floorDivide(seconds, 86_400)
        let inDay = Int(seconds - days * 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        let date = "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))"
        let time = "\(Self.padded(inDay / 3_600, 2)):\(Self.padded(inDay / 60 % 60, 2)):\(Self.padded(inDay % 60, 2))"
        return (date, time)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient
    }

    private static func modulo(_ value: Int64, _ divisor: Int64) -> Int64 {
        value - floorDivide(value, divisor) * divisor
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01.
    private static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let shifted = Int(days) + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
