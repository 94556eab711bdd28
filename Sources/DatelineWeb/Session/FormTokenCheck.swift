extension ReaderSession {
    /// The hidden form field that carries the token back.
    static let tokenField = "csrf_token"

    /// Refuses a posted form unless it carries the same token as the reader's cookie. A reader
    /// with no token cookie cannot have loaded one of our forms, so that is refused too.
    func verifyFormToken(in form: FormFields) throws(ReaderError) {
        guard !tokenIsNew, let posted = try? form.single(Self.tokenField), csrfToken.matches(posted) else {
            throw .formExpired
        }
    }
}
