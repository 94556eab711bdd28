import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail to one SMTP server, with STARTTLS or implicit TLS, AUTH PLAIN or LOGIN, and a time-out
/// on every step. Failures come back as ``MailError`` values that say whether a retry can help.
///
/// Connections are kept for reuse as ``SMTPConfiguration/connectionReuse`` says: after a transaction
/// the connection waits, already greeted, upgraded and authenticated, and the next delivery starts
/// on it at MAIL FROM. A kept connection the server has closed meanwhile (or that answers 421) is
/// dropped and the delivery starts over on a new one, but only while nothing of the message has
/// been sent: once the message text is on its way, a lost connection is reported like any other
/// failure, because the server may have taken the message and only the queue can decide whether
/// to risk sending it twice. Copies of a client share its idle connections; call ``shutdown(timeout:)``
/// when it is no longer needed.
public struct SMTPClient: MailTransport {
    /// Where and how to connect.
    public let configuration: SMTPConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let pool: SMTPConnectionPool

    /// A client for `configuration`, using `eventLoopGroup` for its connections.
    public init(
        configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "dateline.mail.smtp")
    ) {
        self.configuration = configuration
        self.group = eventLoopGroup
        var logger = logger
        logger[metadataKey: "smtp.server"] = "\(configuration.server)"
        self.logger = logger
        self.pool = SMTPConnectionPool(
            reuse: configuration.connectionReuse, quitTimeout: min(configuration.timeouts.command, .seconds(5)))
    }

    /// Renders and delivers `message` to every recipient in To and Cc.
    @discardableResult
    public func send(_ message: MailMessage) async throws(MailError) -> MailDeliveryReport {
        try await deliver(OutgoingMail(message))
    }

    /// Delivers `mail` in one SMTP transaction, on a kept connection when there is one. Throws when
    /// no recipient was accepted or the server refused the message; recipients refused while others
    /// were accepted are listed in the report.
    public func deliver(_ mail: OutgoingMail) async throws(MailError) -> MailDeliveryReport {
        try await deliver(mail, handOver: .none)
    }

    /// Delivers `mail` as ``deliver(_:)`` does, running `handOver` when the whole message text has
    /// been written but not the `.` line that ends it: until the server reads that line it discards
    /// the message if the connection ends, so `handOver` marks the last moment at which this sender
    /// stopping means the message was certainly not delivered. When `handOver` fails, the connection
    /// is closed without the final `.` and nothing is delivered.
    public func deliver(_ mail: OutgoingMail, handOver: MailHandOver) async throws(MailError) -> MailDeliveryReport {
        if let session = await pool.take() {
            var conversation = Conversation(client: self, session: session)
            do {
                let report = try await conversation.transact(mail, handOver: handOver)
                await keepOrEnd(conversation.session)
                logDelivery(mail, report, reused: true)
                return report
            } catch {
                guard conversation.canStartOver(after: error) else {
                    throw await fail(mail, conversation: &conversation, error: error)
                }
                await conversation.close()
                logger.debug(
                    "a kept connection was lost before the message was sent; starting again on a new one",
                    metadata: [
                        "mail.message_id": "\(mail.messageID)", "error": "\(conversation.mailError(for: error))",
                    ])
            }
        }
        var conversation = Conversation(client: self)
        do {
            try await conversation.open(id: pool.makeID())
            let report = try await conversation.transact(mail, handOver: handOver)
            await keepOrEnd(conversation.session)
            logDelivery(mail, report, reused: false)
            return report
        } catch {
            throw await fail(mail, conversation: &conversation, error: error)
        }
    }

    /// Ends the kept connections with QUIT, waiting at most `timeout` for the server's replies, and
    /// keeps no more afterwards (deliveries still work, each on its own connection).
    public func shutdown(timeout: Duration = .seconds(2)) async {
        let sessions = await pool.drain()
        guard !sessions.isEmpty else { return }
        let limit = min(timeout, configuration.timeouts.command)
        await withTaskGroup(of: Void.self) { group in
            for session in sessions { group.addTask { await session.quit(timeout: limit) } }
        }
        logger.debug("closed kept SMTP connections", metadata: ["smtp.connections": "\(sessions.count)"])
    }

    /// How many connections are kept idle right now (for tests and diagnostics).
    var idleConnectionCount: Int {
        get async { await pool.idleCount }
    }

    /// After a transaction that left the connection usable: back to the idle set, or QUIT when it
    /// may not be kept.
    private func keepOrEnd(_ session: SMTPSession?) async {
        guard let session else { return }
        if await pool.put(session) { return }
        await session.quit(timeout: min(configuration.timeouts.command, .seconds(5)))
    }

    /// Ends the conversation after `error` (keeping the connection when the failure left it usable)
    /// and returns the ``MailError`` to throw.
    private func fail(_ mail: OutgoingMail, conversation: inout Conversation, error: any Error) async -> MailError {
        let failure = conversation.mailError(for: error)
        if await conversation.resetIfReusable(after: error) {
            await keepOrEnd(conversation.session)
        } else {
            await conversation.close()
        }
        // The caller (usually MailQueue) decides whether this is worth a warning, so only debug here.
        logger.debug("delivery failed", metadata: ["mail.message_id": "\(mail.messageID)", "error": "\(failure)"])
        return failure
    }

    private func logDelivery(_ mail: OutgoingMail, _ report: MailDeliveryReport, reused: Bool) {
        logger.info(
            "delivered message",
            metadata: [
                "mail.message_id": "\(mail.messageID)", "mail.accepted": "\(report.accepted.count)",
                "mail.refused": "\(report.refused.count)", "smtp.reused_connection": "\(reused)",
            ])
    }

    /// One delivery's conversation: the session (connection and what the server offers) and the
    /// step it has reached.
    private struct Conversation {
        let client: SMTPClient
        var session: SMTPSession?
        var stage = SMTPStage.connect
        /// Whether any of the message text has been written: from then on the server may have it.
        var textSent = false
        /// Whether the final `.` of the current transaction's message was written: a failure without
        /// a reply after that leaves it unknown whether the server took the message.
        var endSent = false
        /// Whether this conversation started on a kept connection.
        let startedReused: Bool

        init(client: SMTPClient, session: SMTPSession? = nil) {
            self.client = client
            self.session = session
            self.startedReused = session != nil
        }

        var configuration: SMTPConfiguration { client.configuration }
        var timeouts: SMTPTimeouts { client.configuration.timeouts }
        var isEncrypted: Bool { session?.isEncrypted ?? false }

        /// Connects, reads the greeting, says EHLO, upgrades to TLS and authenticates as configured.
        mutating func open(id: Int) async throws {
            let tls = try makeTLSContext()
            stage = .connect
            let connection = try await SMTPConnection.open(
                configuration, tls: configuration.security == .implicitTLS ? tls : nil, group: client.group)
            session = SMTPSession(
                id: id, connection: connection, extensions: [:], isEncrypted: configuration.security == .implicitTLS)
            // A kept connection the server closes while it waits leaves the idle set at once.
            let pool = client.pool
            connection.channel.closeFuture.whenComplete { _ in
                Task { _ = await pool.remove(id) }
            }

            stage = .greeting
            try expect(await connection.exchange(nil, timeout: timeouts.greeting), 220)
            try await hello(connection)

            switch configuration.security {
            case .startTLS, .opportunisticStartTLS:
                if session?.extensions["STARTTLS"] != nil, let tls {
                    stage = .startTLS
                    let upgrade = SMTPTLSUpgrade(context: tls, serverHostname: configuration.tlsServerHostname)
                    try expect(
                        await connection.exchange("STARTTLS", timeout: timeouts.command, tlsUpgrade: upgrade), 220)
                    session?.isEncrypted = true
                    try await hello(connection)
                } else if configuration.security == .startTLS {
                    throw Refusal.permanent(
                        stage: .startTLS,
                        "the server does not offer STARTTLS, which smtp+starttls:// requires; use smtps:// if it expects TLS from the start, or smtp:// to send without encryption"
                    )
                }
            case .none, .implicitTLS:
                break
            }

            if let credentials = configuration.credentials {
                try await authenticate(connection, credentials)
            }
        }

        /// One mail transaction on the open session: MAIL FROM, RCPT TO for each recipient, DATA,
        /// the text, `handOver`, and the final `.`.
        mutating func transact(_ mail: OutgoingMail, handOver: MailHandOver) async throws -> MailDeliveryReport {
            guard let connection = session?.connection, let extensions = session?.extensions else {
                throw SMTPConnectionError.closed
            }
            stage = .mailFrom
            textSent = false
            endSent = false
            session?.transactions += 1
            var mailFrom = "MAIL FROM:<\(mail.sender.string)>"
            if !mail.content.utf8.allSatisfy({ $0 < 0x80 }), extensions["8BITMIME"] != nil {
                mailFrom += " BODY=8BITMIME"
            }
            if extensions["SIZE"] != nil { mailFrom += " SIZE=\(mail.content.utf8.count)" }
            try expect(await connection.exchange(mailFrom, timeout: timeouts.command), 250)

            stage = .recipient
            var accepted: [EmailAddress] = []
            var refused: [MailDeliveryReport.RefusedRecipient] = []
            for recipient in mail.recipients {
                let reply = try await connection.exchange("RCPT TO:<\(recipient.string)>", timeout: timeouts.command)
                if reply.code == 421 { throw Refusal.reply(stage: stage, reply) }
                if reply.isPositive {
                    accepted.append(recipient)
                } else {
                    refused.append(.init(address: recipient, replyCode: reply.code, serverMessage: reply.text))
                }
            }
            guard !accepted.isEmpty else { throw Refusal.allRecipientsRefused(refused) }

            stage = .data
            try expect(await connection.exchange("DATA", timeout: timeouts.command), 354)
            textSent = true
            var text = SMTPMessageText.encode(mail.content)
            let end = Array(text.suffix(SMTPMessageText.terminator.count))
            text.removeLast(end.count)
            connection.write(text)
            // From the hand-over's record to the final `.` on the socket, a sender that stops loses
            // the message (the record says the server may have it). The database's reply resumes
            // this code on the thread that delivered it, without waiting for a free thread in the
            // shared pool, so that moment lasts only as long as the write.
            let server = configuration.server
            let timeout = timeouts.dataEnd
            let written: EventLoopFuture<Void>
            let reply: EventLoopFuture<SMTPReply>
            do {
                (written, reply) = try await withTaskExecutorPreference(ImmediateTaskExecutor.shared) {
                    () async throws(MailError) -> (EventLoopFuture<Void>, EventLoopFuture<SMTPReply>) in
                    try await handOver.run(server: server, stage: .data)
                    return connection.startMessageText(end, timeout: timeout)
                }
            } catch {
                throw HandOverFailure(error: error)
            }
            // Only once the `.` is on the socket may the server have the message; a connection that
            // had failed before (the server gone in the middle of the text) certainly does not.
            if (try? await written.get()) != nil { endSent = true }
            let final = try await reply.get()
            try expect(final, 250)
            return MailDeliveryReport(accepted: accepted, refused: refused, serverReply: final.text)
        }

        /// Whether the delivery may start over on a new connection after `error`: only when this
        /// conversation began on a kept connection, none of the message text was sent, and the
        /// failure says the connection is gone (closed, reset, 421, or silence in reply to the first
        /// command, which is how a connection a firewall forgot behaves).
        func canStartOver(after error: any Error) -> Bool {
            guard startedReused, !textSent else { return false }
            switch error {
            case Refusal.reply(_, let reply):
                return reply.code == 421
            case SMTPConnectionError.closed:
                return true
            case SMTPConnectionError.timedOut:
                return stage == .mailFrom
            case SMTPConnectionError.channel(let underlying):
                guard let io = underlying as? IOError else { return false }
                return io.errnoCode == ECONNRESET || io.errnoCode == EPIPE
            default:
                return false
            }
        }

        /// After a refusal inside the transaction, makes the connection ready for the next one: the
        /// server has ended the transaction itself after its reply to the message text, and RSET
        /// ends it after a refused MAIL FROM, RCPT TO or DATA. True when the connection may be kept.
        mutating func resetIfReusable(after error: any Error) async -> Bool {
            guard let connection = session?.connection else { return false }
            switch error {
            case Refusal.reply(let stage, let reply) where reply.code != 421:
                guard [.mailFrom, .recipient, .data].contains(stage) else { return false }
                if textSent { return true }
            case Refusal.allRecipientsRefused:
                break
            default:
                return false
            }
            guard let reply = try? await connection.exchange("RSET", timeout: timeouts.command) else { return false }
            return reply.code == 250
        }

        mutating func close() async {
            await session?.connection.close()
            session = nil
        }

        private func makeTLSContext() throws -> NIOSSLContext? {
            guard configuration.security != .none else { return nil }
            var tls = TLSConfiguration.makeClientConfiguration()
            if !configuration.verifiesCertificates { tls.certificateVerification = .none }
            do {
                return try NIOSSLContext(configuration: tls)
            } catch {
                throw Refusal.permanent(stage: .tlsHandshake, "could not set up TLS on this machine: \(error)")
            }
        }

        /// EHLO, falling back to HELO for servers that do not know it; records the offered extensions.
        private mutating func hello(_ connection: SMTPConnection) async throws {
            stage = .hello
            let reply = try await connection.exchange("EHLO \(configuration.heloName)", timeout: timeouts.command)
            if reply.isPositive {
                var extensions: [String: String] = [:]
                for line in reply.lines.dropFirst() {
                    let parts = line.split(separator: " ", maxSplits: 1)
                    guard let keyword = parts.first else { continue }
                    extensions[keyword.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
                }
                session?.extensions = extensions
                return
            }
            guard [500, 501, 502, 504, 550].contains(reply.code) else {
                throw Refusal.reply(stage: stage, reply)
            }
            session?.extensions = [:]
            try expect(await connection.exchange("HELO \(configuration.heloName)", timeout: timeouts.command), 250)
        }

        private mutating func authenticate(_ connection: SMTPConnection, _ credentials: SMTPCredentials) async throws {
            stage = .authentication
            let offered = Set(
                (session?.extensions["AUTH"] ?? "").uppercased().split(separator: " ").map(String.init))
            guard !offered.isEmpty else {
                let hint =
                    isEncrypted
                    ? "remove the user name and password from the URL if the server needs none"
                    : "it may offer AUTH only after STARTTLS: use smtp+starttls:// (or smtps://)"
                throw Refusal.permanent(
                    stage: stage, "credentials are configured but the server does not offer AUTH; \(hint)")
            }
            if !isEncrypted {
                client.logger.warning(
                    "sending SMTP credentials without TLS; use smtp+starttls:// or smtps:// outside tests")
            }
            if offered.contains("PLAIN") {
                let token = Data([0] + Array(credentials.username.utf8) + [0] + Array(credentials.password.utf8))
                    .base64EncodedString()
                try expect(await connection.exchange("AUTH PLAIN \(token)", timeout: timeouts.command), 235)
            } else if offered.contains("LOGIN") {
                try expect(await connection.exchange("AUTH LOGIN", timeout: timeouts.command), 334)
                let user = Data(credentials.username.utf8).base64EncodedString()
                try expect(await connection.exchange(user, timeout: timeouts.command), 334)
                let password = Data(credentials.password.utf8).base64EncodedString()
                try expect(await connection.exchange(password, timeout: timeouts.command), 235)
            } else {
                throw Refusal.permanent(
                    stage: stage,
                    "the server offers AUTH \(offered.sorted().joined(separator: " ")), but this client speaks only PLAIN and LOGIN"
                )
            }
        }

        private func expect(_ reply: SMTPReply, _ code: Int) throws {
            guard reply.code == code || (code == 250 && reply.isPositive) else {
                throw Refusal.reply(stage: stage, reply)
            }
        }

        /// The ``MailError`` for whatever ended the conversation.
        func mailError(for error: any Error) -> MailError {
            let mapped = mappedError(for: error)
            guard endSent, case .transient(var failure) = mapped, failure.replyCode == nil else { return mapped }
            failure.serverMayHaveMessage = true
            return .transient(failure)
        }

        private func mappedError(for error: any Error) -> MailError {
            let server = configuration.server
            switch error {
            case let refusal as Refusal:
                return refusal.mailError(server: server)
            case let failure as HandOverFailure:
                return failure.error
            case let error as SMTPConnectionError:
                return connectionError(error)
            case let error as ChannelError:
                if case .connectTimeout = error {
                    return .transient(
                        SMTPFailure(
                            server: server, stage: .connect,
                            explanation:
                                "no connection within \(timeouts.connect); check the host and port, and that a firewall lets the connection through"
                        ))
                }
                return .transient(SMTPFailure(server: server, stage: stage, explanation: "connection error: \(error)"))
            case let error as NIOConnectionError:
                if let dns = error.dnsAError ?? error.dnsAAAAError, error.connectionErrors.isEmpty {
                    return .transient(
                        SMTPFailure(
                            server: server, stage: .connect,
                            explanation:
                                "could not look up the host name \(configuration.host) (\(dns)); check the host in DATELINE_SMTP_URL"
                        ))
                }
                if let first = error.connectionErrors.first?.error {
                    return ioFailure(first, stage: .connect)
                }
                return .transient(
                    SMTPFailure(server: server, stage: .connect, explanation: "could not connect: \(error)"))
            default:
                return ioFailure(error, stage: stage)
            }
        }

        private func connectionError(_ error: SMTPConnectionError) -> MailError {
            let server = configuration.server
            switch error {
            case .timedOut:
                return .transient(
                    SMTPFailure(
                        server: server, stage: stage,
                        explanation:
                            "the server did not answer in time; it may be overloaded, or it expects TLS (smtps://) on this port"
                    ))
            case .closed:
                return .transient(
                    SMTPFailure(server: server, stage: stage, explanation: "the server closed the connection"))
            case .protocolViolation(let reason):
                return .permanent(SMTPFailure(server: server, stage: stage, explanation: reason))
            case .channel(let underlying):
                return ioFailure(underlying, stage: stage)
            }
        }

        private func ioFailure(_ error: any Error, stage: SMTPStage) -> MailError {
            let server = configuration.server
            if let io = error as? IOError {
                switch io.errnoCode {
                case ECONNREFUSED:
                    return .transient(
                        SMTPFailure(
                            server: server, stage: .connect,
                            explanation: "connection refused; is an SMTP server running on \(server)?"))
                case ECONNRESET, EPIPE:
                    return .transient(
                        SMTPFailure(server: server, stage: stage, explanation: "the connection was reset"))
                default:
                    return .transient(SMTPFailure(server: server, stage: stage, explanation: "network error: \(io)"))
                }
            }
            if let tls = error as? NIOSSLError {
                if case .uncleanShutdown = tls {
                    return .transient(
                        SMTPFailure(
                            server: server, stage: .tlsHandshake,
                            explanation: "the server closed the TLS connection abruptly"))
                }
                return .permanent(tlsFailure("\(tls)"))
            }
            if error is NIOSSLExtraError || error is BoringSSLError {
                return .permanent(tlsFailure("\(error)"))
            }
            return .transient(SMTPFailure(server: server, stage: stage, explanation: "unexpected error: \(error)"))
        }

        private func tlsFailure(_ detail: String) -> SMTPFailure {
            var explanation = "the TLS handshake failed (\(detail)); check that the server speaks TLS on this port"
            if configuration.verifiesCertificates {
                explanation +=
                    " and that its certificate is valid for \(configuration.host) (for a test server with a self-signed certificate only, add insecure=1)"
            }
            return SMTPFailure(server: configuration.server, stage: .tlsHandshake, explanation: explanation)
        }
    }

    /// The hand-over could not be recorded, so the message was not finished (the connection closes
    /// without its final `.`).
    private struct HandOverFailure: Error {
        let error: MailError
    }

    /// A failure the conversation decided on itself: an unwanted reply, or a missing feature.
    private enum Refusal: Error {
        case reply(stage: SMTPStage, SMTPReply)
        case permanent(stage: SMTPStage, String)
        case allRecipientsRefused([MailDeliveryReport.RefusedRecipient])

        func mailError(server: String) -> MailError {
            switch self {
            case .reply(let stage, let reply):
                let failure = SMTPFailure(
                    server: server, stage: stage, replyCode: reply.code, serverMessage: reply.text,
                    explanation: Self.explain(stage: stage, code: reply.code))
                return reply.isTransientFailure ? .transient(failure) : .permanent(failure)
            case .permanent(let stage, let explanation):
                return .permanent(SMTPFailure(server: server, stage: stage, explanation: explanation))
            case .allRecipientsRefused(let refused):
                let anyTransient = refused.contains(where: \.isTransient)
                let first = refused.first(where: { $0.isTransient == anyTransient }) ?? refused.first
                let list = refused.map { "\($0.address) (\($0.replyCode))" }.joined(separator: ", ")
                let failure = SMTPFailure(
                    server: server, stage: .recipient, replyCode: first?.replyCode, serverMessage: first?.serverMessage,
                    explanation: "the server refused every recipient: \(list)")
                return anyTransient ? .transient(failure) : .permanent(failure)
            }
        }

        static func explain(stage: SMTPStage, code: Int) -> String {
            switch (stage, code) {
            case (_, 421): return "the server is closing the connection (busy or shutting down)"
            case (.authentication, 535):
                return "authentication failed; check the user name and password in DATELINE_SMTP_URL"
            case (.authentication, 530), (.mailFrom, 530):
                return "the server requires authentication; add user:password@ to DATELINE_SMTP_URL"
            case (.authentication, 534), (.authentication, 538):
                return "the server wants a stronger authentication mechanism or TLS first"
            case (.mailFrom, 550), (.mailFrom, 553), (.mailFrom, 555):
                return "the server refused the sender address; check from= in DATELINE_SMTP_URL"
            case (.greeting, _): return "the server refused the connection"
            case (.data, 552): return "the message is too large for this server"
            case (_, 400..<500): return "the server reported a temporary problem"
            default: return "the server refused the \(stage) step"
            }
        }
    }
}
