/// What a list of command-line paths expands to: the page files to read, in order, and the paths
/// that could not be looked at, each with its reason.
public struct PageListing: Sendable {
    /// One result of expanding the paths, in the order found.
    public enum Entry: Sendable {
        /// A file to read.
        case page(PageFile)
        /// A path that could not be used: missing, unreadable folder, broken link, unknown kind.
        case problem(IngestError)
    }

    /// Every page and problem, in the order the paths were given and folders sorted by name.
    public var entries: [Entry]
    /// Files inside the given folders that are not pages (other extensions, devices), and folders
    /// reached a second time through symbolic links; passed over without error.
    public var skipped: [String]

    /// Makes a listing.
    public init(entries: [Entry] = [], skipped: [String] = []) {
        self.entries = entries
        self.skipped = skipped
    }

    /// The page files to read, in order.
    public var files: [PageFile] {
        entries.compactMap {
            if case .page(let file) = $0 { return file }
            return nil
        }
    }

    /// The paths that could not be used, in order.
    public var problems: [IngestError] {
        entries.compactMap {
            if case .problem(let error) = $0 { return error }
            return nil
        }
    }
}
