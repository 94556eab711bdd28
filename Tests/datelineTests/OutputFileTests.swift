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
    /// Reads a FIFO until `stop()` and no more bytes come, for at most `deadline`.
    final class FIFOReader: Sendable {
        private let state = Mutex<(bytes: [UInt8], stopped: Bool)>(([], false))
        private let finished = Mutex(false)
        let descriptor: Int32

        init(path: String) throws {
            // Non-blocking, so opening does not wait for a writer and reading never waits for ever.
            descriptor = open(path, O_RDONLY | O_NONBLOCK)
            guard descriptor >= 0 else { throw CommandFailureForTest("cannot open the FIFO") }
            let thread = Thread { [self] in run(deadline: ContinuousClock.now + .seconds(120)) }
            thread.start()
        }

        private func run(deadline: ContinuousClock.Instant) {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while ContinuousClock.now < deadline {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    state.withLock { $0.bytes += buffer[0..<count] }
                } else if state.withLock({ $0.stopped }) {
                    break
                } else {
                    usleep(10_000)
                }
            }
            close(descriptor)
            finished.withLock { $0 = true }
        }

        /// Tells the reader the writer is done, waits (at most a minute) until it has read the rest,
        /// and returns what it read.
        func stop() async -> [UInt8] {
            state.withLock { $0.stopped = true }
            let deadline = ContinuousClock.now + .seconds(60)
            while !finished.withLock({ $0 }) && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            return state.withLock { $0.bytes }
        }
    }

    private func isFIFO(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
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
