import Hummingbird

/// The per-request context of the reader site: Hummingbird's core storage plus the reader's
/// cookie state, filled in once by ``ReaderSessionMiddleware`` so handlers never parse cookies.
struct ReaderRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The reader's preferences, saved stories and form token for this request.
    var session: ReaderSession
    /// The decoded query string, filled in by ``QueryFieldsMiddleware``.
    var query: FormFields
    /// The client's IP address as the connection reports it; the newsroom throttles sign-ins by it.
    var remoteAddress: String?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
        self.session = ReaderSession()
        self.query = FormFields()
    }

    /// Forms are small; anything larger is not from our pages.
    var maxUploadSize: Int { 16 * 1024 }
}
