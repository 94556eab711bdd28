import Foundation

/// Expands paths given for wire import into `.json` and `.xml` files: folders recursively, in
/// name order, hidden files skipped, each folder entered once (so link loops end).
public enum WireFileListing {
    /// One file to read, or a path that could not be used.
    public enum Entry: Sendable, Hashable {
        case file(String)
        case problem(IngestError)
    }

    /// The wire files under `paths`. A file named directly must end in .json or .xml; inside
    /// folders other files are passed over.
    public static func list(_ paths: [String]) -> [Entry] {
        var entries: [Entry] = []
        var seenFolders: Set<String> = []
        func visit(_ path: String, named: Bool) {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                if named { entries.append(.problem(IngestError(location: path, message: "no such file or folder"))) }
                return
            }
            if isFolder.boolValue {
                let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                guard seenFolders.insert(real).inserted else { return }
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                    entries.append(.problem(IngestError(location: path, message: "cannot open the folder")))
                    return
                }
                let prefix = path.hasSuffix("/") ? path : path + "/"
                for name in names.sorted() where !name.hasPrefix(".") { visit(prefix + name, named: false) }
            } else if WireFileReader.accepts(path) {
                entries.append(.file(path))
            } else if named {
                entries.append(
                    .problem(
                        IngestError(
                            location: path,
                            message: "not a wire file; expected a name ending in .json (ninjs) or .xml (NewsML-G2)")))
            }
        }
        for path in paths { visit(path, named: true) }
        return entries
    }
}
