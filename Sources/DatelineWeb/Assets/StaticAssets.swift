import Crypto
import DatelineCore
import Foundation
import Hummingbird

/// The site's stylesheets, script and icons, read into memory once at start-up. Serving from a
/// dictionary means a request path can never reach the file system, and each file's digest gives
/// it a versioned URL that browsers may cache for a year.
struct StaticAssets: Sendable {
    /// One bundled file.
    struct Asset: Sendable {
        /// The file's bytes.
        let body: ByteBuffer
        /// Its `Content-Type`.
        let contentType: String
        /// A short digest of the bytes, used as the URL version and the ETag.
        let digest: String
    }

    /// The files, by path under `Static/` ("site.css", "icons/print.svg").
    private let assets: [String: Asset]
    /// A digest over every file, so page ETags change when any asset does.
    let version: String

    /// Reads every file under `directory`.
    init(directory: URL) throws(WebSetupError) {
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else {
            throw .missingResources("cannot list \(directory.path)")
        }
        var assets: [String: Asset] = [:]
        var overall = SHA256()
        let paths = enumerator.compactMap { $0 as? String }.sorted()
        // Dotfiles (".keep" placeholders, editor leftovers) are not part of the site.
        for path in paths where !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            let url = directory.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw .missingResources("cannot read \(url.path)")
            }
            let digest = SHA256.hash(data: data).prefix(6).lowercaseHex
            overall.update(data: Array(path.utf8))
            overall.update(data: data)
            assets[path] = Asset(
                body: ByteBuffer(bytes: data), contentType: Self.contentType(forPath: path), digest: digest)
        }
        for required in ["site.css", "print.css", "reader.js"] where assets[required] == nil {
            throw .missingResources("no \(required) in \(directory.path)")
        }
        self.assets = assets
        self.version = overall.finalize().prefix(8).lowercaseHex
    }

    /// The bundled file at `path`, if there is one.
    func asset(at path: String) -> Asset? { assets[path] }

    /// The versioned URL of a bundled file ("/static/site.css?v=1a2b3c4d5e6f").
    func url(for path: String) -> String {
        guard let asset = assets[path] else { return "/static/\(path)" }
        return "/static/\(path)?v=\(asset.digest)"
    }

    private static func contentType(forPath path: String) -> String {
        switch path.split(separator: ".").last.map(String.init) {
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "txt": return "text/plain; charset=utf-8"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }
}
