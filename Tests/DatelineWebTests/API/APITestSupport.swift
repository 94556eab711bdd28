import DatelineCore
import Foundation
import GRDB
import HTTPTypes
import NIOCore
import Testing

@testable import DatelineStore
@testable import DatelineWeb

extension NewsroomTestSite {
    /// A fresh API token for `user`, stored as the newsroom page would store it.
    func token(for user: User, name: String = "tests") async throws -> String {
        let secret = APITokenSecret.random()
        _ = try await store.createAPIToken(
            userID: user.id, name: name, digest: secret.digest, prefix: secret.prefix, at: clock.now)
        return secret.value
    }
}

extension Browser {
    /// An API request with an optional bearer token and JSON body (raw text, so tests can send
    /// malformed JSON too).
    mutating func api(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: String? = nil,
        contentType: String = "application/json", headers extra: HTTPFields = [:]
    ) async throws -> Page {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = contentType }
        return try await send(path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension Page {
    /// The body as a JSON object (failing the test when it is not one).
    func json() throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(html.utf8))
        return try #require(value as? [String: Any], "expected a JSON object, got \(html.prefix(200))")
    }

    /// `error.code` of a JSON error document.
    func errorCode() throws -> String? {
        (try json()["error"] as? [String: Any])?["code"] as? String
    }

    /// `error.fields` of a JSON error document.
    func errorFields() throws -> [String: String] {
        (try json()["error"] as? [String: Any])?["fields"] as? [String: String] ?? [:]
    }

    var isJSON: Bool { headers[.contentType]?.hasPrefix("application/json") ?? false }
}

/// A story body for the admin API.
func storyJSON(
    headline: String = "Harbour bridge opens", section: String = "World", body: [String] = ["First paragraph."],
    extra: [String: Any] = [:]
) -> String {
    var object: [String: Any] = ["headline": headline, "section": section, "body": body]
    object.merge(extra) { _, new in new }
    let data = try! JSONSerialization.data(withJSONObject: object)
    return String(decoding: data, as: UTF8.self)
}

extension NewsroomTestSite {
    /// Removes an account as an operator would, straight from the database (there is no route for it).
    func deleteAccount(_ id: Int64) async throws {
        try await store.pool.write { db in
            try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [id])
        }
    }
}
