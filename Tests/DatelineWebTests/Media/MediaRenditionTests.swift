import DatelineCore
import DatelineMedia
import DatelineStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import DatelineWeb

/// Rendition addresses: made on first request, cached on disk, immutable, 404 for an old
/// version or a width off the ladder (issue 14, storage and renditions).
@Suite("Media renditions")
struct MediaRenditionTests {
    /// A site whose rendition cache is a folder of its own.
    static func site() throws -> (ReaderTestSite, URL) {
        let cache = FileManager.default.temporaryDirectory
            .appendingPathComponent("dateline-rendition-tests-\(UUID().uuidString)", isDirectory: true)
        var configuration = WebConfiguration(publicBaseURL: URL(string: "https://news.example.test"))
        configuration.media = MediaConfiguration(renditionFolder: cache)
        return (try ReaderTestSite(configuration: configuration), cache)
    }

    /// Stores a picture made by libvips, as the upload would.
    static func store(_ bytes: Data, in store: some MediaStore, name: String = "harbour.jpg") async throws -> MediaItem
    {
        let info = try ImagePipeline().validate(bytes)
        return try await store.addMedia(
            NewMedia(
                image: MediaImage(
                    bytes: bytes, fileName: name, format: info.format.rawValue, width: info.width, height: info.height),
                details: MediaDetails(altText: "Boats in the harbour", credit: "Ann Arden"), uploadedBy: nil,
                time: Date(timeIntervalSince1970: 1_800_000_000))
        ).item
    }

    @Test("a rendition is made on first request, cached on disk, and answered with immutable headers")
    func firstRequestAndCache() async throws {
        let (site, cache) = try Self.site()
        defer { try? FileManager.default.removeItem(at: cache) }
        let item = try await Self.store(try TestPictures.make(width: 1000, height: 600), in: site.store)
        let address = MediaAddress(item: item, width: 640, format: .webp)
        try await site.withBrowser { browser in
            let first = try await browser.get(address.path)
            #expect(first.status == .ok)
            #expect(first.headers[.contentType] == "image/webp")
            #expect(first.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(first.headers[.xContentTypeOptions] == "nosniff")
            let tag = try #require(first.headers[.eTag])
            #expect(tag.hasPrefix("\"") && !tag.hasPrefix("W/"))
            let bytes = Data(first.response.body.readableBytesView)
            let size = try TestPictures.size(of: bytes)
            #expect(size.width == 640 && size.height == 384)
            #expect(first.headers[.setCookie] == nil)

            let files = try FileManager.default.contentsOfDirectory(atPath: cache.path)
            #expect(files == [address.cacheName])
            // Served from disk the second time: the same bytes, and a revalidation is a 304.
            let second = try await browser.get(address.path)
            #expect(Data(second.response.body.readableBytesView) == bytes)
            var headers = HTTPFields()
            headers[.ifNoneMatch] = tag
            let revalidated = try await browser.get(address.path, headers: headers)
            #expect(revalidated.status == .notModified)

            // Every format and the original's own width (not wider) answer; the JPEG is a JPEG.
            let jpeg = try await browser.get(MediaAddress(item: item, width: 1000, format: .jpeg).path)
            #expect(jpeg.status == .ok)
            #expect(jpeg.headers[.contentType] == "image/jpeg")
            #expect(Array(Data(jpeg.response.body.readableBytesView).prefix(3)) == [0xFF, 0xD8, 0xFF])
            let avif = try await browser.get(MediaAddress(item: item, width: 320, format: .avif).path)
            #expect(avif.status == .ok)
            #expect(avif.headers[.contentType] == "image/avif")
        }
    }

    @Test("widths off the image's ladder, old versions, other ids and malformed names are 404")
    func notFound() async throws {
        let (site, cache) = try Self.site()
        defer { try? FileManager.default.removeItem(at: cache) }
        let item = try await Self.store(try TestPictures.make(width: 1000, height: 600), in: site.store)
        try await site.withBrowser { browser in
            for width in [500, 1280, 2048, 0] {
                #expect(
                    try await browser.get(MediaAddress(item: item, width: width, format: .webp).path).status
                        == .notFound, "width \(width)")
            }
            let key = String(item.digest.prefix(16))
            for name in [
                "\(item.id)-\(key)-640.png", "\(item.id)-\(key)-640", "\(item.id)-\(key.uppercased())-640.webp",
                "\(item.id)-\(key.dropLast())-640.webp", "0\(item.id)-\(key)-640.webp",
                "\(item.id + 1)-\(key)-640.webp",
                "\(item.id)-0000000000000000-640.webp", "\(item.id)-\(key)-640.webp.webp",
            ] {
                #expect(try await browser.get("/media/\(name)").status == .notFound, "\(name)")
            }

            let old = MediaAddress(item: item, width: 640, format: .jpeg)
            #expect(try await browser.get(old.path).status == .ok)
            let newBytes = try TestPictures.make(width: 800, height: 800, seed: 90)
            let info = try ImagePipeline().validate(newBytes)
            let replaced = try #require(
                try await site.store.replaceMedia(
                    id: item.id,
                    with: MediaImage(
                        bytes: newBytes, fileName: "square.jpg", format: info.format.rawValue, width: 800, height: 800),
                    at: Date()))
            // The old address is gone even though its bytes are still in this server's cache.
            #expect(try await browser.get(old.path).status == .notFound)
            let fresh = try await browser.get(MediaAddress(item: replaced, width: 640, format: .jpeg).path)
            #expect(fresh.status == .ok)
            let size = try TestPictures.size(of: Data(fresh.response.body.readableBytesView))
            #expect(size.width == 640 && size.height == 640)

            #expect(try await site.store.deleteMedia(id: item.id, force: false) == .deleted)
            #expect(
                try await browser.get(MediaAddress(item: replaced, width: 640, format: .jpeg).path).status == .notFound)
        }
    }

    @Test("concurrent first requests for one rendition make it once")
    func coalesced() async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("dateline-cache-tests-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = RenditionCache(folder: folder, byteLimit: 1 << 20)
        let made = Counter()
        let asked = Counter()
        let results = try await withThrowingTaskGroup(of: Data.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    asked.add()
                    return try await cache.rendition(named: "1-0123456789abcdef-320.webp") {
                        made.add()
                        // The making lasts until every asker has asked (polled, 10 s at most).
                        let deadline = ContinuousClock.now + .seconds(10)
                        while asked.value < 8, ContinuousClock.now < deadline { await Task.yield() }
                        return Data("made".utf8)
                    }
                }
            }
            return try await group.reduce(into: [Data]()) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == Data("made".utf8) })
        #expect(made.value == 1)
        // And the next asker reads it from disk.
        let again = try await cache.rendition(named: "1-0123456789abcdef-320.webp") {
            made.add()
            return Data("again".utf8)
        }
        #expect(again == Data("made".utf8))
        #expect(made.value == 1)
    }

    @Test("the cache stays within its bound by removing the least recently used, also after a restart")
    func eviction() async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("dateline-cache-tests-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = RenditionCache(folder: folder, byteLimit: 250)
        let hundred = Data(repeating: 7, count: 100)
        func name(_ id: Int) -> String { "\(id)-0123456789abcdef-320.jpg" }
        for id in 1...2 { _ = try await cache.rendition(named: name(id)) { hundred } }
        // Using the first makes the second the least recently used.
        _ = try await cache.rendition(named: name(1)) {
            Issue.record("made again"); return hundred
        }
        _ = try await cache.rendition(named: name(3)) { hundred }
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        #expect(names == [name(1), name(3)])
        #expect(await cache.usage.bytes == 200)

        // A new cache over the same folder (a restarted server) finds the files and keeps the bound.
        let restarted = RenditionCache(folder: folder, byteLimit: 150)
        #expect(await restarted.usage.files == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
    }

    @Test("the picture helper lists every ladder width in AVIF, WebP and JPEG, with the box's size")
    func pictureHelper() throws {
        let item = MediaItem(
            id: 7, version: 1, digest: String(repeating: "ab", count: 32), fileName: "a.jpg", format: "jpeg",
            width: 1000,
            height: 500, byteCount: 1, details: MediaDetails(altText: "A gull"), uploadedBy: nil, uploadedByName: nil,
            createdAt: Date(), updatedAt: Date())
        let picture = MediaPicture(item: item, sizes: "50vw")
        let key = String(repeating: "ab", count: 8)
        #expect(picture.sources.map(\.type) == ["image/avif", "image/webp"])
        #expect(
            picture.sources[1].srcset
                == "/media/7-\(key)-320.webp 320w, /media/7-\(key)-480.webp 480w, /media/7-\(key)-640.webp 640w, "
                + "/media/7-\(key)-960.webp 960w, /media/7-\(key)-1000.webp 1000w")
        #expect(picture.srcset.hasSuffix("/media/7-\(key)-1000.jpg 1000w"))
        #expect(picture.src == "/media/7-\(key)-960.jpg")
        #expect(picture.width == 1000 && picture.height == 500)
        #expect(picture.alt == "A gull")
        #expect(picture.sizes == "50vw")

        // A thumbnail offers only the widths up to its bound, the narrowest as src, in a box that
        // keeps the picture's shape at the bound.
        let thumbnail = PictureView(item: item, sizes: "10em", maximumWidth: 480)
        #expect(thumbnail.srcset == "/media/7-\(key)-320.jpg 320w, /media/7-\(key)-480.jpg 480w")
        #expect(thumbnail.sources.map(\.srcset)[1] == "/media/7-\(key)-320.webp 320w, /media/7-\(key)-480.webp 480w")
        #expect(thumbnail.src == "/media/7-\(key)-320.jpg")
        #expect(thumbnail.width == 480 && thumbnail.height == 240)
        // A bound below the narrowest width still offers that one.
        let tiny = PictureView(item: item, sizes: "4em", maximumWidth: 100)
        #expect(tiny.srcset == "/media/7-\(key)-320.jpg 320w")
        #expect(tiny.width == 100 && tiny.height == 50)
    }
}

/// A count several tasks add to.
private final class Counter: Sendable {
    private let count = Mutex(0)

    func add() { count.withLock { $0 += 1 } }

    var value: Int { count.withLock { $0 } }
}

extension MediaRenditionTests {
    @Test("with the page cache on, renditions stay out of it: a deleted picture stops answering at once")
    func notInThePageCache() async throws {
        let cache = FileManager.default.temporaryDirectory
            .appendingPathComponent("dateline-rendition-tests-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: cache) }
        var configuration = WebConfiguration(publicBaseURL: URL(string: "https://news.example.test"))
        configuration.media = MediaConfiguration(renditionFolder: cache)
        configuration.cachesPages = true
        let site = try ReaderTestSite(configuration: configuration)
        let item = try await Self.store(try TestPictures.make(width: 400, height: 300), in: site.store)
        let path = MediaAddress(item: item, width: 320, format: .jpeg).path
        let store = site.store
        let statuses = try await site.withBrowser { browser -> [HTTPResponse.Status] in
            browser.forgetCookies()
            let before = try await browser.get(path).status
            _ = try await store.deleteMedia(id: item.id, force: false)
            let after = try await browser.get(path).status
            return [before, after]
        }
        #expect(statuses == [.ok, .notFound])
    }
}
