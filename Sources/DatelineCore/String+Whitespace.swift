extension String {
    /// The string without leading and trailing whitespace and newlines (including no-break spaces).
    public func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }),
            let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }

    /// Runs of whitespace (spaces, tabs, newlines, no-break spaces) folded into single spaces.
    public func collapsingWhitespace() -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        var pendingSpace = false
        for character in self {
            if character.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(character)
            }
        }
        return out
    }

    /// The text with "\r\n" and a lone "\r" turned into "\n".
    public func replacingLineBreaks() -> String {
        guard utf8.contains(UInt8(ascii: "\r")) else { return self }
        var out = String.UnicodeScalarView()
        var afterReturn = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                out.append("\n")
                afterReturn = true
                continue
            }
            if !(scalar == "\n" && afterReturn) { out.append(scalar) }
            afterReturn = false
        }
        return String(out)
    }

    /// nil for the empty string, so optional fields never hold "".
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
