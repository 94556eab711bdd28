import DatelineCore
import Foundation

/// Reads the dates pages give for publication and update: ISO 8601 ("2019-11-19T14:30:00-05:00"),
/// RFC 822 ("Tue, 19 Nov 2019 14:30:00 GMT") and the forms printed on pages ("Nov. 19, 2019 2:30 PM ET").
enum PublicationDate {
    /// The moment `text` names, or nil when it names no full date. A date without a time is midnight
    /// UTC; a time without a zone is taken as UTC.
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 120 else { return nil }
        let bytes = Array(trimmed.utf8)
        // "2019-…" is ISO 8601 or nothing; the written-date reader would only guess at it.
        if bytes.count >= 5, bytes[0..<4].allSatisfy({ (0x30...0x39).contains($0) }), bytes[4] == UInt8(ascii: "-") {
            return iso8601(bytes)
        }
        return iso8601(bytes) ?? written(trimmed)
    }

    // MARK: ISO 8601

    private static func iso8601(_ bytes: [UInt8]) -> Date? {
        var cursor = 0
        func number(_ digits: Int) -> Int? {
            guard cursor + digits <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<digits {
                let byte = bytes[cursor + offset]
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            cursor += digits
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard cursor < bytes.count, bytes[cursor] == byte else { return false }
            cursor += 1
            return true
        }
        guard let year = number(4) else { return nil }
        let dashed = skip(UInt8(ascii: "-"))
        guard let month = number(2) else { return nil }
        if dashed { guard skip(UInt8(ascii: "-")) else { return nil } }
        guard let day = number(2) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var offset = 0
        if skip(UInt8(ascii: "T")) || skip(UInt8(ascii: " ")) || skip(UInt8(ascii: "t")) {
            // "14:30:00" or, in the basic format, "143000".
            guard let parsedHour = number(2) else { return civil(year: year, month: month, day: day) }
            let colons = skip(UInt8(ascii: ":"))
            guard let parsedMinute = number(2) else { return civil(year: year, month: month, day: day) }
            hour = parsedHour
            minute = parsedMinute
            if colons ? skip(UInt8(ascii: ":")) : true, let parsedSecond = number(2) { second = parsedSecond }
            if skip(UInt8(ascii: ".")) || skip(UInt8(ascii: ",")) {
                while cursor < bytes.count, (0x30...0x39).contains(bytes[cursor]) { cursor += 1 }
            }
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
            if skip(UInt8(ascii: "Z")) || skip(UInt8(ascii: "z")) {
                offset = 0
            } else if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") {
                let sign = bytes[cursor] == UInt8(ascii: "-") ? -1 : 1
                cursor += 1
                guard let zoneHours = number(2) else { return nil }
                _ = skip(UInt8(ascii: ":"))
                let zoneMinutes = number(2) ?? 0
                offset = sign * (zoneHours * 3600 + zoneMinutes * 60)
            }
        }
        guard cursor == bytes.count || !(0x30...0x39).contains(bytes[cursor]) else { return nil }
        return civil(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    // MARK: Written dates

    private static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
        "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
        "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]

    /// Zone abbreviations news pages print, as offsets from UTC in hours.
    private static let zones: [String: Int] = [
        "utc": 0, "gmt": 0, "z": 0, "bst": 1, "cet": 1, "cest": 2, "est": -5, "edt": -4, "et": -5, "cst": -6,
        "cdt": -5, "ct": -6, "mst": -7, "mdt": -6, "mt": -7, "pst": -8, "pdt": -7, "pt": -8, "ist": 5,
    ]

    private static func written(_ text: String) -> Date? {
        var tokens: [Substring] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let isPart = character.isLetter || character.isNumber || character == ":" || character == "+"
            if isPart, start == nil { start = index }
            if !isPart, let begun = start {
                tokens.append(text[begun..<index])
                start = nil
            }
            index = text.index(after: index)
        }
        if let begun = start { tokens.append(text[begun...]) }

        var year: Int?
        var month: Int?
        var day: Int?
        var numbers: [Int] = []
        var hour = 0
        var minute = 0
        var second = 0
        var offset = 0
        var afternoon: Bool?
        for token in tokens.prefix(20) {
            let lowered = token.lowercased()
            if let named = months[lowered]
                ?? months[String(lowered.prefix(3))].flatMap({ lowered.count <= 9 ? $0 : nil })
            {
                if month == nil { month = named }
            } else if token.contains(":") {
                let parts = token.split(separator: ":").compactMap { Int($0) }
                if parts.count >= 2 {
                    hour = parts[0]
                    minute = parts[1]
                    second = parts.count > 2 ? parts[2] : 0
                }
            } else if lowered == "am" || lowered == "a" {
                afternoon = false
            } else if lowered == "pm" || lowered == "p" {
                afternoon = true
            } else if let zone = zones[lowered] {
                offset = zone * 3600
            } else if token.hasPrefix("+"), token.count == 5, let value = Int(token.dropFirst()) {
                offset = (value / 100) * 3600 + (value % 100) * 60
            } else if let value = Int(token) {
                if token.count == 4, value >= 1900, year == nil {
                    year = value
                } else if token.count <= 2 {
                    numbers.append(value)
                }
            } else if let value = Int(token.prefix { $0.isNumber }), token.count <= 4, token.first?.isNumber == true {
                numbers.append(value)  // "19th"
            }
        }
        if let month {
            day = numbers.first
        } else if numbers.count >= 2 {
            // "11/19/2019" in American order unless the first number cannot be a month.
            if numbers[0] > 12 {
                day = numbers[0]
                month = numbers[1]
            } else {
                month = numbers[0]
                day = numbers[1]
            }
        }
        guard let year, let month, let day else { return nil }
        if afternoon == true, hour < 12 { hour += 12 }
        if afternoon == false, hour == 12 { hour = 0 }
        return civil(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    // MARK: Calendar arithmetic

    /// The moment of a proleptic Gregorian date and time at `offset` seconds from UTC.
    private static func civil(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, offset: Int = 0
    ) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second), (1000...9999).contains(year)
        else { return nil }
        // Days from 1970-01-01, counting years from March so the leap day falls at a year's end.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
