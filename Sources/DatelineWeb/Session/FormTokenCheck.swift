extension ReaderSession {
    /// The hidden form field that carries the token back.
    static let tokenField = "csrf_token"

    /// Refuses a posted form unless it carries the same token as the reader's cookie, or, coming
    /// from a publicly cached page that carries no token, the browser vouches that the post comes
    /// from this site's own page (see ``isSameOrigin``). A token that is present but wrong, or a
    /// token-less post without that proof, is refused.
    func verifyFormToken(in form: FormFields) throws(ReaderError) {
        let posted = (try? form.single(Self.tokenField)) ?? nil
        guard let posted, !posted.isEmpty else {
            guard isSameOrigin else { throw .formExpired }
            return
        }
        guard !tokenIsNew, csrfToken.matches(posted) else { throw .formExpired }
    }
}
