import DatelineCore

/// Checks and cleaning of input that every backend applies the same way.
enum StoreInput {
    /// The account's address normalised and its name tidied, or every problem by field.
    static func account(email: String, name: String) throws(StoreError) -> (email: String, name: String) {
        let email = User.normalizedEmail(email)
        let name = name.collapsingWhitespace()
        var problems: [StoryValidationError.Problem] = []
        if !User.isPlausibleEmail(email) {
            problems.append(.init(field: "email", message: "enter an e-mail address such as jane@example.com"))
        }
        if name.isEmpty || name.count > StoryLimits.creditLength {
            problems.append(
                .init(field: "name", message: "enter a name of 1 to \(StoryLimits.creditLength) characters"))
        }
        guard problems.isEmpty else { throw .invalid(StoryValidationError(problems: problems)) }
        return (email, name)
    }

    /// `text` with LIKE's wildcards and the backslash taken literally, for `LIKE … ESCAPE '\'`
    /// (PostgreSQL's default escape character is the backslash too).
    static func likePattern(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
