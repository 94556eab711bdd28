import NIOCore
import NIOPosix

/// Threads for the image pipeline, whose calls block: as many as the machine has cores, so
/// image work never runs on an event loop or the Swift concurrency pool, and never more of it at
/// once than there are cores. Work beyond that waits its turn.
final class ImageWorkers: Sendable {
    /// The process's workers, started on first use and kept for the life of the process.
    static let shared = ImageWorkers(threads: System.coreCount)

    private let pool: NIOThreadPool

    init(threads: Int) {
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        pool.start()
    }

    /// Runs `work` on one of the threads and returns what it returned or threw.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(work)
    }
}
