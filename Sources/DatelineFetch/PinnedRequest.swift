import AsyncHTTPClient
import DatelineIngest
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One `GET` through async-http-client that connects to the very address the fetcher checked,
/// for `http` and `https` alike, while the request keeps the host's name: the `Host` header, TLS
/// SNI and certificate verification all use the name, only the connection goes to the address.
///
/// The pinning is the client's DNS override (host name → checked address). That override belongs
/// to a client's configuration, not to a request, so each request gets a client of its own; the
/// clients share NIO's process-wide event loops, so this costs no threads, and each client is shut
/// down before ``get(_:host:address:deadline:accept:)`` returns. The client follows no redirects:
/// the fetcher checks where each one leads before it asks again.
struct PinnedRequest: Sendable {
    /// The limits the request runs under (the size cap is applied here).
    var policy: FetchPolicy
    /// Trust settings for `https`; nil for the system's trust roots (tests pass their own).
    var tlsConfiguration: TLSConfiguration?
    /// Header fields sent besides the usual ones (a feed's `Accept`, `If-None-Match`,
    /// `If-Modified-Since`); a field named here replaces the usual field of that name.
    var extraHeaders: [(name: String, value: String)] = []

    /// GETs `url` (whose host is `host`) from `address` before `deadline`; the body is read only
    /// when `accept` approves the head, and only up to the policy's size cap.
    func get(
        _ url: URL, host: String, address: IPAddress, deadline: ContinuousClock.Instant,
        accept: @escaping @Sendable (HTTPResponse) -> FetchFailure?
    ) async -> Result<HTTPResponse, FetchFailure> {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { return .failure(tooLong) }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tlsConfiguration, redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(remaining)), decompression: .disabled)
        if IPAddress(host) == nil { configuration.dnsOverride = [host: address.description] }
        // One attempt: retrying a refused connection or a failed certificate check until the deadline
        // would only hide why the page could not be fetched.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        let limit = policy.maximumBytes
        let failure = { @Sendable (error: any Error) in self.failure(error, host: host, address: address, port: port) }
        let extraHeaders = self.extraHeaders
        // The client's own deadline covers the wait for the head; this race also covers the body.
        let result = await withTaskGroup(of: Result<HTTPResponse, FetchFailure>?.self) { group in
            group.addTask {
                await Self.exchange(
                    url, client: client, deadline: .now() + TimeAmount(remaining), limit: limit,
                    extraHeaders: extraHeaders, accept: accept, failure: failure)
            }
            group.addTask {
                guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else {
                    return .failure(FetchFailure("the fetch was cancelled"))
                }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(tooLong)
        }
        // Shutting down cancels whatever is still open (a body left unread on purpose, say).
        try? await client.shutdown()
        return result
    }

    /// Sends the request and reads the answer, stopping as soon as it is refused or too large.
    private static func exchange(
        _ url: URL, client: HTTPClient, deadline: NIODeadline, limit: Int,
        extraHeaders: [(name: String, value: String)],
        accept: @Sendable (HTTPResponse) -> FetchFailure?, failure: @Sendable (any Error) -> FetchFailure
    ) async -> Result<HTTPResponse, FetchFailure> {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "Dateline/1.0 (news import)")
        request.headers.add(name: "Accept", value: "text/html,application/xhtml+xml;q=0.9")
        // A gzip body is kept as sent: the HTML reader inflates it under its own size cap.
        request.headers.add(name: "Accept-Encoding", value: "gzip, identity")
        for header in extraHeaders { request.headers.replaceOrAdd(name: header.name, value: header.value) }
        do {
            let answer = try await client.execute(request, deadline: deadline)
            var response = HTTPResponse(
                status: Int(answer.status.code), headers: answer.headers.map { ($0.name.lowercased(), $0.value) },
                body: Data())
            if let refusal = accept(response) { return .failure(refusal) }
            if response.isRedirect { return .success(response) }
            for try await part in answer.body {
                guard response.body.count + part.readableBytes <= limit else {
                    return .failure(
                        FetchFailure(
                            "the page is larger than \(PageSizeLimit.describe(limit)); the download was stopped"))
                }
                response.body.append(contentsOf: part.readableBytesView)
            }
            return .success(response)
        } catch {
            return .failure(failure(error))
        }
    }

    /// The failure for a fetch that ran out of time.
    private var tooLong: FetchFailure {
        FetchFailure("the server took too long to answer (the whole fetch may take \(policy.timeout))")
    }

    /// A message for an error from the client or the network.
    private func failure(_ error: any Error, host: String, address: IPAddress, port: Int) -> FetchFailure {
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .deadlineExceeded, .connectTimeout, .readTimeout, .tlsHandshakeTimeout,
                .getConnectionFromPoolTimeout:
                return tooLong
            case .remoteConnectionClosed:
                return FetchFailure("\(host) (\(address)) closed the connection before the answer was complete")
            case .cancelled:
                return FetchFailure("the fetch was cancelled")
            default:
                return FetchFailure("the request to \(host) (\(address)) failed: \(clientError)")
            }
        }
        if error is CancellationError { return FetchFailure("the fetch was cancelled") }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            return FetchFailure(
                "no secure connection to \(host) (\(address) port \(port)): \(error); the site's certificate "
                    + "must be valid for \(host)")
        }
        return FetchFailure("cannot fetch from \(host) (\(address) port \(port)): \(error)")
    }
}
