import Foundation
import Synchronization

/// Where the site's absolute links point ("https://news.example.com"): feeds, sitemaps,
/// structured data, share cards, the Content API's `url` and `next`, mailed links.
///
/// Links never follow a `Host` header on their own: a page kept in the shared cache would hand an
/// outsider's host name to every later reader (issue 12). They come from configuration — the
/// public URL when there is one, else the address the site listens on — and follow the request's
/// host only when that host is on the allowlist: the configured `allowedHosts`, plus, without a
/// public URL, the loopback names at the port the site actually bound, so a person trying
/// Dateline on `localhost` gets links that work. Each allowed host gets its own cache entries
/// (``cacheKey(target:host:)``), so hosts never mix.
public final class SiteOrigin: Sendable {
    private let publicBaseURL: URL?
    private let listenHost: String
    private let scheme: String
    private let configuredHosts: Set<String>
    private let state: Mutex<Bound>

    private struct Bound {
        var canonical: String
        var allowed: Set<String>
    }

    /// Links for `configuration`, before the server has bound its port.
    init(configuration: WebConfiguration) {
        publicBaseURL = configuration.publicBaseURL
        listenHost = configuration.host
        scheme = configuration.publicBaseURL?.scheme?.lowercased() ?? "http"
        configuredHosts = Set(configuration.allowedHosts.map { $0.lowercased() })
        state = Mutex(Bound(canonical: configuration.baseURL, allowed: []))
        listening(on: configuration.port)
    }

    /// Records the port the server bound (it differs from the configured one when that was 0).
    func listening(on port: Int) {
        var bound = Bound(canonical: "", allowed: configuredHosts)
        if let publicBaseURL {
            var text = publicBaseURL.absoluteString
            while text.hasSuffix("/") { text.removeLast() }
            bound.canonical = text
        } else {
            // A wildcard bind address is not a place a reader can visit; name loopback instead.
            let visible = ["0.0.0.0", "::", "[::]", ""].contains(listenHost) ? "127.0.0.1" : listenHost
            let name = visible.contains(":") && !visible.hasPrefix("[") ? "[\(visible)]" : visible
            bound.canonical = "http://\(name):\(port)"
            for loopback in ["localhost", "127.0.0.1", "[::1]", name.lowercased()] {
                bound.allowed.insert("\(loopback):\(port)")
                if port == 80 { bound.allowed.insert(loopback) }
            }
        }
        state.withLock { $0 = bound }
    }

    /// The configured origin, without a trailing slash.
    var canonical: String { state.withLock { $0.canonical } }

    /// The origin for a request that named `host` (its `Host` header, or HTTP/2 authority).
    func origin(forHost host: String?) -> String {
        state.withLock { bound in
            guard let host, !host.isEmpty, host.utf8.count <= 255 else { return bound.canonical }
            if bound.allowed.contains(host) { return scheme + "://" + host }
            let lowered = host.lowercased()
            guard lowered != host, bound.allowed.contains(lowered) else { return bound.canonical }
            return scheme + "://" + lowered
        }
    }

    /// The page cache's key for a request target asked for under `host`: the origin its links
    /// use, then the target, so a page is never shared between hosts.
    func cacheKey(target: String, host: String?) -> String {
        origin(forHost: host) + target
    }
}
