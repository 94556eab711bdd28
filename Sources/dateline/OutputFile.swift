import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command writes its output file (`--out PATH`).
///
/// Foundation's `createFile(atPath:contents:)` writes a new file beside the old one and renames it
/// into place, which, run as root, replaces a device such as `/dev/null` with a plain file — and
/// every later `> /dev/null` on the machine then writes into that file. So an output path that
/// names something other than a regular file (a device, a pipe) is written in place, never replaced.
enum OutputFile {
    /// Whether `path` exists and is not a regular file (or a link to one).
    static func isSpecial(_ path: String) -> Bool {
        // Foundation's file type, not `stat()`: which C module owns `struct stat` differs between
        // builds, and a build that took it from Dispatch's refused the call.
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: target),
            let type = attributes[.type] as? FileAttributeType
        else { return false }
        return type != .typeRegular
    }

    /// Opens `path` for writing from its start: a regular file is created or emptied, a device
    /// or pipe is opened as it is. Throws a message a person can act on.
    static func openForWriting(_ path: String) throws -> FileHandle {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw CommandFailure("cannot write '\(path)' (\(reason)): check that its folder exists and is writable")
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }
}
