import DatelineMail
import ServiceLifecycle

/// Runs the mail queue's worker for as long as the server runs; on shutdown the delivery in
/// progress finishes, everything unsent stays in the outbox for the next start, and the SMTP
/// connections kept open for reuse are ended with QUIT.
struct MailQueueService: Service {
    let queue: MailQueue
    var closeConnections: @Sendable () async -> Void = {}

    func run() async throws {
        await queue.start()
        try? await gracefulShutdown()
        await queue.shutdown()
        await closeConnections()
    }
}
