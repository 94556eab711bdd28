import DatelineCore
import Foundation

/// Reads agency files for the wire queue by name: `.json` as ninjs, `.xml` as NewsML-G2.
public struct WireFileReader: Sendable {
    public var ninjs: NinjsReader
    public var newsML: NewsMLReader

    public init(maximumBytes: Int = 10_000_000) {
        ninjs = NinjsReader(maximumBytes: maximumBytes)
        newsML = NewsMLReader(maximumBytes: maximumBytes)
    }

    /// True for a file name the wire readers take.
    public static func accepts(_ path: String) -> Bool {
        let name = path.lowercased()
        return name.hasSuffix(".json") || name.hasSuffix(".xml")
    }

    /// The items in the file at `path`, or an error naming the file.
    public func read(path: String) throws(IngestError) -> [WireItemDraft] {
        let bytes = try PageFileSystem.contents(of: path, limit: max(ninjs.maximumBytes, newsML.maximumBytes))
        return try read([UInt8](bytes), path: path)
    }

    /// The items in `bytes` read from a file called `path`.
    public func read(_ bytes: [UInt8], path: String) throws(IngestError) -> [WireItemDraft] {
        let fallback = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent.nilIfEmpty ?? "wire"
        do throws(WireReadError) {
            if path.lowercased().hasSuffix(".json") {
                return try ninjs.read(bytes, origin: path, fallbackSource: fallback)
            } else if path.lowercased().hasSuffix(".xml") {
                return try newsML.read(bytes, origin: path, fallbackSource: fallback)
            }
            throw WireReadError("not a wire file; expected a name ending in .json (ninjs) or .xml (NewsML-G2)")
        } catch {
            throw IngestError(location: path, message: error.message)
        }
    }
}
