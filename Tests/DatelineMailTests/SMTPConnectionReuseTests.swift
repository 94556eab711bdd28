import Foundation
import Testing

@testable import DatelineMail

/// Kept SMTP connections, against the real test server (aiosmtpd), which numbers its connections
/// and reports what happened on each (``SMTPTestServer/events()``).
@Suite(.timeLimit(.minutes(5))) struct SMTPConnectionReuseTests {
    func client(_ server: SMTPTestServer, reuse: SMTPConnectionReuse = SMTPConnectionReuse()) throws -> SMTPClient {
        var configuration = try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)?timeout=10")
        configuration.connectionReuse = reuse
        return SMTPClient(configuration: configuration)
    }

    func message(_ number: Int, to recipient: String = "reader@example.org") throws -> MailMessage {
        try MailMessage(
            from: Mailbox("news@dateline.example"), to: [Mailbox(recipient)], subject: "Issue \(number)",
            body: "Message \(number)\n")
    }

    /// The Message-IDs the server accepted, and how often each.
    func acceptedIDs(_ server: SMTPTestServer) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for received in try server.messages() {
            counts[received.parsed.header("Message-ID") ?? "?", default: 0] += 1
        }
        return counts
    }

    @Test func deliveriesShareOneKeptConnectionAndShutdownEndsItWithQUIT() async throws {
        try await SMTPTestServer.with { server in
            let client = try client(server)
            for number in 1...5 { try await client.send(try message(number)) }
            let received = try await server.waitForMessages(5)
            #expect(received.count == 5)
            #expect(Set(received.map(\.connection)) == [1])
            #expect(received.map(\.transaction) == [1, 2, 3, 4, 5])
            #expect(await client.idleConnectionCount == 1)

            await client.shutdown()
            #expect(await client.idleConnectionCount == 0)
            let events = try await server.waitForEvents { $0.contains(.init(event: "quit", connection: 1)) }
            #expect(events.contains(.init(event: "quit", connection: 1)))
            #expect(events.filter { $0.event == "connect" }.count == 1)

            // After shutdown nothing is kept: a delivery opens its own connection and ends it.
            try await client.send(try message(6))
            #expect(try await server.waitForMessages(6).last?.connection == 2)
            #expect(await client.idleConnectionCount == 0)
            let ended = try await server.waitForEvents { $0.contains(.init(event: "quit", connection: 2)) }
            #expect(ended.contains(.init(event: "quit", connection: 2)))
        }
    }

    @Test func withReuseOffEveryMessageHasItsOwnConnection() async throws {
        try await SMTPTestServer.with { server in
            let client = try client(server, reuse: .disabled)
            for number in 1...3 { try await client.send(try message(number)) }
            let received = try await server.waitForMessages(3)
            #expect(received.map(\.connection) == [1, 2, 3])
            #expect(await client.idleConnectionCount == 0)
            let events = try await server.waitForEvents { $0.filter { $0.event == "quit" }.count == 3 }
            #expect(events.filter { $0.event == "quit" }.count == 3)
        }
    }

    @Test(arguments: ["close", "busy", "hang up"])
    func aConnectionTheServerEndedIsReplacedWithoutLosingOrRepeatingAMessage(_ how: String) async throws {
        var options = SMTPTestServer.Options()
        switch how {
        case "close": options.closeAfterMessages = 2  // closes after its reply, while the connection is idle
        case "busy": options.busyAfterMessages = 2  // the third MAIL FROM gets 421
        default: options.hangUpAfterMessages = 2  // the third MAIL FROM gets no reply at all
        }
        try await SMTPTestServer.with(options) { server in
            let client = try client(server)
            for number in 1...5 { try await client.send(try message(number)) }
            let received = try await server.waitForMessages(5)
            #expect(received.count == 5)
            #expect(try acceptedIDs(server).values.allSatisfy { $0 == 1 })
            #expect(received.map(\.connection) == [1, 1, 2, 2, 3])
            if how != "close" {
                let events = try server.events()
                let fault = how == "busy" ? "busy" : "hang_up"
                // The server really refused a kept connection twice, and the client started over each time.
                #expect(events.filter { $0.event == fault }.map(\.connection) == [1, 2])
            }
        }
    }

    @Test func aConnectionLostAfterTheFinalDotIsReportedNotResent() async throws {
        var options = SMTPTestServer.Options()
        options.dropAfterDot = [2]
        try await SMTPTestServer.with(options) { server in
            let client = try client(server)
            try await client.send(try message(1))
            #expect(await client.idleConnectionCount == 1)
            await #expect {
                try await client.send(try message(2))
            } throws: { error in
                guard let error = error as? MailError, error.isTransient, let failure = error.smtpFailure else {
                    return false
                }
                // No reply after the final dot: the client says the server may have it (it does).
                return failure.stage == .data && failure.replyCode == nil && error.serverMayHaveMessage
                    && error.description.contains("may have the message")
            }
            // The server has the message once; the client did not quietly send it again.
            let received = try server.messages()
            #expect(received.map { $0.parsed.header("Subject") } == ["Issue 1", "Issue 2"])
            #expect(received.map(\.connection) == [1, 1])
            #expect(try server.events().filter { $0.event == "connect" }.count == 1)
            #expect(await client.idleConnectionCount == 0)

            // The next delivery opens a new connection.
            try await client.send(try message(3))
            #expect(try await server.waitForMessages(3).last?.connection == 2)
        }
    }

    @Test func aConnectionCarriesAtMostTheGivenNumberOfMessages() async throws {
        try await SMTPTestServer.with { server in
            let client = try client(server, reuse: SMTPConnectionReuse(maximumTransactions: 3))
            for number in 1...7 { try await client.send(try message(number)) }
            let received = try await server.waitForMessages(7)
            #expect(received.map(\.connection) == [1, 1, 1, 2, 2, 2, 3])
            let events = try await server.waitForEvents {
                $0.contains(.init(event: "quit", connection: 1)) && $0.contains(.init(event: "quit", connection: 2))
            }
            #expect(events.contains(.init(event: "quit", connection: 1)))
            #expect(events.contains(.init(event: "quit", connection: 2)))
            #expect(!events.contains(.init(event: "quit", connection: 3)))
            #expect(await client.idleConnectionCount == 1)
            await client.shutdown()
        }
    }

    @Test func anIdleConnectionIsEndedAfterTheIdleTimeOut() async throws {
        try await SMTPTestServer.with { server in
            let client = try client(server, reuse: SMTPConnectionReuse(idleTimeout: .milliseconds(300)))
            let start = ContinuousClock.now
            try await client.send(try message(1))
            let events = try await server.waitForEvents { $0.contains(.init(event: "quit", connection: 1)) }
            #expect(events.contains(.init(event: "quit", connection: 1)))
            #expect(ContinuousClock.now - start >= .milliseconds(300))
            #expect(await client.idleConnectionCount == 0)

            try await client.send(try message(2))
            #expect(try await server.waitForMessages(2).map(\.connection) == [1, 2])
            await client.shutdown()
        }
    }

    @Test func aRefusedTransactionIsResetAndTheConnectionKept() async throws {
        var options = SMTPTestServer.Options()
        options.refuse = ["nobody@example.org"]
        try await SMTPTestServer.with(options) { server in
            let client = try client(server)
            await #expect(throws: MailError.self) {
                try await client.send(try message(1, to: "nobody@example.org"))
            }
            #expect(
                try await server.waitForEvents { $0.contains(.init(event: "rset", connection: 1)) }
                    .contains(.init(event: "rset", connection: 1)))
            #expect(await client.idleConnectionCount == 1)
            try await client.send(try message(2))
            let received = try await server.waitForMessages(1)
            #expect(received.map(\.connection) == [1])
            #expect(received.map(\.transaction) == [1])
            await client.shutdown()
        }
    }

    @Test func theQueueNeverRunsTwoTransactionsOnOneConnectionAtOnce() async throws {
        var options = SMTPTestServer.Options()
        options.dataDelay = 0.02  // so that deliveries overlap
        try await SMTPTestServer.with(options) { server in
            let client = try client(server, reuse: SMTPConnectionReuse(maximumIdle: 4))
            let outbox = MemoryMailOutbox()
            let queue = MailQueue(
                outbox: outbox, transport: client, policy: MailRetryPolicy(concurrency: 4, domainConcurrency: 4))
            let count = 40
            for number in 1...count {
                try await queue.enqueue(try message(number, to: "reader\(number)@example.org"))
            }
            let summary = await queue.processDueMail()
            #expect(summary.sent == count)
            let received = try await server.waitForMessages(count)
            #expect(received.count == count)
            #expect(try acceptedIDs(server).count == count)
            #expect(try acceptedIDs(server).values.allSatisfy { $0 == 1 })
            let connections = Set(received.map(\.connection))
            #expect(connections.count <= 4)
            #expect(connections.count > 1, "the deliveries did not overlap at all")
            // Each connection's messages arrived one transaction after the other.
            for connection in connections {
                let numbers = received.filter { $0.connection == connection }.map(\.transaction)
                #expect(numbers == Array(1...numbers.count))
            }
            #expect(try server.events().filter { $0.event == "nested_mail" }.isEmpty)
            await client.shutdown()
        }
    }
}
