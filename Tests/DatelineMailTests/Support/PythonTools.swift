import Foundation

/// The Python environment with the test tools (`.venv-tools/`), created by `scripts/ensure-python-tools`
/// the first time a test needs it.
actor PythonTools {
    static let shared = PythonTools()

    private var python: URL?

    /// The environment's python, running `scripts/ensure-python-tools` first when the environment is
    /// missing or lacks aiosmtpd. Installing may take a few minutes on a new machine.
    func interpreter() async throws -> URL {
        if let python { return python }
        let candidate = PackageRoot.path(".venv-tools/bin/python")
        if !(try await hasTools(candidate)) {
            let script = PackageRoot.path("scripts/ensure-python-tools")
            let result = try await ChildProcess.run(
                script, arguments: [PackageRoot.path("tests-support/requirements-mail.txt").path],
                timeout: .seconds(600))
            guard result.status == 0, try await hasTools(candidate) else {
                throw TestSetupError(
                    "scripts/ensure-python-tools failed (status \(result.status)); it needs python3 with venv and PyPI access:\n\(result.output)"
                )
            }
        }
        python = candidate
        return candidate
    }

    private func hasTools(_ python: URL) async throws -> Bool {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        let check = try await ChildProcess.run(
            python, arguments: ["-c", "import aiosmtpd, cryptography"], timeout: .seconds(60))
        return check.status == 0
    }
}

/// A test could not set up what it needs (as opposed to a failed expectation).
struct TestSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs a child process to completion within a time limit, killing it if it overruns.
enum ChildProcess {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ executable: URL, arguments: [String], timeout: Duration) async throws -> Result {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dateline-child-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            process.terminate()
            try await Task.sleep(for: .milliseconds(200))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            throw TestSetupError("\(executable.lastPathComponent) did not finish within \(timeout)")
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, output: output)
    }
}
