import DatelineCore
import DatelineMedia
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import DatelineWeb

/// The newsroom's media library at /newsroom/media: upload, grid and search, details, replace
/// and delete, with the desk's roles (issue 14).
@Suite("Newsroom media library")
struct MediaLibraryTests {
    static func upload(
        _ browser: inout Browser, to path: String = NewsroomPaths.mediaLibrary, token: String, file: Data?,
        fileName: String = "harbour.jpg", alt: String = "", credit: String = "", caption: String = ""
    ) async throws -> Page {
        var parts: [(name: String, fileName: String?, body: [UInt8])] = [("csrf_token", nil, Array(token.utf8))]
        if let file { parts.append(("image", fileName, Array(file))) }
        parts += [
            ("alt", nil, Array(alt.utf8)), ("credit", nil, Array(credit.utf8)), ("caption", nil, Array(caption.utf8)),
        ]
        return try await browser.send(
            path, method: .post, headers: UploadTests.multipartHeaders, body: UploadTests.multipart(parts))
    }

    @Test("a writer uploads a picture; it shows in the grid with its alt text and says what it still needs")
    func uploadAndGrid() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let picture = try TestPictures.make(width: 900, height: 600)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.mediaLibrary)
            let response = try await Self.upload(
                &browser, token: token, file: picture, fileName: "Photos/boats.jpg", alt: "Boats at dawn")
            #expect(response.status == .seeOther)
            let items = try await newsroom.store.mediaItems(MediaQuery())
            let item = try #require(items.first)
            #expect(items.count == 1)
            #expect(item.fileName == "boats.jpg")
            #expect(item.uploadedBy == writer.id)
            #expect(item.width == 900 && item.height == 600)
            #expect(try await newsroom.store.mediaOriginal(id: item.id)?.bytes == picture)
            #expect(response.headers[.location] == NewsroomPaths.media(item.id) + "?done=uploaded")

            let page = try await browser.get(try #require(response.headers[.location]))
            #expect(page.status == .ok)
            #expect(page.html.contains("Uploaded."))
            #expect(page.html.contains("Not ready to publish: it needs credit."))
            #expect(page.html.contains("<source type=\"image/avif\""))
            #expect(page.html.contains("width=\"900\" height=\"600\""))

            let library = try await browser.get(NewsroomPaths.mediaLibrary)
            let thumbnail = MediaPicture.thumbnail(of: item)
            #expect(library.html.contains("<img src=\"\(thumbnail)\" alt=\"Boats at dawn\" loading=\"lazy\""))
            #expect(library.html.contains("Needs credit"))
            #expect(library.html.contains("aria-current=\"page\">Media</a>"))
            // The thumbnail's address answers with a picture.
            #expect(try await browser.get(thumbnail).headers[.contentType] == "image/webp")

            #expect(try await browser.get(NewsroomPaths.mediaLibrary + "?q=boats").html.contains(thumbnail))
            let none = try await browser.get(NewsroomPaths.mediaLibrary + "?q=lighthouse")
            #expect(!none.html.contains(thumbnail))
            #expect(none.html.contains("No picture matches “lighthouse”."))

            // The same bytes again give the same item.
            let again = try await Self.upload(&browser, token: token, file: picture)
            #expect(again.headers[.location] == NewsroomPaths.media(item.id) + "?done=duplicate")
            #expect(try await newsroom.store.mediaItems(MediaQuery()).count == 1)
        }
    }

    @Test(
        "SVG, a non-picture, an over-limit file and over-long alt text are refused next to the field; nothing is stored"
    )
    func badUploads() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.mediaLibrary)

            let svg = Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8)
            let refusedSVG = try await Self.upload(&browser, token: token, file: svg, fileName: "logo.jpg")
            #expect(refusedSVG.status == .unprocessableContent)
            #expect(refusedSVG.html.contains("it is an SVG drawing"))
            #expect(refusedSVG.html.contains("<p class=\"error\" id=\"image-error\">"))
            #expect(refusedSVG.html.contains("aria-invalid=\"true\""))

            let text = try await Self.upload(&browser, token: token, file: Data("hello".utf8), fileName: "a.png")
            #expect(text.status == .unprocessableContent)
            #expect(text.html.contains("is not a picture Dateline can use"))

            var tooBig = Data(repeating: 0, count: ImagePipeline.maxUploadBytes + 1)
            tooBig.replaceSubrange(0..<3, with: [0xFF, 0xD8, 0xFF])
            let big = try await Self.upload(&browser, token: token, file: tooBig, alt: "Kept in the form")
            #expect(big.status == .unprocessableContent)
            #expect(big.html.contains("the limit is 25.0 MB") || big.html.contains("26214400 bytes"))
            #expect(big.html.contains("value=\"Kept in the form\""))

            let longAlt = String(repeating: "a", count: MediaRules.altTextLimit + 1)
            let long = try await Self.upload(
                &browser, token: token, file: try TestPictures.make(width: 400, height: 300), alt: longAlt)
            #expect(long.status == .unprocessableContent)
            #expect(
                long.html.contains(
                    "<p class=\"error\" id=\"alt-error\">Keep the alt text to 500 characters or fewer.</p>"))

            let forged = try await Self.upload(
                &browser, token: "forged", file: try TestPictures.make(width: 400, height: 300))
            #expect(forged.status == .forbidden)

            #expect(try await newsroom.store.mediaItems(MediaQuery()).isEmpty)
        }
    }

    @Test("a body far over the limit is cut off with a clear message")
    func bodyOverLimit() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.mediaLibrary)
            let huge = Data(repeating: 1, count: ImagePipeline.maxUploadBytes + 200 * 1024)
            let response = try await Self.upload(&browser, token: token, file: huge)
            #expect(response.status == .contentTooLarge)
            #expect(response.html.contains("larger than the limit of 25 MB"))
            #expect(response.html.contains("Nothing was stored."))
            #expect(try await newsroom.store.mediaItems(MediaQuery()).isEmpty)
        }
    }

    @Test("writers edit what they uploaded; editors edit and replace anything; text is escaped")
    func editingRights() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let other = try await newsroom.account(.writer)
        let editor = try await newsroom.account(.editor)
        let item = try await MediaRenditionTests.store(
            try TestPictures.make(width: 700, height: 500), in: newsroom.store)
        // Stored by a tool: no writer owns it.
        try await newsroom.withBrowser { browser in
            try await browser.signIn(other.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.media(item.id))
            let page = try await browser.get(NewsroomPaths.media(item.id))
            #expect(!page.html.contains("Save details"))
            #expect(page.html.contains("Only the person who uploaded this picture, or an editor, can change it."))
            let refused = try await browser.post(
                NewsroomPaths.media(item.id), form: [("csrf_token", token), ("alt", "Mine now"), ("credit", "Me")])
            #expect(refused.status == .forbidden)
            #expect(try await newsroom.store.media(id: item.id)?.details.altText == "Boats in the harbour")
        }
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.media(item.id))
            let saved = try await browser.post(
                NewsroomPaths.media(item.id),
                form: [
                    ("csrf_token", token), ("alt", "<script>alert(1)</script> gulls"), ("credit", "Ann & Co"),
                    ("caption", ""),
                ])
            #expect(saved.status == .seeOther)
            let page = try await browser.get(NewsroomPaths.media(item.id))
            #expect(!page.html.contains("<script>alert(1)</script>"))
            #expect(page.html.contains("&lt;script&gt;alert(1)&lt;/script&gt; gulls"))
            #expect(page.html.contains("Ready to publish"))

            let bad = try await browser.post(
                NewsroomPaths.media(item.id), form: [("csrf_token", token), ("alt", "ok"), ("credit", "bad\u{7}bell")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.html.contains("id=\"credit-error\""))

            let replaced = try await Self.upload(
                &browser, to: NewsroomPaths.media(item.id) + "/replace", token: token,
                file: try TestPictures.make(width: 500, height: 500, seed: 40), fileName: "square.png")
            #expect(replaced.status == .seeOther)
            let now = try #require(try await newsroom.store.media(id: item.id))
            #expect(now.version == 2)
            #expect(now.width == 500)
            #expect(now.details.credit == "Ann & Co")
            let svg = try await Self.upload(
                &browser, to: NewsroomPaths.media(item.id) + "/replace", token: token,
                file: Data("<svg></svg>".utf8), fileName: "x.svg")
            #expect(svg.status == .unprocessableContent)
            #expect(svg.html.contains("SVG"))
            #expect(try await newsroom.store.media(id: item.id)?.version == 2)
        }
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.mediaLibrary)
            let response = try await Self.upload(
                &browser, token: token, file: try TestPictures.make(width: 400, height: 400, seed: 3))
            let own = try #require(try await newsroom.store.mediaItems(MediaQuery(uploadedBy: writer.id)).first)
            #expect(response.headers[.location] == NewsroomPaths.media(own.id) + "?done=uploaded")
            let saved = try await browser.post(
                NewsroomPaths.media(own.id), form: [("csrf_token", token), ("alt", "A lighthouse"), ("credit", "W")])
            #expect(saved.status == .seeOther)
            #expect(try await newsroom.store.media(id: own.id)?.isReadyToPublish == true)
        }
    }

    @Test("only editors delete, after a confirmation; a picture a published story uses needs the box ticked")
    func deleting() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let editor = try await newsroom.account(.editor)
        let item = try await MediaRenditionTests.store(
            try TestPictures.make(width: 700, height: 500), in: newsroom.store)
        let story = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Gulls return"), status: .published, author: editor.id)
        try await newsroom.store.setMediaUses(ofStory: story.id, media: [item.id])
        let deleteURL = NewsroomPaths.media(item.id) + "/delete"
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.media(item.id))
            #expect(!(try await browser.get(NewsroomPaths.media(item.id))).html.contains(deleteURL))
            let refused = try await browser.post(deleteURL, form: [("csrf_token", token), ("confirm", "yes")])
            #expect(refused.status == .forbidden)
        }
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.media(item.id))
            let ask = try await browser.post(deleteURL, form: [("csrf_token", token)])
            #expect(ask.status == .ok)
            #expect(ask.html.contains("Delete “harbour.jpg”?"))
            #expect(ask.html.contains("href=\"\(NewsroomPaths.story(story.id))\""))
            #expect(try await newsroom.store.media(id: item.id) != nil)

            let unforced = try await browser.post(deleteURL, form: [("csrf_token", token), ("confirm", "yes")])
            #expect(unforced.status == .conflict)
            #expect(unforced.html.contains("tick the box"))
            #expect(try await newsroom.store.media(id: item.id) != nil)

            let forged = try await browser.post(
                deleteURL, form: [("csrf_token", "nope"), ("confirm", "yes"), ("force", "yes")])
            #expect(forged.status == .forbidden)

            let forced = try await browser.post(
                deleteURL, form: [("csrf_token", token), ("confirm", "yes"), ("force", "yes")])
            #expect(forced.status == .seeOther)
            #expect(forced.headers[.location] == NewsroomPaths.mediaLibrary + "?deleted=1")
            #expect(try await newsroom.store.media(id: item.id) == nil)
            #expect(try await browser.get(NewsroomPaths.media(item.id)).status == .notFound)
        }
    }
}
