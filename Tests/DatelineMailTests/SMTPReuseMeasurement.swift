import Foundation
import Testing

@testable import DatelineMail

/// Not a test but a measurement, run only when asked for: the same 12 KB message delivered
/// `DATELINE_SMTP_REUSE_BENCH` times (e.g. 2000) through ``MailQueue`` (the serve defaults: 8 at
/// once, 4 per domain, batches of 64) to the newsletter bench's sink (`bench/newsletters/sink.py`),
/// with kept connections and with one connection per message, twice each, alternating. Prints
/// messages a second per run; checks only that the sink counted every message.
///
///     DATELINE_SMTP_REUSE_BENCH=2000 swift test --skip-build --no-parallel --filter SMTPReuseMeasurement
@Suite(.timeLimit(.minutes(30))) struct SMTPReuseMeasurement {
    static let count = Int(ProcessInfo.processInfo.environment["DATELINE_SMTP_REUSE_BENCH"] ?? "") ?? 0

    @Test(.enabled(if: count > 0)) func keptConnectionsAgainstOnePerMessage() async throws {
        let python = try await PythonTools.shared.interpreter()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-reuse-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let stdout = folder.appendingPathComponent("stdout.txt")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        let sink = Process()
        sink.executableURL = python
        sink.arguments = [
            PackageRoot.path("bench/newsletters/sink.py").path, "--port", "0",
            "--status", folder.appendingPathComponent("status.json").path,
            "--result", folder.appendingPathComponent("result.json").path,
            "--parent-pid", "\(ProcessInfo.processInfo.processIdentifier)", "--lifetime", "1800",
        ]
        sink.standardOutput = try FileHandle(forWritingTo: stdout)
        // Not the test's own standard error: swift test waits for that pipe to close.
        sink.standardError = FileHandle.nullDevice
        try sink.run()
        defer { if sink.isRunning { kill(sink.processIdentifier, SIGKILL) } }
        var port: Int?
        let deadline = ContinuousClock.now + .seconds(60)
        while port == nil, ContinuousClock.now < deadline, sink.isRunning {
            let text = (try? String(contentsOf: stdout, encoding: .utf8)) ?? ""
            port = text.split(separator: "\n").first.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if port == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let sinkPort = try #require(port, "the sink did not start")

        // About 12 KB of text, like one newsletter issue.
        let paragraph = String(repeating: "The council met on Tuesday and voted on the budget. ", count: 4) + "\n\n"
        let body = String(repeating: paragraph, count: 12_000 / paragraph.utf8.count + 1)
        var results: [(String, Double)] = []
        for (name, reuse) in [
            ("kept", SMTPConnectionReuse()), ("one per message", .disabled), ("kept", SMTPConnectionReuse()),
            ("one per message", .disabled),
        ] {
            var configuration = try SMTPConfiguration(url: "smtp://127.0.0.1:\(sinkPort)?timeout=30")
            configuration.connectionReuse = reuse
            let client = SMTPClient(configuration: configuration)
            let queue = MailQueue(outbox: MemoryMailOutbox(), transport: client)
            for number in 0..<Self.count {
                try await queue.enqueue(
                    try MailMessage(
                        from: Mailbox("news@dateline.example"),
                        to: [Mailbox("reader\(number)@example\(number % 16).org")],
                        subject: "Morning briefing \(number)", body: body))
            }
            let start = ContinuousClock.now
            var sent = 0
            while true {
                let summary = await queue.processDueMail()
                sent += summary.sent
                #expect(summary.failed == 0 && summary.rescheduled == 0)
                if summary.claimed == 0 { break }
            }
            let elapsed = (ContinuousClock.now - start).seconds
            await client.shutdown()
            #expect(sent == Self.count)
            results.append((name, Double(sent) / elapsed))
            print("smtp reuse measurement: \(name): \(sent) messages in \(elapsed) s, \(Double(sent) / elapsed) msg/s")
        }
        // The sink rewrites its status twice a second; its SIGTERM handler may never run (a child of
        // the test process can inherit blocked signals), so read the count there and then kill it.
        var total: Int?
        let counted = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < counted {
            let status = try? JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("status.json")))
            total = (status as? [String: Any])?["total"] as? Int
            if total == 4 * Self.count { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(sink.processIdentifier, SIGKILL)
        #expect(total == 4 * Self.count)
        let kept = results.filter { $0.0 == "kept" }.map(\.1)
        let single = results.filter { $0.0 != "kept" }.map(\.1)
        print(
            "smtp reuse measurement: kept \(kept) msg/s, one per message \(single) msg/s, ratio \(kept.reduce(0, +) / single.reduce(0, +))"
        )
    }
}
