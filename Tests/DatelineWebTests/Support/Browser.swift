import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

@testable import DatelineWeb

/// A tiny browser over a test client: it keeps cookies between requests the way a real one does
/// and can fill in the form token from the last page it loaded.
///
/// It starts as a returning reader who already holds a form-token cookie, so pages carry that
/// token and forms post it, as most tests want. A reader with no cookies gets shared, token-less
/// pages (see `CachePolicy`); tests of that first visit call ``forgetCookies()`` first.
struct Browser: Sendable {
    let client: any TestClientProtocol
    /// Cookie name → value, as the site last set them.
    private(set) var cookies: [String: String] = [:]

    init(client: any TestClientProtocol) {
        self.client = client
        cookies[ReaderCookies.csrfName] = CSRFToken.random().value
    }

    /// Drops every cookie, as a reader on their first visit.
    mutating func forgetCookies() { cookies = [:] }

    /// GETs `path`, sending and then updating cookies.
    @discardableResult
    mutating func get(_ path: String, headers extra: HTTPFields = [:]) async throws -> Page {
        try await send(path, method: .get, headers: extra, body: nil)
    }

    /// POSTs `fields` as a URL-encoded form.
    @discardableResult
    mutating func post(_ path: String, form fields: [(String, String)]) async throws -> Page {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// Sends any request; the building block of the others.
    @discardableResult
    mutating func send(_ path: String, method: HTTPRequest.Method, headers extra: HTTPFields = [:], body: ByteBuffer?)
        async throws -> Page
    {
        var headers = extra
        if !cookies.isEmpty, headers[.cookie] == nil {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: "; ")
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        for line in response.headers[values: .setCookie] { absorb(line) }
        return Page(response: response)
    }

    /// Sets a cookie by hand, as a returning reader (or an attacker) would send it.
    mutating func setCookie(_ name: String, _ value: String?) {
        cookies[name] = value
    }

    private mutating func absorb(_ setCookie: String) {
        let parts = setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let pair = parts.first, let equals = pair.firstIndex(of: "=") else { return }
        let name = String(pair[..<equals])
        let value = String(pair[pair.index(after: equals)...])
        if parts.contains(where: { $0.lowercased() == "max-age=0" }) || value.isEmpty {
            cookies[name] = nil
        } else {
            cookies[name] = value
        }
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A response as a test reads it.
struct Page: Sendable {
    let response: TestResponse

    var status: HTTPResponse.Status { response.status }
    var headers: HTTPFields { response.headers }
    var html: String { String(buffer: response.body) }

    /// The value of the first hidden `csrf_token` field on the page.
    var formToken: String? { hiddenValue(named: "csrf_token") }

    /// The value of the first hidden input called `name`.
    func hiddenValue(named name: String) -> String? {
        let marker = "name=\"\(name)\" value=\""
        guard let start = html.range(of: marker) else { return nil }
        let rest = html[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    /// Every `href` on the page, in order.
    var links: [String] {
        html.components(separatedBy: "href=\"").dropFirst().compactMap {
            $0.split(separator: "\"").first.map(String.init)
        }
    }

    /// The number of times `text` occurs in the page.
    func count(of text: String) -> Int { html.components(separatedBy: text).count - 1 }
}
