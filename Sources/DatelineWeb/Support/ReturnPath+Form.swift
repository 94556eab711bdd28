extension ReturnPath {
    /// The hidden form field naming the page to return to.
    static let fieldName = "return_to"

    /// Reads a form's return path: absent means `fallback`; present but not a path on this site
    /// is refused outright, because only a crafted form sends one.
    init(in form: FormFields, fallback: ReturnPath = .home) throws(ReaderError) {
        guard let value = try form.single(Self.fieldName), !value.isEmpty else {
            self = fallback
            return
        }
        guard let path = ReturnPath(validating: value) else {
            throw .badRequest("The form asked to return to a page outside this site, so nothing was changed.")
        }
        self = path
    }
}
