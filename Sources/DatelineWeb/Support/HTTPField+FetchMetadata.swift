import HTTPTypes

extension HTTPField.Name {
    /// `Sec-Fetch-Site`: the browser's own statement of where a request comes from.
    static var secFetchSite: Self { Self("Sec-Fetch-Site")! }  // a valid token, so never nil
}
