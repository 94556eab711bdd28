import DatelineCore
import DatelineStore
import Foundation
import Testing

/// `dateline import --images` (issue 14): a page's lead image with its caption, credit and alt
/// text goes into the media library through the guarded fetcher, only when asked.
@Suite struct ImportImagesTests {
    static func page(image: String, credit: Bool = true) -> String {
        let creditSpan = credit ? #" <span class="photo-credit">Ann Arden/Harbour News</span>"# : ""
        return """
            <!DOCTYPE html><html><head><title>Ferry strike ends after nine days</title></head>
            <body><article><h1>Ferry strike ends after nine days</h1>
            <figure><img src="\(image)" alt="Crew members cheer on the Kestrel's deck">
            <figcaption>The Kestrel's crew back on board on Tuesday.\(creditSpan)</figcaption></figure>
            <p>PORT ELLEN, Norland (HN) -- Ferry crews on the Kestrel route returned to work on Tuesday after \
            nine days on strike, ending the longest stoppage the island has seen since the service began in 1931.</p>
            <p>The union said its members had accepted a pay offer worth four per cent this year and three per \
            cent next year, with a review of rest periods on the long winter crossings.</p>
            <p>Islanders queued at the harbour from dawn for the first sailing, which left twenty minutes late.</p>
            </article></body></html>
            """
    }

    @Test("with --images the page's lead image is fetched, checked and stored with its words; without it nothing is")
    func fetchesTheLeadImageOnlyWhenAsked() async throws {
        let picture = try TestPictures.make(width: 640, height: 400)
        let server = try LoopbackFileServer { base in
            [
                "/ferry.html": .init(
                    contentType: "text/html; charset=utf-8", body: Data(Self.page(image: "/photos/kestrel.jpg").utf8)),
                "/photos/kestrel.jpg": .init(contentType: "image/jpeg", body: picture),
            ]
        }
        defer { server.stop() }
        let scratch = try ScratchFolder()

        // Without --images: the page only.
        let plain = scratch.path("plain.sqlite")
        let without = try CommandRunner.run([
            "import", "--database", plain, "--allow-private", "--url", server.base + "/ferry.html",
        ])
        #expect(without.status == 0, "\(without.standardError)")
        #expect(without.standardOutput.isEmpty)
        #expect(server.requestedPaths == ["/ferry.html"])
        #expect(try await SQLiteStoryStore(path: plain).mediaItems(MediaQuery()).isEmpty)

        let database = scratch.path("site.sqlite")
        let with = try CommandRunner.run([
            "import", "--database", database, "--allow-private", "--images", "--url", server.base + "/ferry.html",
        ])
        #expect(with.status == 0, "\(with.standardError)")
        #expect(server.requestedPaths.last == "/photos/kestrel.jpg")
        let printed = with.standardOutput.split(separator: "\t")
        let id = try #require(Int64(printed.first ?? ""), "stdout: \(with.standardOutput)")
        #expect(with.standardOutput.hasSuffix("\t/story/ferry-strike-ends-after-nine-days\n"))
        #expect(with.standardError.contains("lead image: media \(id)"))
        let store = try SQLiteStoryStore(path: database)
        let item = try #require(try await store.media(id: id))
        #expect(item.details.altText == "Crew members cheer on the Kestrel's deck")
        #expect(item.details.credit == "Ann Arden/Harbour News")
        #expect(item.details.caption == "The Kestrel's crew back on board on Tuesday.")
        #expect(item.fileName == "kestrel.jpg")
        #expect(item.width == 640 && item.height == 400)
        #expect(try await store.mediaOriginal(id: id)?.bytes == picture)
        #expect(try await store.storyCount() == 1)
        // The picture is the imported story's lead image, and counts as used by it.
        let slug = try #require(Slug(validating: "ferry-strike-ends-after-nine-days"))
        let story = try #require(try await store.story(slug: slug))
        #expect(story.leadImage == id)
        #expect(try await store.publishedStories(usingMedia: id) == [story.id])
    }

    @Test("a page file's image: no credit stays empty; loopback is refused without --allow-private; an SVG is refused")
    func refusalsKeepTheStory() async throws {
        let picture = try TestPictures.make(width: 500, height: 300)
        let svg = Data(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.utf8)
        let server = try LoopbackFileServer { _ in
            [
                "/plain.jpg": .init(contentType: "image/jpeg", body: picture),
                "/logo.svg": .init(contentType: "image/svg+xml", body: svg),
                "/lying.jpg": .init(contentType: "image/jpeg", body: svg),
            ]
        }
        defer { server.stop() }
        let scratch = try ScratchFolder()
        try scratch.write("pages/plain.html", Self.page(image: server.base + "/plain.jpg", credit: false))

        let guarded = try CommandRunner.run([
            "import", "--database", scratch.path("guarded.sqlite"), "--images", scratch.path("pages"),
        ])
        #expect(guarded.status == 0, "the story is imported without its picture: \(guarded.standardError)")
        #expect(guarded.standardError.contains("lead image not stored"))
        #expect(guarded.standardError.contains("--allow-private"))
        #expect(server.requestedPaths.isEmpty, "nothing reached the loopback server")
        let guardedStore = try SQLiteStoryStore(path: scratch.path("guarded.sqlite"))
        #expect(try await guardedStore.storyCount() == 1)
        #expect(try await guardedStore.mediaItems(MediaQuery()).isEmpty)

        let allowed = try CommandRunner.run([
            "import", "--database", scratch.path("allowed.sqlite"), "--images", "--allow-private",
            scratch.path("pages"),
        ])
        #expect(allowed.status == 0, "\(allowed.standardError)")
        // Without a credit the picture cannot go live: it is kept in the library, not attached.
        #expect(allowed.standardOutput.isEmpty)
        #expect(allowed.standardError.contains("but not attached: it needs alt text and credit"))
        let stored = try #require(
            allowed.standardError.firstMatch(of: /lead image stored as media (\d+)/).map { Int64($0.1) } ?? nil)
        let id = stored
        let item = try #require(try await SQLiteStoryStore(path: scratch.path("allowed.sqlite")).media(id: id))
        #expect(item.details.credit == nil)
        #expect(item.missingForPublication == ["credit"])

        for (name, path, reason) in [("svg", "/logo.svg", "image/svg+xml"), ("lying", "/lying.jpg", "SVG")] {
            try scratch.write("\(name)/page.html", Self.page(image: server.base + path))
            let outcome = try CommandRunner.run([
                "import", "--database", scratch.path("\(name).sqlite"), "--images", "--allow-private",
                scratch.path(name),
            ])
            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(outcome.standardError.contains("lead image not stored"), "\(outcome.standardError)")
            #expect(outcome.standardError.contains(reason), "\(outcome.standardError)")
            #expect(outcome.standardOutput.isEmpty)
            let store = try SQLiteStoryStore(path: scratch.path("\(name).sqlite"))
            #expect(try await store.mediaItems(MediaQuery()).isEmpty)
            #expect(try await store.storyCount() == 1)
        }
    }
}
