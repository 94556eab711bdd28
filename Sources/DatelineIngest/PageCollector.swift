import DatelineCore
import Foundation

/// Turns the paths given to `dateline import` into pages read: expands folders (recursively,
/// sorted by name, hidden files skipped, symbolic-link loops never followed), reads each file
/// under a size limit with the reader for its format, and reports each failure against its file
/// without stopping the rest.
public struct PageCollector: Sendable {
    /// The largest file read; larger ones fail with an error before they are read.
    public var maximumBytes: Int
    /// The reader for each page format.
    public var readers: PageReaders

    /// Makes a collector; `readers` defaults to ``PageReaders/standard(maximumBytes:)`` with the same limit.
    public init(maximumBytes: Int = PageSizeLimit.defaultBytes, readers: PageReaders? = nil) {
        self.maximumBytes = maximumBytes
        self.readers = readers ?? .standard(maximumBytes: maximumBytes)
    }

    /// Expands `paths` (files or folders) into the page files to read and the paths that failed.
    ///
    /// A file named on the command line must have a page extension (``PageFormat/fileNameEndings``);
    /// inside folders, other files are passed over. The same file reached twice is listed once.
    public func list(_ paths: [String]) -> PageListing {
        var walk = FolderWalk()
        for path in paths {
            walk.visit(path, named: true)
        }
        return walk.listing
    }

    /// The raw bytes of `file`, or why they could not be read.
    public func load(_ file: PageFile) throws(IngestError) -> RawPage {
        let bytes = try PageFileSystem.contents(of: file.path, limit: maximumBytes)
        return RawPage(bytes: bytes, location: file.path)
    }

    /// Reads `file` into a draft with its format's reader.
    public func read(_ file: PageFile) -> Result<StoryDraft, IngestError> {
        do {
            let page = try load(file)
            return .success(try readers.reader(for: file.format).read(page))
        } catch {
            return .failure(error)
        }
    }

    /// Lists `paths` and reads every page found: one outcome per page or failed path, in order.
    public func collect(_ paths: [String]) -> [CollectedPage] {
        list(paths).entries.map { entry in
            switch entry {
            case .page(let file):
                CollectedPage(location: file.path, format: file.format, result: read(file))
            case .problem(let error):
                CollectedPage(location: error.location, format: nil, result: .failure(error))
            }
        }
    }
}

/// One expansion of paths into a listing, remembering what it has seen so nothing is listed twice
/// and no folder is entered twice.
private struct FolderWalk {
    var listing = PageListing()
    private var seenFiles: Set<PageFileSystem.Identity> = []
    private var seenFolders: Set<PageFileSystem.Identity> = []

    /// Adds `path`; `named` is true for paths given by the person, false for ones found in folders.
    mutating func visit(_ path: String, named: Bool) {
        let status: PageFileSystem.Status
        switch PageFileSystem.status(of: path) {
        case .success(let found):
            status = found
        case .failure(let failure):
            let isLink = PageFileSystem.isSymbolicLink(path)
            // In a folder, only a broken link that looks like a page is worth a message.
            if !named, PageFormat(fileName: path) == nil {
                listing.skipped.append(path)
                return
            }
            let message =
                isLink && failure.code == ENOENT
                ? "broken symbolic link: the file it points to does not exist"
                : named && failure.code == ENOENT ? "no such file or folder" : "cannot open: \(failure.reason)"
            listing.entries.append(.problem(IngestError(location: path, message: message)))
            return
        }
        switch status.kind {
        case .folder:
            guard seenFolders.insert(status.identity).inserted else {
                // Reached again through a symbolic link: a loop, or a folder given twice.
                listing.skipped.append(path)
                return
            }
            enter(path)
        case .file:
            guard let format = PageFormat(fileName: path) else {
                if named {
                    let endings = PageFormat.fileNameEndings.joined(separator: ", ")
                    listing.entries.append(
                        .problem(
                            IngestError(
                                location: path,
                                message: "not a page file Dateline reads; expected a name ending in \(endings)")))
                } else {
                    listing.skipped.append(path)
                }
                return
            }
            if seenFiles.insert(status.identity).inserted {
                listing.entries.append(.page(PageFile(path: path, format: format)))
            }
        case .other:
            if named {
                listing.entries.append(
                    .problem(
                        IngestError(location: path, message: "not a regular file (a device, socket or pipe)")))
            } else {
                listing.skipped.append(path)
            }
        }
    }

    private mutating func enter(_ folder: String) {
        switch PageFileSystem.names(inFolder: folder) {
        case .failure(let failure):
            let advice = failure.code == EACCES ? " (check the folder's permissions)" : ""
            listing.entries.append(
                .problem(IngestError(location: folder, message: "cannot open the folder: \(failure.reason)\(advice)")))
        case .success(let names):
            let prefix = folder.hasSuffix("/") ? folder : folder + "/"
            // Hidden files are editor backups and system files, never pages meant for import.
            for name in names.sorted() where !name.hasPrefix(".") {
                visit(prefix + name, named: false)
            }
        }
    }
}
