import NIOCore
import NIOSSL

/// One step of the conversation handed to ``SMTPClientHandler``: an optional command (or message
/// text) to write, then the next reply, which must arrive within `timeout`; or, with no `reply`,
/// bytes to write that the server answers only later (the message text before its final `.`).
struct SMTPExchange: Sendable {
    /// The bytes to send, with their CRLF; nil to only wait for a reply (the greeting).
    var command: ByteBuffer?
    /// How long the reply may take.
    var timeout: TimeAmount
    /// For STARTTLS: after a 220 reply, TLS is put in front of the handler before the reply is handed back.
    var tlsUpgrade: SMTPTLSUpgrade?
    /// Completed with the reply, or failed with an ``SMTPConnectionError``; nil when no reply is awaited.
    var reply: EventLoopPromise<SMTPReply>?
    /// Completed once `command` has been written to the socket, or failed when it was not (the
    /// connection had failed before, or the write failed); nil when nobody needs to know.
    var written: EventLoopPromise<Void>? = nil
}

/// What the handler needs to start TLS after STARTTLS.
struct SMTPTLSUpgrade: Sendable {
    var context: NIOSSLContext
    var serverHostname: String?
}

/// Why an exchange on the connection failed, before the client turns it into a ``MailError``.
enum SMTPConnectionError: Error {
    /// No reply arrived in time.
    case timedOut
    /// The server closed the connection.
    case closed
    /// The server sent something that is not SMTP, or did something unsafe.
    case protocolViolation(String)
    /// An I/O or TLS error from the channel.
    case channel(any Error)
}

/// Turns the byte stream from the server into replies and hands each to the exchange waiting for it.
///
/// The client talks to it only by writing ``SMTPExchange`` values, so all of its state lives on the
/// channel's event loop. Every wait has a scheduled time-out that fails the exchange and closes the
/// connection; a connection that failed once fails every later exchange at once.
final class SMTPClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = SMTPExchange
    typealias OutboundOut = ByteBuffer

    private var received: ByteBuffer?
    private var parser = SMTPReplyParser()
    private var replies = CircularBuffer<SMTPReply>()
    private var waiting: (exchange: SMTPExchange, timer: Scheduled<Void>)?
    private var failure: SMTPConnectionError?

    /// True when nothing is pending in either direction and the connection has not failed: no
    /// exchange waiting, no reply (or part of one) received that nobody asked for. A kept connection
    /// is reused only in this state; a server that said something while it was idle (usually 421
    /// before closing) has left it unusable.
    var isIdle: Bool {
        failure == nil && waiting == nil && replies.isEmpty && (received?.readableBytes ?? 0) == 0
            && !parser.isInsideReply
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard let reply = exchange.reply else {
            // Bytes the server answers later: written in order, failing only if the connection has.
            if let failure {
                promise?.fail(failure)
            } else if let command = exchange.command {
                context.writeAndFlush(wrapOutboundOut(command), promise: promise)
            } else {
                promise?.succeed(())
            }
            return
        }
        promise?.succeed(())
        if let failure {
            exchange.written?.fail(failure)
            reply.fail(failure)
            return
        }
        guard waiting == nil else {
            let violation = SMTPConnectionError.protocolViolation("a command was sent before the last reply arrived")
            exchange.written?.fail(violation)
            reply.fail(violation)
            return
        }
        let timer = context.eventLoop.assumeIsolated().scheduleTask(in: exchange.timeout) {
            self.fail(.timedOut, context: context)
        }
        waiting = (exchange, timer)
        if let command = exchange.command {
            context.writeAndFlush(wrapOutboundOut(command), promise: exchange.written)
        } else {
            exchange.written?.succeed(())
        }
        deliverReplies(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if received == nil {
            received = bytes
        } else {
            received?.writeBuffer(&bytes)
        }
        do {
            try parseLines()
        } catch {
            fail(.protocolViolation(error.reason), context: context)
            return
        }
        deliverReplies(context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.channel(error), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed, context: context)
        context.fireChannelInactive()
    }

    private func parseLines() throws(SMTPReplyParser.Malformed) {
        guard var buffer = received else { return }
        defer { received = buffer.readableBytes > 0 ? buffer : nil }
        while let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - buffer.readerIndex
            guard var line = buffer.readString(length: length) else { break }
            buffer.moveReaderIndex(forwardBy: 1)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.utf8.count > SMTPReplyParser.maximumLineLength {
                throw SMTPReplyParser.Malformed(
                    reason: "the server sent a reply line longer than \(SMTPReplyParser.maximumLineLength) bytes")
            }
            if let reply = try parser.consume(line: line) { replies.append(reply) }
        }
        if buffer.readableBytes > SMTPReplyParser.maximumLineLength {
            throw SMTPReplyParser.Malformed(
                reason: "the server sent more than \(SMTPReplyParser.maximumLineLength) bytes without a line end")
        }
    }

    private func deliverReplies(context: ChannelHandlerContext) {
        guard let (exchange, timer) = waiting, let reply = replies.popFirst() else { return }
        waiting = nil
        timer.cancel()
        if let upgrade = exchange.tlsUpgrade, reply.code == 220 {
            // Bytes that arrived with the 220 were sent before TLS, so an attacker on the path could have
            // injected them to be read as if they came over TLS (the STARTTLS injection flaw): refuse.
            guard replies.isEmpty, (received?.readableBytes ?? 0) == 0, !parser.isInsideReply else {
                let violation = SMTPConnectionError.protocolViolation(
                    "the server sent more data right after agreeing to STARTTLS; refusing to continue (possible command injection)"
                )
                exchange.reply?.fail(violation)
                fail(violation, context: context)
                return
            }
            do {
                let tls = try NIOSSLClientHandler(context: upgrade.context, serverHostname: upgrade.serverHostname)
                try context.pipeline.syncOperations.addHandler(tls, position: .first)
            } catch {
                exchange.reply?.fail(SMTPConnectionError.channel(error))
                fail(.channel(error), context: context)
                return
            }
        }
        exchange.reply?.succeed(reply)
    }

    private func fail(_ error: SMTPConnectionError, context: ChannelHandlerContext) {
        let first = failure == nil
        if first { failure = error }
        if let (exchange, timer) = waiting {
            waiting = nil
            timer.cancel()
            exchange.reply?.fail(failure ?? error)
        }
        if first { context.close(promise: nil) }
    }
}
