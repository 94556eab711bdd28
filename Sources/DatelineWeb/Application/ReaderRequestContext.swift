import Hummingbird
import NIOCore

/// The per-request context of the reader site: Hummingbird's core storage plus the reader's
/// cookie state, filled in once by ``ReaderSessionMiddleware`` so handlers never parse cookies.
struct ReaderRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The reader's preferences, saved stories and form token for this request.
    var session: ReaderSession
    /// The decoded query string, filled in by ``QueryFieldsMiddleware``.
    var query: FormFields
    /// The client's IP address: as the connection reports it, unless a trusted proxy named the
    /// client (``ForwardedClientMiddleware``). The newsroom throttles sign-ins by it. Worked out
    /// only when asked for: most requests never need it.
    var remoteAddress: String? {
        get { forwardedAddress ?? peer?.ipAddress }
        set { forwardedAddress = newValue }
    }
    /// True when ``PageCacheMiddleware`` fills the reader's saved state into the page on its way
    /// out, so ``ReaderSessionMiddleware`` leaves it alone.
    var pageCacheFillsSavedState = false
    private var peer: SocketAddress?
    private var forwardedAddress: String?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peer = source.channel.remoteAddress
        self.session = ReaderSession()
        self.query = FormFields()
    }

    /// Forms are small; anything larger is not from our pages.
    var maxUploadSize: Int { 16 * 1024 }
}
