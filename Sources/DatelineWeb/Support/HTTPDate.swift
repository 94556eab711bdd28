import Foundation

/// HTTP's date format ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 9110's IMF-fixdate), for
/// `Last-Modified` and `If-Modified-Since`. Written by hand so no shared formatter is needed.
enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT") ?? calendar.timeZone
        return calendar
    }

    /// `date` in IMF-fixdate, to the second.
    static func format(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute, .second], from: date)
        let weekday = weekdays[min(max((parts.weekday ?? 1) - 1, 0), 6)]
        let month = months[min(max((parts.month ?? 1) - 1, 0), 11)]
        return String(
            format: "%@, %02d %@ %04d %02d:%02d:%02d GMT", weekday, parts.day ?? 1, month, parts.year ?? 1970,
            parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// The date in an IMF-fixdate header value; nil for anything else (obsolete formats are
    /// ignored, as RFC 9110 allows, which only costs a full response).
    static func parse(_ text: String) -> Date? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]),
            let monthIndex = months.firstIndex(of: String(parts[2]))
        else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        let components = DateComponents(
            year: year, month: monthIndex + 1, day: day, hour: clock[0], minute: clock[1], second: clock[2])
        return calendar.date(from: components)
    }
}
