import DatelineCore
import Foundation

extension StoryClock {
    /// Reads a `datetime-local` field ("2026-03-01T09:30") as a time in the site's zone.
    func localTime(_ text: String) -> Date? {
        let parts = text.trimmingWhitespace().split(whereSeparator: { "-T:".contains($0) }).map { Int($0) }
        guard parts.count == 5 || parts.count == 6, parts.allSatisfy({ $0 != nil }) else { return nil }
        let numbers = parts.compactMap { $0 }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(
            year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4],
            second: numbers.count == 6 ? numbers[5] : 0)
        guard (1000...9999).contains(numbers[0]), components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    /// A time as a `datetime-local` field value in the site's zone.
    func localFieldValue(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d", parts.year ?? 0, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0,
            parts.minute ?? 0)
    }
}
