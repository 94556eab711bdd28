import ArgumentParser
import DatelineArchive
import DatelineStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `dateline export`: writes everything the site keeps as a versioned JSON Lines archive that
/// `dateline import --archive` reads back, into SQLite or PostgreSQL.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole site as a JSON Lines archive (for moving between SQLite and PostgreSQL).",
        discussion: """
            One JSON record per line: a header (format dateline-archive, version 3), then sections, \
            topics, users, author profiles, stories, revisions, corrections, API tokens, pending mail, \
            media library items and followed sources, with their keys and times as stored, and last a \
            trailer with the number of lines and of records of each kind and the SHA-256 of every \
            byte before it, so an import refuses a copy that was cut short or changed. Password \
            hashes and token digests are included, so keep the file as safe as the database. \
            Sessions, failed sign-ins, set-up links, the mail send log and delivered mail are not \
            exported; newsletters, subscribers and the wire queue are not carried yet (a warning \
            names what is left out). Read it back with `dateline import --archive FILE`.
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
            let counts = try await ArchiveWriter.export(
                archiveStore, to: out, failure: "cannot export \(databaseOptions.shownLocation)")
            let target = out == "-" ? "standard output" : out
            FileHandle.standardError.write(Data("exported \(counts) to \(target)\n".utf8))
        }
    }
}

/// Writes records as lines, buffered, to standard output or to a file that appears only whole:
/// the lines go to a temporary file beside it, moved into place when all are written.
final class ArchiveWriter {
    /// Exports `store` to `path` (- for standard output), the file appearing only once whole;
    /// on failure nothing is left at `path` and the error starts with `failure`.
    static func export(_ store: any ArchiveStore, to path: String, failure: String) async throws -> ArchiveCounts {
        let writer = try ArchiveWriter(path: path)
        do {
            let counts = try await store.exportArchiveLines { line in try writer.write(line) }
            try writer.finish()
            return counts
        } catch {
            writer.abandon()
            throw CommandFailure("\(failure): \(error)")
        }
    }

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
        if OutputFile.isSpecial(path) {
            // A device or pipe (/dev/null, /dev/stdout, a FIFO) is written in place, never replaced.
            handle = try OutputFile.openForWriting(path)
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

    /// Adds bytes (an archive line, break included).
    func write(_ bytes: Data) throws {
        buffer.append(bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes what is buffered and, for a file, moves it into place.
    func finish() throws {
        try flush()
        guard let destination, let temporary else { return }
        try handle.close()
        // rename(2) replaces an earlier archive at the destination in one step, so the path
        // holds the old whole file or the new one, never neither. (Foundation's replaceItemAt on
        // Linux removed the old file and then failed, leaving nothing at the path.)
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw CommandFailure("cannot move the finished archive to '\(destination.path)': \(reason)")
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

/// Reads an archive file whole and checks it (``ArchiveReader``: header, every line, and the
/// trailer's counts and digest) before anything is written.
enum ArchiveFile {
    /// The records of the archive at `path` (- for standard input), or a failure naming the file
    /// and the line.
    static func read(path: String) throws -> [ArchiveRecord] {
        let data: Data
        do {
            data =
                path == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("cannot read the archive '\(path)': \(error.localizedDescription)")
        }
        do {
            return try ArchiveReader.records(from: data)
        } catch {
            throw CommandFailure(error.described(in: path == "-" ? "standard input" : path))
        }
    }
}
