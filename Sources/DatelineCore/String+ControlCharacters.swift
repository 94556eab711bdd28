extension String {
    /// The first control character in the text — C0 (U+0000–U+001F), DEL (U+007F) or C1
    /// (U+0080–U+009F) — other than those in `allowed`, with its 1-based character position.
    ///
    /// No stored field may hold one: a NUL ends the string for C code that reads it (a headline
    /// stored empty), makes a name and its slug disagree, and is refused outright by PostgreSQL.
    public func firstControlCharacter(allowing allowed: Set<Unicode.Scalar> = []) -> (
        scalar: Unicode.Scalar, position: Int
    )? {
        var position = 0
        for character in self {
            position += 1
            for scalar in character.unicodeScalars where scalar.isControlCharacter && !allowed.contains(scalar) {
                return (scalar, position)
            }
        }
        return nil
    }

    /// A sentence naming the first control character found, for a field's error message; nil
    /// when there is none.
    public func controlCharacterProblem(allowing allowed: Set<Unicode.Scalar> = []) -> String? {
        guard let found = firstControlCharacter(allowing: allowed) else { return nil }
        let code = String(found.scalar.value, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
        return "contains an invisible control character (U+\(padded)) at character \(found.position); remove it"
    }
}

extension Unicode.Scalar {
    /// True for C0 controls, DEL and C1 controls.
    var isControlCharacter: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
    }
}
