/// A task executor that runs each job at once, on the thread that hands it over.
///
/// Used for one short stretch of a delivery: from the hand-over's database record to the write of
/// the message's final `.` (see ``SMTPClient/deliver(_:handOver:)``). With it, the code after the
/// database's reply runs on the thread that received that reply (an event loop, or the database's
/// queue) instead of waiting for a free thread of the shared pool, which on a busy machine can take
/// milliseconds — time in which a sender killed would leave the message recorded as handed over
/// but never finished. Nothing in that stretch blocks, so running it on those threads is safe; the
/// task goes back to its usual executor when the stretch ends.
final class ImmediateTaskExecutor: TaskExecutor {
    static let shared = ImmediateTaskExecutor()

    private init() {}

    func enqueue(_ job: consuming ExecutorJob) {
        job.runSynchronously(on: asUnownedTaskExecutor())
    }
}
