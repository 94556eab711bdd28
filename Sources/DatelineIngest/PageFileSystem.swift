import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system calls page collection needs, made directly so that errors keep their exact
/// cause (permission denied, broken link) and a file's size is known before it is read.
enum PageFileSystem {
    /// What a path is, after following symbolic links.
    struct Status: Hashable {
        enum Kind { case file, folder, other }
        var kind: Kind
        var size: Int
        /// Device and inode: the file's identity whatever path reaches it.
        var identity: Identity
    }

    /// A file's identity on its device.
    struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// A failed call: the system's error number.
    struct Failure: Error {
        var code: Int32

        /// The system's words for the error, in lower case for use inside a sentence.
        var reason: String {
            switch code {
            case EACCES, EPERM: "permission denied"
            case ENOENT: "no such file or folder"
            case ELOOP: "too many levels of symbolic links"
            case ENOTDIR: "a part of the path is not a folder"
            case EISDIR: "it is a folder, not a file"
            default: String(cString: strerror(code)).lowercased()
            }
        }
    }

    /// The status of `path`, following symbolic links.
    static func status(of path: String) -> Result<Status, Failure> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(Failure(code: errno)) }
        return .success(status(from: info))
    }

    /// True when `path` is a symbolic link (whether or not its target exists).
    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// The names in folder `path`, unsorted, without "." and "..".
    static func names(inFolder path: String) -> Result<[String], Failure> {
        guard let folder = opendir(path) else { return .failure(Failure(code: errno)) }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(cString: $0)
                }
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return .success(names)
    }

    /// The bytes of file `path`, refusing (without reading on) a file larger than `limit`.
    static func contents(of path: String, limit: Int) throws(IngestError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let failure = Failure(code: errno)
            throw IngestError(location: path, message: "cannot read the file: \(failure.reason)\(advice(for: failure))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw IngestError(location: path, message: "cannot read the file: \(Failure(code: errno).reason)")
        }
        let status = status(from: info)
        if status.kind == .folder {
            throw IngestError(location: path, message: "this is a folder, not a page file")
        }
        if status.kind == .file, status.size > limit { throw tooLarge(path, size: status.size, limit: limit) }
        var data = Data(capacity: status.kind == .file ? status.size : 64 * 1024)
        let chunkSize = 64 * 1024
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, chunkSize) }
            if count < 0 {
                if errno == EINTR { continue }
                throw IngestError(location: path, message: "cannot read the file: \(Failure(code: errno).reason)")
            }
            if count == 0 { break }
            data.append(contentsOf: chunk[..<count])
            // A file that grew, or a device, stops at the limit instead of being read to its end.
            if data.count > limit { throw tooLarge(path, size: data.count, limit: limit, atLeast: true) }
        }
        return data
    }

    private static func tooLarge(_ path: String, size: Int, limit: Int, atLeast: Bool = false) -> IngestError {
        IngestError(
            location: path,
            message: "the file is \(atLeast ? "over " : "")\(PageSizeLimit.describe(size)); the limit is "
                + "\(PageSizeLimit.describe(limit)) per page. A story page is far smaller: check that this is the "
                + "right file, or raise the page size limit")
    }

    private static func advice(for failure: Failure) -> String {
        switch failure.code {
        case EACCES, EPERM: " (check the file's permissions)"
        case ENOENT: " (it was moved or deleted, or it is a broken symbolic link)"
        default: ""
        }
    }

    private static func status(from info: stat) -> Status {
        let kind: Status.Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .folder
        default: kind = .other
        }
        return Status(
            kind: kind, size: Int(info.st_size),
            identity: Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)))
    }
}
