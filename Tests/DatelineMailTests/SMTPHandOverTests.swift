import Foundation
import Testing

@testable import DatelineMail

/// The hand-over moment (``MailTransport/deliver(_:handOver:)``) against the real test server
/// (aiosmtpd): it comes after the whole text and before the `.` that ends it, so a sender that stops
/// there leaves the server without the message.
@Suite(.timeLimit(.minutes(5))) struct SMTPHandOverTests {
    func message(_ number: Int) throws -> MailMessage {
        try MailMessage(
            from: Mailbox("news@dateline.example"), to: [Mailbox("reader@example.org")], subject: "Issue \(number)",
            body: String(repeating: "A line of the issue, long enough to need more than one write.\n", count: 2_000))
    }

    /// What the hand-over saw, kept for the test to read afterwards.
    actor Seen {
        var calls = 0
        var messagesAtHandOver: [Int] = []
        func record(_ count: Int) {
            calls += 1
            messagesAtHandOver.append(count)
        }
    }

    @Test func handOverRunsOnceBeforeTheServerHasTheMessage() async throws {
        try await SMTPTestServer.with { server in
            let client = SMTPClient(
                configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)?timeout=10"))
            let seen = Seen()
            // The server writes one JSON line per message it took, when it reads the final dot.
            let output = server.outputFile
            for number in 1...2 {
                let report = try await client.deliver(
                    OutgoingMail(try message(number)),
                    handOver: MailHandOver {
                        let lines = ((try? String(contentsOf: output, encoding: .utf8)) ?? "")
                            .split(separator: "\n").count
                        await seen.record(lines)
                    })
                #expect(report.accepted.map(\.string) == ["reader@example.org"])
                // The server records a message when it reads the final dot; it has it by the 250.
                #expect(try server.messages().count == number)
            }
            #expect(await seen.calls == 2)
            #expect(
                await seen.messagesAtHandOver == [0, 1], "at the hand-over the server did not yet have the message")
            await client.shutdown()
        }
    }

    @Test func aFailedHandOverEndsTheConnectionWithoutTheFinalDot() async throws {
        struct CannotRecord: Error {}
        try await SMTPTestServer.with { server in
            let client = SMTPClient(
                configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)?timeout=10"))
            let first = try message(1)
            await #expect {
                try await client.deliver(OutgoingMail(first), handOver: MailHandOver { throw CannotRecord() })
            } throws: { error in
                guard let error = error as? MailError, error.isTransient, let failure = error.smtpFailure else {
                    return false
                }
                return failure.stage == .data && failure.explanation.contains("not sent")
                    && !failure.serverMayHaveMessage
            }
            // The server saw the connection end in the middle of the text, and kept nothing of it.
            let events = try await server.waitForEvents { $0.contains(.init(event: "lost", connection: 1)) }
            #expect(events.contains(.init(event: "lost", connection: 1)))
            #expect(await client.idleConnectionCount == 0, "a half-sent connection is never kept")

            // The next message goes out on a new connection; the first never arrives.
            let second = try message(2)
            try await client.deliver(OutgoingMail(second), handOver: .none)
            let received = try await server.waitForMessages(1)
            #expect(received.map { $0.parsed.header("Message-ID") } == [second.messageID])
            #expect(received.first?.connection == 2)
            await client.shutdown()
        }
    }
}
