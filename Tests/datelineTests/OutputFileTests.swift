import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `--out PATH` naming something other than a regular file: written in place, never replaced.
/// (Foundation's atomic file creation had replaced /dev/null with a plain file when run as root.)
/// The tests use a FIFO of their own, read in the background, rather than a device of the machine.
@Suite("--out into a pipe or device")
struct OutputFileTests {
    /// Reads a FIFO in a thread of its own until every writer has closed it. The test holds a write
    /// end itself until ``stop()``, so the reader's blocking reads wait for the command's bytes
    /// instead of seeing an end before the command opens the FIFO, and always end once `stop()`
    /// closes it (even if the FIFO was replaced and the command never wrote to it): no sleeps.
    final class FIFOReader: Sendable {
        private struct State {
            var bytes: [UInt8] = []
            var finished = false
            var waiter: CheckedContinuation<Void, Never>?
        }
        private let state = Mutex(State())
        private let readEnd: Int32
        private let heldWriteEnd: Int32

        init(path: String) throws {
            // Opening the read end without O_NONBLOCK would wait for a writer; then make reads block.
            readEnd = open(path, O_RDONLY | O_NONBLOCK)
            guard readEnd >= 0 else { throw CommandFailureForTest("cannot open the FIFO for reading") }
            heldWriteEnd = open(path, O_WRONLY | O_NONBLOCK)
            guard heldWriteEnd >= 0 else { throw CommandFailureForTest("cannot open the FIFO for writing") }
            _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) & ~O_NONBLOCK)
            Thread { [self] in run() }.start()
        }

        private func run() {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                state.withLock { $0.bytes += buffer[0..<count] }
            }
            close(readEnd)
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.finished = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }

        /// Closes the test's own write end (the command has exited, so its end is closed too),
        /// waits until the reader has read everything, and returns it.
        func stop() async -> [UInt8] {
            close(heldWriteEnd)
            await withCheckedContinuation { continuation in
                let done = state.withLock { state -> Bool in
                    if state.finished { return true }
                    state.waiter = continuation
                    return false
                }
                if done { continuation.resume() }
            }
            return state.withLock { $0.bytes }
        }
    }

    /// Whether `path` is still there and still not a regular file (Foundation has no FIFO type
    /// and calls it unknown; `stat()` is avoided, see ``OutputFile/isSpecial(_:)``).
    private func isFIFO(_ path: String) -> Bool {
        guard let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        else { return false }
        return type != .typeRegular && type != .typeDirectory && type != .typeSymbolicLink
    }

    @Test("highlights --jsonl --out and export --out write into a FIFO and leave it a FIFO")
    func writesIntoAFIFO() async throws {
        let folder = try ScratchFolder()
        let stories = try folder.write(
            "stories.jsonl",
            #"{"id":"a","article":"The council met on Monday. It voted to build a bridge. The mayor said work starts in May."}"#
                + "\n")
        let fifo = folder.path("out.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)

        let highlightsReader = try FIFOReader(path: fifo)
        let highlights = try CommandRunner.run(["highlights", "--jsonl", stories, "--out", fifo])
        let highlighted = String(decoding: await highlightsReader.stop(), as: UTF8.self)
        #expect(highlights.status == 0, "\(highlights.standardError)")
        #expect(isFIFO(fifo), "the FIFO was replaced by a file")
        #expect(highlighted.contains(#""id":"a""#) && highlighted.contains("highlights"))

        let database = folder.path("site.sqlite")
        let exportReader = try FIFOReader(path: fifo)
        let export = try CommandRunner.run(["export", "--database", database, "--out", fifo])
        let exported = await exportReader.stop()
        #expect(export.status == 0, "\(export.standardError)")
        #expect(isFIFO(fifo), "the FIFO was replaced by a file")
        #expect(!exported.isEmpty, "the archive went into the FIFO")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.url.path).allSatisfy {
                !$0.hasSuffix(".partial")
            })
    }
}
