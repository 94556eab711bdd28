import ArgumentParser
import DatelineStore
import Foundation

/// `dateline export`: writes everything the site keeps as a versioned JSON Lines archive that
/// `dateline import --archive` reads back, into SQLite or PostgreSQL.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole site as a JSON Lines archive (for moving between SQLite and PostgreSQL).",
        discussion: """
            One JSON record per line: a header (format dateline-archive, version 1), then sections, \
            topics, users, stories, revisions, corrections, API tokens and pending mail, with their \
            keys and times as stored. Password hashes and token digests are included, so keep the \
            file as safe as the database. Sessions, failed sign-ins, set-up links, the mail send log \
            and delivered mail are not exported. Read it back with `dateline import --archive FILE`.
            """
    )

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(help: ArgumentHelp("Where to write the archive; - for standard output.", valueName: "file"))
    var out = "-"

    func run() async throws {
        try await databaseOptions.withStore { store in
            guard let archiveStore = store as? any ArchiveStore else {
                throw CommandFailure("the database at \(databaseOptions.shownLocation) cannot be exported")
            }
            let writer = try ArchiveWriter(path: out)
            let counts: ArchiveCounts
            do {
                counts = try await archiveStore.exportArchive { record in try writer.write(record) }
                try writer.finish()
            } catch {
                writer.abandon()
                throw CommandFailure("cannot export \(databaseOptions.shownLocation): \(error)")
            }
            let target = out == "-" ? "standard output" : out
            FileHandle.standardError.write(Data("exported \(counts) to \(target)\n".utf8))
        }
    }
}

/// Writes records as lines, buffered, to standard output or to a file that appears only whole:
/// the lines go to a temporary file beside it, moved into place when all are written.
final class ArchiveWriter {
    private let handle: FileHandle
    private let destination: URL?
    private let temporary: URL?
    private var buffer = Data()

    init(path: String) throws {
        guard path != "-" else {
            handle = FileHandle.standardOutput
            destination = nil
            temporary = nil
            return
        }
        let destination = URL(fileURLWithPath: path)
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CommandFailure("cannot write '\(path)': check that its folder exists and is writable")
        }
        handle = try FileHandle(forWritingTo: temporary)
        self.destination = destination
        self.temporary = temporary
    }

    /// Adds one record as a line.
    func write(_ record: ArchiveRecord) throws {
        buffer.append(Data(try record.jsonLine().utf8))
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes what is buffered and, for a file, moves it into place.
    func finish() throws {
        try flush()
        guard let destination, let temporary else { return }
        try handle.close()
        if FileManager.default.fileExists(atPath: destination.path) {
            _ = try FileManager.default.replaceItemAt(destination, withItemAt: temporary)
        } else {
            try FileManager.default.moveItem(at: temporary, to: destination)
        }
    }

    /// Removes the unfinished file after a failure.
    func abandon() {
        guard let temporary else { return }
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Reads an archive file whole and checks every line before anything is written.
enum ArchiveReader {
    /// The records of the archive at `path` (- for standard input), or a failure naming the line.
    static func read(path: String) throws -> [ArchiveRecord] {
        let data: Data
        do {
            data =
                path == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("cannot read the archive '\(path)': \(error.localizedDescription)")
        }
        let name = path == "-" ? "standard input" : path
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure("\(name) is not UTF-8 text; it is not a Dateline archive")
        }
        var records: [ArchiveRecord] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.allSatisfy(\.isWhitespace) { continue }
            let record: ArchiveRecord
            do {
                record = try ArchiveRecord(jsonLine: line)
            } catch {
                throw CommandFailure("\(name) line \(lineNumber): not a valid archive record (\(describe(error)))")
            }
            if records.isEmpty {
                guard case .header(let header) = record else {
                    throw CommandFailure(
                        "\(name) line \(lineNumber): the first record must be the archive header; "
                            + "is this a file written by `dateline export`?")
                }
                guard header.format == ArchiveRecord.format else {
                    throw CommandFailure(
                        "\(name) line \(lineNumber): the format '\(header.format)' is not a Dateline archive")
                }
                guard header.version == ArchiveRecord.version else {
                    throw CommandFailure(
                        "\(name) line \(lineNumber): archive version \(header.version) is unknown; this Dateline "
                            + "reads version \(ArchiveRecord.version)")
                }
            } else if case .header = record {
                throw CommandFailure("\(name) line \(lineNumber): a second header; archives cannot be joined")
            }
            records.append(record)
        }
        guard !records.isEmpty else { throw CommandFailure("\(name) is empty; it is not a Dateline archive") }
        return records
    }

    /// A decoding error in a few words: what is wrong and where in the record.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).joined(separator: ".")
            return keys.isEmpty ? "" : " at '\(keys)'"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.debugDescription + path(context)
        @unknown default: return "\(error)"
        }
    }
}
