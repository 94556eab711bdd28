import Foundation

/// Runs the built `dateline` binary as a child process, the way a person at a shell would.
struct CommandRunner {
    /// What a finished command left behind.
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The `dateline` executable next to the test bundle in the build products folder.
    static var executable: URL {
        Bundle.main.bundleURL.appendingPathComponent("dateline")
    }

    /// Runs `dateline` with `arguments` to completion, with DATELINE_* variables cleared.
    ///
    /// Output goes to files, not pipes: a child that writes more than a pipe holds to one stream
    /// while the test reads the other would otherwise wait forever.
    static func run(_ arguments: [String], input: Data? = nil, environment: [String: String] = [:]) throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputURL = folder.appendingPathComponent("stdout")
        let errorURL = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = childEnvironment(environment)
        process.standardOutput = output
        process.standardError = error
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(input) }
        try? inputPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: try Data(contentsOf: outputURL), as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self))
    }

    /// The test's environment without DATELINE_* settings, plus `extra`.
    private static func childEnvironment(_ extra: [String: String]) -> [String: String] {
        var inherited = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DATELINE_") }
        inherited.merge(extra) { _, new in new }
        return inherited
    }

    /// A started child and its pipes.
    struct Running {
        var process: Process
        var outputPipe: Pipe
        var errorPipe: Pipe
        var standardInputPipe: Pipe?
    }

    /// Starts `dateline` without waiting for it.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = childEnvironment(environment)
        let output = Pipe()
        let error = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = input
        try process.run()
        return Running(process: process, outputPipe: output, errorPipe: error, standardInputPipe: input)
    }

    /// Reads a started `dateline serve`'s output until it prints its address, the child exits, or
    /// `deadline` passes; returns the address (nil if none came) and everything printed so far.
    static func servedAddress(of child: Running, within deadline: Duration = .seconds(60)) async throws
        -> (url: URL?, printed: String)
    {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        var printed = ""
        while clock.now < end {
            let chunk = child.outputPipe.fileHandleForReading.availableData
            if chunk.isEmpty {
                if !child.process.isRunning { break }
                try await clock.sleep(for: .milliseconds(50))
                continue
            }
            printed += String(decoding: chunk, as: UTF8.self)
            if let range = printed.range(of: #"http://[^\s]+/"#, options: .regularExpression) {
                return (URL(string: String(printed[range])), printed)
            }
        }
        return (nil, printed)
    }
}

/// A temporary folder that removes itself when the test is done with it.
final class ScratchFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to a file in the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
