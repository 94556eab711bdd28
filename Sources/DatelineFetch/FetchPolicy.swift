import Foundation

/// The limits `dateline import --url` fetches pages under: which addresses it may reach, and how
/// much size, time and redirection it accepts.
public struct FetchPolicy: Sendable {
    /// Allows loopback, private, link-local and metadata addresses (`--allow-private`).
    public var allowPrivate: Bool
    /// Particular non-public addresses allowed even when `allowPrivate` is off (a newsroom's own
    /// wire server, say).
    public var permittedAddresses: Set<IPAddress>
    /// The largest page accepted, in bytes; the download stops as soon as it is exceeded.
    public var maximumBytes: Int
    /// The longest the whole fetch may take, redirects included.
    public var timeout: Duration
    /// The most redirects followed.
    public var maximumRedirects: Int
    /// The media types accepted as a page.
    public var acceptedContentTypes: Set<String>
    /// How the person reading a refusal of a private address can allow it, in their own terms
    /// (a command-line flag, or a server setting).
    public var privateAddressAdvice = "use --allow-private to fetch from this network"

    /// Makes a policy; the defaults suit fetching one news page from the public internet.
    public init(
        allowPrivate: Bool = false, permittedAddresses: Set<IPAddress> = [], maximumBytes: Int = 10_000_000,
        timeout: Duration = .seconds(20), maximumRedirects: Int = 5,
        acceptedContentTypes: Set<String> = ["text/html", "application/xhtml+xml"]
    ) {
        self.allowPrivate = allowPrivate
        self.permittedAddresses = permittedAddresses
        self.maximumBytes = maximumBytes
        self.timeout = timeout
        self.maximumRedirects = maximumRedirects
        self.acceptedContentTypes = acceptedContentTypes
    }

    /// Why the policy refuses `address` for `host`, or nil when it may be reached.
    public func refusal(of address: IPAddress, host: String) -> String? {
        let range = address.range
        guard !range.isPublic, !allowPrivate, !permittedAddresses.contains(address) else { return nil }
        return "\(host) resolves to \(address), a \(range.rawValue) address; pages are fetched only from public "
            + "addresses (\(privateAddressAdvice))"
    }

    /// Why the policy refuses a response of media type `contentType` (a Content-Type header), or nil.
    public func refusal(ofContentType contentType: String?) -> String? {
        let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard let mediaType, acceptedContentTypes.contains(mediaType) else {
            let wanted = acceptedContentTypes.contains("text/html") ? "an HTML page" : "an accepted type"
            return "the server sent \(contentType ?? "no content type"), not \(wanted) "
                + "(\(acceptedContentTypes.sorted().joined(separator: " or ")))"
        }
        return nil
    }
}
