import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client keeps it waiting: no complete request head within
/// ``ConnectionTimeouts/idle`` of opening or of the last response, or a request body not finished
/// within ``ConnectionTimeouts/requestBody`` of its head. While the application works on a request
/// no timer runs; the work has deadlines of its own.
///
/// It sits first among the handlers after HTTP decoding, ahead of ``PageCacheChannelHandler``, so
/// it sees every request and every answer, including those the cache gives on the event loop.
/// Hummingbird's own idle timeout does not: it sits behind the cache, and it restarts on every
/// body part, so a body that trickles forever would keep it waiting.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeouts: ConnectionTimeouts
    /// Requests whose head has arrived and whose response has not ended.
    private var unanswered = 0
    /// True between a request's head and its end.
    private var readingBody = false
    private var timer: Scheduled<Void>?

    init(timeouts: ConnectionTimeouts) {
        self.timeouts = timeouts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { wait(timeouts.idle, context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        wait(timeouts.idle, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopWaiting()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopWaiting()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            readingBody = true
            wait(timeouts.requestBody, context: context)
        case .body:
            break
        case .end:
            readingBody = false
            stopWaiting()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered = max(0, unanswered - 1)
            if unanswered == 0, !readingBody { wait(timeouts.idle, context: context) }
        }
        context.write(data, promise: promise)
    }

    /// Starts the one timer afresh: when it fires, the connection is closed.
    private func wait(_ limit: Duration, context: ChannelHandlerContext) {
        stopWaiting()
        let nanoseconds = limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) { [weak self] in
            self?.timer = nil
            context.close(promise: nil)
        }
    }

    private func stopWaiting() {
        timer?.cancel()
        timer = nil
    }
}
