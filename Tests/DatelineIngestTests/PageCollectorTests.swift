import DatelineCore
import Foundation
import Testing

@testable import DatelineIngest

/// A folder under the system's temporary directory, removed (permissions restored first) when dropped.
final class TemporaryFolder {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        if let walker = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in walker {
                chmodBack(url.appendingPathComponent(relative).path)
            }
        }
        try? FileManager.default.removeItem(at: url)
    }

    private func chmodBack(_ path: String) {
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func folder(_ relative: String) throws {
        try FileManager.default.createDirectory(
            at: url.appendingPathComponent(relative), withIntermediateDirectories: true)
    }

    func link(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(
            atPath: url.appendingPathComponent(relative).path, withDestinationPath: destination)
    }

    func protect(_ relative: String) throws {
        try FileManager.default.setAttributes(
            [.posixPermissions: 0], ofItemAtPath: url.appendingPathComponent(relative).path)
    }
}

/// Stands in for the HTML reader, so routing is tested whatever the real one does.
struct HTMLStandIn: PageReader {
    func read(_ page: RawPage) throws(IngestError) -> StoryDraft {
        StoryDraft(headline: "HTML page", body: ["\(page.bytes.count) bytes"])
    }
}

@Suite("Page collector")
struct PageCollectorTests {
    let collector = PageCollector(readers: PageReaders(scrapedText: ScrapedTextReader(), html: HTMLStandIn()))

    @Test func expandsAFolderTreeAndReadsEveryPage() throws {
        let root = try TemporaryFolder()
        try root.write("a.txt", Fixtures.nightMarket)
        try root.write("b.html", "<html><body><h1>One</h1></body></html>")
        try root.write("c.htm", "<html></html>")
        try Data([0x1F, 0x8B, 0x08, 0x00]).write(to: root.url.appendingPathComponent("d.html.gz"))
        try root.write("notes.md", "# not a page")
        try root.write(".hidden.txt", Fixtures.nightMarket)
        try root.write(".git/x.txt", Fixtures.nightMarket)
        try root.write("sub/e.txt", Fixtures.tram)
        try root.write("sub/deeper/F.TXT", Fixtures.sailing)
        try root.write("folder.txt/g.txt", Fixtures.harbor)
        try root.write("locked.txt", Fixtures.nightMarket)
        try root.protect("locked.txt")
        try root.link("loop", to: root.path)
        try root.link("dangling.txt", to: root.url.appendingPathComponent("missing-target.txt").path)
        let big = root.url.appendingPathComponent("big.txt")
        try #require(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 50 * 1024 * 1024)
        try handle.close()

        let listing = collector.list([root.path])
        let relative = listing.files.map { String($0.path.dropFirst(root.path.count + 1)) }
        #expect(
            relative == [
                "a.txt", "b.html", "big.txt", "c.htm", "d.html.gz", "folder.txt/g.txt", "locked.txt",
                "sub/deeper/F.TXT", "sub/e.txt",
            ])
        #expect(
            listing.files.map(\.format) == [
                .scrapedText, .html, .scrapedText, .html, .gzippedHTML, .scrapedText, .scrapedText, .scrapedText,
                .scrapedText,
            ])
        #expect(listing.problems.map(\.location) == [root.url.appendingPathComponent("dangling.txt").path])
        #expect(listing.problems.first?.message.contains("broken symbolic link") == true)
        #expect(listing.skipped.contains(root.url.appendingPathComponent("notes.md").path))
        #expect(listing.skipped.contains(root.url.appendingPathComponent("loop").path))

        let pages = collector.collect([root.path])
        #expect(pages.count == 10)
        func outcome(_ name: String) throws -> Result<StoryDraft, IngestError> {
            try #require(pages.first(where: { $0.location == root.url.appendingPathComponent(name).path })).result
        }
        #expect(try outcome("a.txt").get().headline == "Night market opens on the old river road")
        for name in ["b.html", "c.htm", "d.html.gz"] {
            #expect(try outcome(name).get().headline == "HTML page")
        }
        #expect(try outcome("sub/e.txt").get().byline == "By Marta Quintela")
        #expect(try outcome("folder.txt/g.txt").get().topics == ["Gull Harbor", "Coastal Erosion", "Brigid Olander"])
        guard case .failure(let tooBig) = try outcome("big.txt") else {
            Issue.record("a 50 MB page was read")
            return
        }
        #expect(tooBig.message.contains("the file is 52.4 MB; the limit is 10.0 MB per page"))

        // Root reads through chmod 000; everyone else gets a permission error for that file alone.
        let lockedPath = root.url.appendingPathComponent("locked.txt").path
        if FileManager.default.isReadableFile(atPath: lockedPath) {
            #expect(try outcome("locked.txt").get().headline == "Night market opens on the old river road")
        } else {
            guard case .failure(let locked) = try outcome("locked.txt") else {
                Issue.record("an unreadable file was read")
                return
            }
            #expect(locked.message.contains("cannot read the file: permission denied"))
        }
    }

    @Test func reportsAnUnreadableFolderAndGoesOn() throws {
        let root = try TemporaryFolder()
        try root.write("private/secret.txt", Fixtures.nightMarket)
        try root.write("public/open.txt", Fixtures.nightMarket)
        try root.protect("private")
        let listing = collector.list([root.path])
        let privatePath = root.url.appendingPathComponent("private").path
        if FileManager.default.isReadableFile(atPath: privatePath) {
            #expect(listing.files.count == 2)
            #expect(listing.problems.isEmpty)
        } else {
            #expect(listing.files.map(\.path) == [root.url.appendingPathComponent("public/open.txt").path])
            #expect(listing.problems.map(\.location) == [privatePath])
            #expect(listing.problems.first?.message.contains("cannot open the folder: permission denied") == true)
        }
    }

    @Test func namedPathsAreCheckedOneByOne() throws {
        let root = try TemporaryFolder()
        let page = try root.write("a.txt", Fixtures.nightMarket)
        let notes = try root.write("notes.md", "# notes")
        let missing = root.url.appendingPathComponent("nowhere.txt").path
        let listing = collector.list([page, notes, missing, page, root.path])
        #expect(listing.files.map(\.path) == [page])
        #expect(listing.problems.map(\.location) == [notes, missing])
        #expect(listing.problems[0].message.contains("not a page file Dateline reads; expected a name ending in .txt"))
        #expect(listing.problems[1].message == "no such file or folder")
    }

    @Test func hiddenFilesCanBeNamedExplicitly() throws {
        let root = try TemporaryFolder()
        let hidden = try root.write(".draft.txt", Fixtures.nightMarket)
        #expect(collector.list([hidden]).files.map(\.path) == [hidden])
        #expect(collector.list([root.path]).files.isEmpty)
    }

    @Test func theSizeLimitIsConfigurable() throws {
        let root = try TemporaryFolder()
        let page = try root.write("a.txt", Fixtures.nightMarket)
        let strict = PageCollector(maximumBytes: 100)
        guard case .failure(let error) = strict.read(PageFile(path: page, format: .scrapedText)) else {
            Issue.record("a page over the limit was read")
            return
        }
        #expect(error.location == page)
        #expect(error.message.contains("the limit is 100 bytes"))
    }

    @Test func aFolderNamedLikeAPageIsAFolder() throws {
        let root = try TemporaryFolder()
        try root.folder("empty.txt")
        let listing = collector.list([root.url.appendingPathComponent("empty.txt").path])
        #expect(listing.files.isEmpty)
        #expect(listing.problems.isEmpty)
        guard
            case .failure(let error) = collector.read(
                PageFile(path: root.url.appendingPathComponent("empty.txt").path, format: .scrapedText))
        else {
            Issue.record("a folder was read as a page")
            return
        }
        #expect(error.message == "this is a folder, not a page file")
    }
}
