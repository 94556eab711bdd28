import NIOCore
import NIOPosix
import NIOSSL

/// An open connection to an SMTP server, driven one exchange at a time through ``SMTPClientHandler``.
struct SMTPConnection: Sendable {
    let channel: any Channel

    /// Connects to the configured server (with TLS in front for implicit TLS) within the connect time-out.
    static func open(
        _ configuration: SMTPConfiguration, tls: NIOSSLContext?, group: any EventLoopGroup
    ) async throws -> SMTPConnection {
        let serverHostname = configuration.tlsServerHostname
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.timeouts.connect))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverHostname)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPClientHandler())
                }
            }
        let channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        return SMTPConnection(channel: channel)
    }

    /// Sends `command` (nil: send nothing) and waits for the next reply.
    func exchange(_ command: String?, timeout: Duration, tlsUpgrade: SMTPTLSUpgrade? = nil) async throws -> SMTPReply {
        var buffer: ByteBuffer?
        if let command {
            // Every command is built from validated parts; this is the last line of defence.
            guard !command.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
                throw SMTPConnectionError.protocolViolation("refusing to send a command that contains a line break")
            }
            buffer = channel.allocator.buffer(string: command + "\r\n")
        }
        return try await send(buffer, timeout: timeout, tlsUpgrade: tlsUpgrade)
    }

    /// Sends the message text (already dot-stuffed and ending in `.` CRLF) and waits for the reply.
    func sendMessageText(_ bytes: [UInt8], timeout: Duration) async throws -> SMTPReply {
        try await send(channel.allocator.buffer(bytes: bytes), timeout: timeout, tlsUpgrade: nil)
    }

    /// Starts writing `bytes` (the end of the message text) at once, from the calling thread, and
    /// returns when they reach the socket (`written`, failed if they never do) and the server's reply
    /// to come; the caller waits for both later.
    func startMessageText(_ bytes: [UInt8], timeout: Duration) -> (
        written: EventLoopFuture<Void>, reply: EventLoopFuture<SMTPReply>
    ) {
        let written = channel.eventLoop.makePromise(of: Void.self)
        let reply = start(channel.allocator.buffer(bytes: bytes), timeout: timeout, tlsUpgrade: nil, written: written)
        return (written.futureResult, reply)
    }

    /// Writes `bytes` without waiting for anything: the server answers them only after a later
    /// exchange (the message text before its final `.`). A failed write closes the connection, so
    /// the next exchange fails.
    func write(_ bytes: [UInt8]) {
        let exchange = SMTPExchange(
            command: channel.allocator.buffer(bytes: bytes), timeout: .zero, tlsUpgrade: nil, reply: nil)
        channel.writeAndFlush(exchange, promise: nil)
    }

    private func send(_ buffer: ByteBuffer?, timeout: Duration, tlsUpgrade: SMTPTLSUpgrade?) async throws -> SMTPReply {
        try await start(buffer, timeout: timeout, tlsUpgrade: tlsUpgrade).get()
    }

    private func start(
        _ buffer: ByteBuffer?, timeout: Duration, tlsUpgrade: SMTPTLSUpgrade?, written: EventLoopPromise<Void>? = nil
    ) -> EventLoopFuture<SMTPReply> {
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        let exchange = SMTPExchange(
            command: buffer, timeout: TimeAmount(timeout), tlsUpgrade: tlsUpgrade, reply: promise, written: written)
        // Once the channel has closed its handler is gone and the write fails: that must fail the reply too.
        let accepted = channel.eventLoop.makePromise(of: Void.self)
        accepted.futureResult.whenFailure { _ in
            written?.fail(SMTPConnectionError.closed)
            promise.fail(SMTPConnectionError.closed)
        }
        channel.writeAndFlush(exchange, promise: accepted)
        return promise.futureResult
    }

    /// Whether the connection can carry another transaction: still open, nothing pending and nothing
    /// unasked-for received since the last reply (see ``SMTPClientHandler/isIdle``).
    func isReadyForReuse() async -> Bool {
        guard channel.isActive else { return false }
        let channel = self.channel
        let ready = channel.eventLoop.submit {
            (try? channel.pipeline.syncOperations.handler(type: SMTPClientHandler.self))?.isIdle ?? false
        }
        return (try? await ready.get()) ?? false
    }

    /// Closes the connection; errors are ignored because the conversation is over either way.
    func close() async {
        try? await channel.close()
    }
}

extension SMTPConfiguration {
    /// The name for SNI and certificate checks: the host, unless it is an IP address (which SNI may not carry).
    var tlsServerHostname: String? {
        let isIPAddress = host.contains(":") || host.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }
        return isIPAddress ? nil : host
    }
}
