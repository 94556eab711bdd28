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
    static func run(_ arguments: [String], input: Data? = nil, environment: [String: String] = [:]) throws -> Outcome {
        let process = try start(arguments, environment: environment)
        if let input {
            process.standardInputPipe?.fileHandleForWriting.write(input)
        }
        try? process.standardInputPipe?.fileHandleForWriting.close()
        // Read both pipes before waiting so a chatty child never blocks on a full pipe.
        let output = process.outputPipe.fileHandleForReading.readDataToEndOfFile()
        let error = process.errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.process.waitUntilExit()
        return Outcome(
            status: process.process.terminationStatus,
            standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: error, as: UTF8.self))
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
        var inherited = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DATELINE_") }
        inherited.merge(environment) { _, new in new }
        process.environment = inherited
        let output = Pipe()
        let error = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = input
        try process.run()
        return Running(process: process, outputPipe: output, errorPipe: error, standardInputPipe: input)
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
