import DatelineIngest
import Foundation
import NIOHTTP1
import NIOSSL

/// Fetches one page from the web for `dateline import --url`, refusing anything that could turn
/// the newsroom's server against its own network: only `http` and `https`, only public addresses
/// (checked after DNS resolution and again on every redirect) unless the policy allows private
/// ones, with caps on size, time and redirects, and only HTML content.
///
/// The connection goes to exactly the address that was checked, over `http` and `https` alike
/// (see ``PinnedRequest``), so a DNS answer that changes between the check and the connection
/// (DNS rebinding) cannot steer the fetch elsewhere.
public struct PageFetcher: Sendable {
    /// The limits every fetch runs under.
    public var policy: FetchPolicy
    /// Looks a host name up; replaceable in tests so no real DNS is needed.
    let resolve: @Sendable (String) async -> Result<[IPAddress], FetchFailure>
    /// Trust settings for `https`; nil for the system's trust roots. Tests trust their own certificate.
    let tlsConfiguration: TLSConfiguration?

    /// Makes a fetcher that runs under `policy`.
    public init(policy: FetchPolicy = FetchPolicy()) {
        self.init(policy: policy, resolve: { await AddressResolver.resolve($0) })
    }

    init(
        policy: FetchPolicy, tlsConfiguration: TLSConfiguration? = nil,
        resolve: @escaping @Sendable (String) async -> Result<[IPAddress], FetchFailure>
    ) {
        self.policy = policy
        self.tlsConfiguration = tlsConfiguration
        self.resolve = resolve
    }

    /// Fetches `url` and returns the page with its final URL and the charset the server declared.
    public func fetch(_ url: URL) async throws(IngestError) -> RawPage {
        let (response, final) = try await follow(url, headers: [])
        guard (200..<300).contains(response.status) else {
            let reason = HTTPResponseStatus(statusCode: response.status).reasonPhrase
            throw IngestError(
                location: final.absoluteString, message: "the server answered \(response.status) \(reason)")
        }
        let charset = Self.charset(in: response.header("content-type"))
        return RawPage(bytes: response.body, location: final.absoluteString, url: final, declaredCharset: charset)
    }

    /// GETs `url` with `headers` added (a conditional GET's validators, say) under the same checks
    /// and caps as ``fetch(_:)``, following redirects, and returns whatever the server finally
    /// answered — a 304 or a 429 as much as a 200 — with its headers; a body is read only for a
    /// 2xx answer. Throws only when no answer could be had (refused address, time, size, network).
    public func fetchAnswer(_ url: URL, headers: [(name: String, value: String)]) async throws(IngestError)
        -> FetchedAnswer
    {
        let (response, final) = try await follow(url, headers: headers)
        return FetchedAnswer(
            status: response.status, headers: response.headers, body: response.body, url: final,
            declaredCharset: Self.charset(in: response.header("content-type")))
    }

    /// Follows redirects from `url` to the first answer that is not one.
    private func follow(_ url: URL, headers: [(name: String, value: String)]) async throws(IngestError) -> (
        HTTPResponse, URL
    ) {
        let deadline = ContinuousClock.now + policy.timeout
        var current = url
        var redirects = 0
        while true {
            let response: HTTPResponse
            switch await fetchOnce(current, deadline: deadline, headers: headers) {
            case .success(let answer): response = answer
            case .failure(let failure): throw IngestError(location: current.absoluteString, message: failure.message)
            }
            guard response.isRedirect else { return (response, current) }
            guard let location = response.header("location"),
                let next = URL(string: location, relativeTo: current)?.absoluteURL
            else {
                throw IngestError(
                    location: current.absoluteString,
                    message: "the server redirected (\(response.status)) without a usable Location header")
            }
            redirects += 1
            guard redirects <= policy.maximumRedirects else {
                throw IngestError(
                    location: url.absoluteString,
                    message: "more than \(policy.maximumRedirects) redirects; the page was not fetched")
            }
            current = next
        }
    }

    /// One request, with the scheme and every resolved address checked first.
    private func fetchOnce(_ url: URL, deadline: ContinuousClock.Instant, headers: [(name: String, value: String)])
        async -> Result<HTTPResponse, FetchFailure>
    {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return .failure(FetchFailure("only http and https addresses are fetched, not \(url.scheme ?? "this") ones"))
        }
        guard let host = url.host, !host.isEmpty else { return .failure(FetchFailure("the address names no host")) }
        guard url.user == nil, url.password == nil else {
            return .failure(FetchFailure("addresses with a user name or password are not fetched"))
        }
        let resolve = self.resolve
        let lookupTooLong = FetchFailure(
            "looking up \(host) took too long (the whole fetch may take \(policy.timeout))")
        let addresses: [IPAddress]
        switch await DeadlineRace.run(until: deadline, otherwise: lookupTooLong, { await resolve(host) }) {
        case .success(let resolved): addresses = resolved
        case .failure(let failure): return .failure(failure)
        }
        // Every address must pass: a name with one public and one private address is refused.
        for address in addresses {
            if let refusal = policy.refusal(of: address, host: host) { return .failure(FetchFailure(refusal)) }
        }
        guard let pinned = addresses.first else { return .failure(FetchFailure("\(host) has no address")) }
        let policy = self.policy
        let accept: @Sendable (HTTPResponse) -> FetchFailure? = { head in
            if head.isRedirect || !(200..<300).contains(head.status) { return nil }
            if let length = head.header("content-length").flatMap({ Int($0) }), length > policy.maximumBytes {
                return FetchFailure(
                    "the page is \(PageSizeLimit.describe(length)); the limit is \(PageSizeLimit.describe(policy.maximumBytes))"
                )
            }
            return policy.refusal(ofContentType: head.header("content-type")).map(FetchFailure.init)
        }
        return await PinnedRequest(policy: policy, tlsConfiguration: tlsConfiguration, extraHeaders: headers).get(
            url, host: host, address: pinned, deadline: deadline, accept: accept)
    }

    /// The `charset` parameter of a Content-Type header.
    static func charset(in contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" {
                return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
            }
        }
        return nil
    }
}

/// What a server finally answered a ``PageFetcher/fetchAnswer(_:headers:)``: the status, the
/// header fields (names in lower case), the body of a 2xx answer and the address it came from.
public struct FetchedAnswer: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data
    public var url: URL
    public var declaredCharset: String?

    /// The first value of header `name` (any case).
    public func header(_ name: String) -> String? {
        let name = name.lowercased()
        return headers.first { $0.name == name }?.value
    }
}
