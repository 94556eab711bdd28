extension String {
    /// The text quoted, with control and line-separator characters spelled out as `\u{…}` and cut
    /// to `limit` characters, so that hostile input can be shown in an error or log line safely.
    func escapedForDisplay(limit: Int = 120) -> String {
        var out = "\""
        var count = 0
        for scalar in unicodeScalars {
            if count >= limit {
                out += "…"
                break
            }
            count += 1
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if HeaderText.isForbidden(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
