import DatelineMail
import ServiceLifecycle

/// Runs the mail queue's worker for as long as the server runs; on shutdown the delivery in
/// progress finishes and everything unsent stays in the outbox for the next start.
struct MailQueueService: Service {
    let queue: MailQueue

    func run() async throws {
        await queue.start()
        try? await gracefulShutdown()
        await queue.shutdown()
    }
}
