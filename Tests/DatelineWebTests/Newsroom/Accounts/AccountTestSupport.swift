import DatelineMail
import DatelineStore
import Foundation
import Testing

@testable import DatelineWeb

extension NewsroomTestSite {
    /// Takes every message waiting in the outbox, decoded as the queue would send it.
    func takeMail() async throws -> [OutgoingMail] {
        let stored = try await store.claimDueMail(
            now: Date().addingTimeInterval(86_400), leaseUntil: Date().addingTimeInterval(90_000), limit: 100)
        return try stored.map { try JSONDecoder().decode(OutgoingMail.self, from: $0.payload) }
    }

    /// The newsroom path of the one link to `prefix` in a message, its quoted-printable soft
    /// breaks undone.
    static func link(in mail: OutgoingMail, to prefix: String) throws -> String {
        let text = mail.content.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
        let origin = "https://news.example.test"
        let start = try #require(text.range(of: origin + prefix), "no link to \(prefix) in the message")
        let tail = text[start.upperBound...].prefix { !$0.isWhitespace }
        return prefix + tail
    }
}

extension Browser {
    /// The reader-side token the forms before sign-in carry.
    mutating func anonymousToken(from path: String) async throws -> String {
        let page = try await get(path)
        return try #require(page.formToken ?? cookies[ReaderCookies.csrfName])
    }
}
