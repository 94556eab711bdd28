import Foundation
import Synchronization

/// Prints story times the way a 2008 news page did ("5:32 p.m. GMT, Fri February 15, 2008"),
/// in the site's configured zone, and as ISO 8601 for `<time datetime>`.
struct StoryClock: Sendable {
    /// The zone times are shown in.
    let timeZone: TimeZone
    /// Texts already made, by moment and form: a calendar lookup per time cost a tenth of a
    /// rendered story page, and pages print the same few moments again and again.
    private let memo = Memo()

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// Time then date: "5:32 p.m. GMT, Fri February 15, 2008".
    func fullText(_ date: Date) -> String {
        memo.text(for: date, form: 0) { "\(timeText(date)), \(dateText(date))" }
    }

    /// Time only: "5:32 p.m. GMT".
    func timeText(_ date: Date) -> String {
        memo.text(for: date, form: 1) { makeTimeText(date) }
    }

    private func makeTimeText(_ date: Date) -> String {
        let parts = components(date)
        let hour12 = parts.hour % 12 == 0 ? 12 : parts.hour % 12
        let period = parts.hour < 12 ? "a.m." : "p.m."
        return "\(hour12):\(String(format: "%02d", parts.minute)) \(period) \(zoneName(at: date))"
    }

    /// "EST" or "EDT" where the locale data knows a short name (abbreviation(for:) would say "GMT-5").
    private func zoneName(at date: Date) -> String {
        let style: TimeZone.NameStyle = timeZone.isDaylightSavingTime(for: date) ? .shortDaylightSaving : .shortStandard
        return timeZone.localizedName(for: style, locale: Locale(identifier: "en_US"))
            ?? timeZone.abbreviation(for: date) ?? timeZone.identifier
    }

    /// Date only: "Fri February 15, 2008".
    func dateText(_ date: Date) -> String {
        memo.text(for: date, form: 2) {
            let parts = components(date)
            return "\(Self.weekdays[parts.weekday - 1]) \(Self.months[parts.month - 1]) \(parts.day), \(parts.year)"
        }
    }

    /// Machine-readable form for the `datetime` attribute.
    func iso(_ date: Date) -> String { memo.text(for: date, form: 3) { date.ISO8601Format() } }

    /// Made texts by moment and form, emptied when it reaches ``limit`` entries so it stays small
    /// whatever moments are asked for.
    private final class Memo: Sendable {
        static let limit = 20_000
        private struct Key: Hashable {
            let moment: Double
            let form: UInt8
        }
        private let texts = Mutex<[Key: String]>([:])

        func text(for date: Date, form: UInt8, make: () -> String) -> String {
            let key = Key(moment: date.timeIntervalSinceReferenceDate, form: form)
            if let known = texts.withLock({ $0[key] }) { return known }
            let made = make()
            texts.withLock { texts in
                if texts.count >= Self.limit { texts.removeAll(keepingCapacity: true) }
                texts[key] = made
            }
            return made
        }
    }

    private func components(_ date: Date) -> (year: Int, month: Int, day: Int, weekday: Int, hour: Int, minute: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        return (
            parts.year ?? 1970, min(max(parts.month ?? 1, 1), 12), parts.day ?? 1, min(max(parts.weekday ?? 1, 1), 7),
            parts.hour ?? 0, parts.minute ?? 0
        )
    }
}
