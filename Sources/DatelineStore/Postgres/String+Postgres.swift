extension String {
    /// The string as a PostgreSQL text value can hold it: U+0000 cannot be stored or even sent,
    /// so each becomes U+FFFD. Used on what arrives from sign-in forms and filters, so a NUL
    /// typed by a hostile client finds nothing instead of failing the request.
    var postgresText: String {
        guard unicodeScalars.contains("\u{0}") else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
    }
}
