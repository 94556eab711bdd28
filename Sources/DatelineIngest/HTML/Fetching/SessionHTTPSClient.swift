import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches one `https://` response through URLSession, following no redirects itself (the fetcher
/// checks every hop), stopping as soon as the head is refused or the body grows past the limit.
///
/// URLSession resolves the host again on its own, so the address it connects to is not the one the
/// fetcher checked: a DNS server that answers differently within that moment (DNS rebinding) could
/// steer it elsewhere. The plain-HTTP path connects to the checked address and has no such gap.
struct SessionHTTPSClient {
    var policy: FetchPolicy

    func get(_ url: URL, deadline: ContinuousClock.Instant, accept: @escaping @Sendable (HTTPResponse) -> FetchFailure?)
        async -> Result<HTTPResponse, FetchFailure>
    {
        let remaining = deadline - ContinuousClock.now
        let seconds = Double(remaining.components.seconds) + Double(remaining.components.attoseconds) / 1e18
        guard seconds > 0 else { return .failure(FetchFailure("the fetch timed out")) }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = seconds
        configuration.timeoutIntervalForResource = seconds
        configuration.httpAdditionalHeaders = [
            "User-Agent": "Dateline/1.0 (news import)", "Accept": "text/html,application/xhtml+xml;q=0.9",
        ]
        let delegate = SessionDelegate(limit: policy.maximumBytes, accept: accept)
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return await withCheckedContinuation { continuation in
            delegate.start(session.dataTask(with: url), continuation: continuation)
        }
    }
}

/// URLSession's delegate for one fetch.
///
/// `@unchecked Sendable` is safe: URLSession calls the delegate on its own serial queue, every
/// mutable field lives inside the `Mutex`, and the continuation is resumed exactly once (the
/// `Mutex` hands it out once and clears it).
private final class SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result<HTTPResponse, FetchFailure>, Never>?
        var response = HTTPResponse(status: 0, headers: [], body: Data())
        var failure: FetchFailure?
    }

    private let limit: Int
    private let accept: @Sendable (HTTPResponse) -> FetchFailure?
    private let state = Mutex(State())

    init(limit: Int, accept: @escaping @Sendable (HTTPResponse) -> FetchFailure?) {
        self.limit = limit
        self.accept = accept
    }

    func start(_ task: URLSessionDataTask, continuation: CheckedContinuation<Result<HTTPResponse, FetchFailure>, Never>)
    {
        state.withLock { $0.continuation = continuation }
        task.resume()
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        // The fetcher follows redirects itself, after checking where they lead.
        completionHandler(nil)
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        guard let http = response as? HTTPURLResponse else {
            state.withLock { $0.failure = FetchFailure("the server's answer is not HTTP") }
            completionHandler(.cancel)
            return
        }
        var head = HTTPResponse(status: http.statusCode, headers: [], body: Data())
        for (name, value) in http.allHeaderFields {
            head.headers.append((String(describing: name).lowercased(), String(describing: value)))
        }
        let refusal = accept(head)
        state.withLock {
            $0.response = head
            $0.failure = refusal
        }
        completionHandler(refusal == nil ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let tooLarge = state.withLock { state -> Bool in
            state.response.body.append(data)
            guard state.response.body.count > limit else { return false }
            state.failure = FetchFailure(
                "the page is larger than \(PageSizeLimit.describe(limit)); the download was stopped")
            return true
        }
        if tooLarge { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, result) = state.withLock { state in
            let continuation = state.continuation
            state.continuation = nil
            let result: Result<HTTPResponse, FetchFailure>
            if let failure = state.failure {
                result = .failure(failure)
            } else if let error, state.response.status == 0 || !state.response.isRedirect {
                result = .failure(FetchFailure("the request failed: \(error.localizedDescription)"))
            } else {
                result = .success(state.response)
            }
            return (continuation, result)
        }
        continuation?.resume(returning: result)
    }
}
