import Foundation

/// Reads the publication time a story page prints — "Posted: Wednesday Jan 9, 2008 10:23 PM",
/// "updated 4:51 p.m. EST, Thu February 14, 2008" — into an absolute date.
enum PublicationTime {
    /// Zone used when the line names none: the 2008 CNN and Sports Illustrated pages print US
    /// Eastern time.
    static let defaultZoneIdentifier = "America/New_York"

    /// True when `text` is a "Posted:" or "updated" line that carries a readable date.
    static func isTimeLine(_ text: String) -> Bool {
        date(in: text) != nil
    }

    /// The time on a "Posted:"/"updated"/"Published:" line, or nil when `text` is not such a line
    /// or names no full date.
    static func date(in text: String) -> Date? {
        guard text.utf8.count <= 120 else { return nil }
        let lower = text.lowercased()
        guard ["posted", "updated", "last updated", "published"].contains(where: { lower.hasPrefix($0) }) else {
            return nil
        }
        let tokens = text.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
        guard let day = calendarDay(in: tokens) else { return nil }
        let clock: (hour: Int, minute: Int)
        switch clockTime(in: tokens) {
        case .time(let hour, let minute): clock = (hour, minute)
        case .invalid: return nil
        case .absent: clock = zonedClockTime(in: tokens) ?? (0, 0)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone(in: tokens) ?? easternTime
        let components = DateComponents(
            year: day.year, month: day.month, day: day.day, hour: clock.hour, minute: clock.minute)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    private static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    /// 1–12 for "Jan", "Jan.", "January", "Sept".
    static func month(_ token: String) -> Int? {
        var word = token.lowercased()
        if word.hasSuffix(".") { word.removeLast() }
        guard word.count >= 3 else { return nil }
        if word == "sept" { return 9 }
        guard let index = monthNames.firstIndex(where: { $0 == word || ($0.hasPrefix(word) && word.count == 3) })
        else { return nil }
        return index + 1
    }

    /// "February 14 2008" or "14 February 2008", wherever it stands among the tokens.
    private static func calendarDay(in tokens: [String]) -> (year: Int, month: Int, day: Int)? {
        for (index, token) in tokens.enumerated() {
            guard let month = month(token) else { continue }
            if index + 2 < tokens.count, let day = dayNumber(tokens[index + 1]), let year = year(tokens[index + 2]) {
                return (year, month, day)
            }
            if index >= 1, index + 1 < tokens.count, let day = dayNumber(tokens[index - 1]),
                let year = year(tokens[index + 1])
            {
                return (year, month, day)
            }
        }
        return nil
    }

    private static func dayNumber(_ token: String) -> Int? {
        let digits = token.hasSuffix(".") ? String(token.dropLast()) : token
        guard digits.count <= 2, let day = Int(digits), (1...31).contains(day) else { return nil }
        return day
    }

    private static func year(_ token: String) -> Int? {
        guard token.count == 4, let year = Int(token), (1900...2200).contains(year) else { return nil }
        return year
    }

    /// What a line says about the time of day.
    private enum ClockReading {
        case time(hour: Int, minute: Int)
        /// A time that cannot be ("13:10 PM"): the line is not to be trusted.
        case invalid
        case absent
    }

    /// "10:23 PM", "4:51 p.m.", "10:23pm", "22:23" as a 24-hour clock time.
    private static func clockTime(in tokens: [String]) -> ClockReading {
        for (index, token) in tokens.enumerated() {
            let parts = token.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let hour = Int(parts[0]) else { continue }
            let minuteDigits = parts[1].prefix(while: \.isNumber)
            guard minuteDigits.count == 2, let minute = Int(minuteDigits), minute < 60 else { continue }
            var marker = String(parts[1].dropFirst(2))
            if marker.isEmpty, index + 1 < tokens.count { marker = tokens[index + 1] }
            switch meridiem(marker) {
            case "a"?:
                guard (1...12).contains(hour) else { return .invalid }
                return .time(hour: hour % 12, minute: minute)
            case "p"?:
                guard (1...12).contains(hour) else { return .invalid }
                return .time(hour: hour % 12 + 12, minute: minute)
            default:
                guard hour < 24 else { return .invalid }
                return .time(hour: hour, minute: minute)
            }
        }
        return .absent
    }

    /// "2010 GMT": a 24-hour time written as four digits, recognised only before a zone name.
    private static func zonedClockTime(in tokens: [String]) -> (hour: Int, minute: Int)? {
        for (index, token) in tokens.enumerated().dropLast() where token.count == 4 && token.allSatisfy(\.isNumber) {
            guard zoneOffsets[tokens[index + 1]] != nil || zoneRegions[tokens[index + 1]] != nil,
                let value = Int(token), value / 100 < 24, value % 100 < 60
            else { continue }
            return (value / 100, value % 100)
        }
        return nil
    }

    /// "a" for "AM"/"a.m.", "p" for "PM"/"p.m.", else nil.
    private static func meridiem(_ token: String) -> String? {
        let letters = token.lowercased().filter { $0 != "." }
        switch letters {
        case "am": return "a"
        case "pm": return "p"
        default: return nil
        }
    }

    /// Offsets of the zone abbreviations US and European news pages print, in hours east of UTC.
    private static let zoneOffsets: [String: Int] = [
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9,
        "AKDT": -8, "HST": -10, "GMT": 0, "UTC": 0, "UT": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
        "HKT": 8, "JST": 9, "AEST": 10, "AEDT": 11,
    ]

    /// Zones written without summer/winter: they follow the local rules.
    private static let zoneRegions: [String: String] = [
        "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles",
    ]

    private static func zone(in tokens: [String]) -> TimeZone? {
        for token in tokens {
            let word = token.uppercased() == token ? token.trimmingCharacters(in: .punctuationCharacters) : ""
            if let hours = zoneOffsets[word] { return TimeZone(secondsFromGMT: hours * 3600) }
            if let region = zoneRegions[word] { return TimeZone(identifier: region) ?? easternTime }
        }
        return nil
    }

    /// US Eastern time with its daylight-saving rules; a fixed UTC−5 if the zone database is missing.
    private static var easternTime: TimeZone {
        TimeZone(identifier: defaultZoneIdentifier) ?? TimeZone(secondsFromGMT: -5 * 3600) ?? .gmt
    }
}
