import Foundation

/// Reading the ISO 8601 times people and programs send: one parser for the admin API and the
/// subscriber CSV, so both accept exactly the same forms.
public enum ISO8601Text {
    /// An RFC 3339 date-time (`2026-03-01T09:30:00Z`, offsets and fractions allowed) or a plain
    /// date (`2026-03-01`, midnight UTC); nil for anything else.
    public static func date(_ text: String) -> Date? {
        let text = text.uppercased()
        guard text.count <= 64 else { return nil }
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
