/// A file found on disk that Dateline will read as a page.
public struct PageFile: Hashable, Sendable {
    /// The file's path, as given or as found under a given folder.
    public var path: String
    /// What kind of page the file's name says it is.
    public var format: PageFormat

    /// Makes a page file record.
    public init(path: String, format: PageFormat) {
        self.path = path
        self.format = format
    }
}
