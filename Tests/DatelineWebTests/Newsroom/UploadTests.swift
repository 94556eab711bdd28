import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import DatelineWeb

/// Uploading a page file in the newsroom: it becomes a draft through the import readers.
@Suite("Newsroom upload")
struct UploadTests {
    static let boundary = "----DatelineTestBoundary7MA4YWxk"

    static func multipart(_ parts: [(name: String, fileName: String?, body: [UInt8])]) -> ByteBuffer {
        var bytes: [UInt8] = []
        for part in parts {
            var header = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let fileName = part.fileName { header += "; filename=\"\(fileName)\"\r\nContent-Type: text/html" }
            header += "\r\n\r\n"
            bytes += Array(header.utf8) + part.body + Array("\r\n".utf8)
        }
        bytes += Array("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: bytes)
    }

    static var multipartHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return headers
    }

    static let page = """
        <!DOCTYPE html><html><head><title>Ferry strike ends after nine days - Harbour News</title>
        <meta property="og:title" content="Ferry strike ends after nine days"></head>
        <body><nav><a href="/">Home</a> <a href="/world">World</a> Decrease font Enlarge font</nav>
        <article><h1>Ferry strike ends after nine days</h1>
        <p>PORT ELLEN, Norland (HN) -- Ferry crews on the Kestrel route returned to work on Tuesday after nine days \
        on strike, ending the longest stoppage the island has seen since the service began in 1931.</p>
        <p>The Norland Ferry Company agreed to a pay rise of six percent over two years and to hire twelve more \
        deckhands before the summer season, the crews' union said in a statement on Monday evening.</p>
        <p>Shops in Port Ellen had begun to run short of fresh food by the weekend, and the island's only \
        pharmacy asked the coast guard to fly in medicines for three patients.</p>
        <p>Union leader Agnes Mork said the crews were glad to be back and thanked islanders for their patience \
        during what she called a hard week for everyone on both sides of the water.</p>
        </article><footer>E-mail to a friend | Print | Copyright Harbour News</footer></body></html>
        """

    @Test("an HTML page becomes a draft of the uploader, cleaned of furniture, with suggestions, and the editor opens")
    func htmlPage() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: "/newsroom/stories/upload")
            let response = try await browser.send(
                "/newsroom/stories/upload", method: .post, headers: Self.multipartHeaders,
                body: Self.multipart([
                    ("csrf_token", nil, Array(token.utf8)), ("section", nil, Array("World".utf8)),
                    ("page", "C:\\Users\\me\\ferry.html", Array(Self.page.utf8)),
                ]))
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            #expect(location.hasSuffix("?imported=1"))
            let editor = try await browser.get(location)
            #expect(editor.html.contains("Imported as a draft"))
        }
        let entries = try await newsroom.store.newsroomStories(NewsroomStoryFilter())
        let story = try #require(entries.first?.story)
        #expect(entries.count == 1)
        #expect(entries.first?.ownerID == writer.id)
        #expect(story.status == .draft)
        #expect(story.headline == "Ferry strike ends after nine days")
        #expect(story.section.name == "World")
        #expect(!story.body.joined().contains("Decrease font"))
        #expect(!story.body.joined().contains("E-mail to a friend"))
        #expect(!story.highlights.isEmpty)
        #expect(story.highlightsOrigin == .machine)
        #expect(try await newsroom.store.countPublished(StoryQuery()) == 0, "nothing goes live")
    }

    @Test(
        "asked for the page's picture, an upload that cannot have it is still a draft, and its log says why",
        arguments: [
            (
                fileName: "ferry.html",
                page: Self.page.replacingOccurrences(
                    of: "<article>",
                    with: "<article><figure><img src=\"http://127.0.0.1:9/kestrel.jpg\" alt=\"A ferry\"></figure>"),
                reason:
                    "127.0.0.1, a loopback address; pages are fetched only from public addresses (the server's operator can allow it with dateline serve --fetch-private-addresses)"
            ),
            (fileName: "ferry.html", page: Self.page, reason: "the page names no lead picture"),
            (
                fileName: "ferry.txt",
                page:
                    "Ferry strike ends\n\nPORT ELLEN (HN) -- Crews returned to work on Tuesday after nine days on strike, the union said.\n\nIslanders queued at the harbour from dawn for the first sailing of the week.",
                reason: "scraped text carries no pictures"
            ),
        ])
    func pictureNotBroughtIn(fileName: String, page: String, reason: String) async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let form = try await browser.get("/newsroom/stories/upload")
            #expect(form.html.contains("id=\"picture\" name=\"picture\" type=\"checkbox\" value=\"1\""))
            #expect(
                !form.html.contains("value=\"1\" aria-describedby=\"picture-hint\" checked"),
                "asked for, not the default")
            let token = try await browser.newsroomToken(from: "/newsroom/stories/upload")
            let response = try await browser.send(
                "/newsroom/stories/upload", method: .post, headers: Self.multipartHeaders,
                body: Self.multipart([
                    ("csrf_token", nil, Array(token.utf8)), ("picture", nil, Array("1".utf8)),
                    ("page", fileName, Array(page.utf8)),
                ]))
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            #expect(location.hasSuffix("?imported=nopicture"))
            let editor = try await browser.get(location)
            #expect(
                editor.html.contains("without the page&#39;s picture")
                    || editor.html.contains("without the page's picture"))
        }
        let story = try #require(try await newsroom.store.newsroomStories(NewsroomStoryFilter()).first?.story)
        #expect(story.status == .draft)
        #expect(story.leadImage == nil)
        #expect(try await newsroom.store.mediaItems(MediaQuery()).isEmpty)
        let log = try await newsroom.store.activity(ofStory: story.id, limit: 10)
        #expect(log.first { $0.kind == .created }?.note == "From the uploaded page “\(fileName)”.")
        let note = try #require(log.first { $0.kind == .note }?.note)
        #expect(note.hasPrefix("The page's picture was not brought in: "))
        #expect(note.contains(reason), "\(note)")
    }

    @Test(
        "unreadable uploads are refused next to the file field and store nothing",
        arguments: [
            (fileName: "notes.pdf", body: "%PDF-1.4", message: "is none of them"),
            (fileName: "empty.html", body: "", message: "Choose a page file"),
            (fileName: "blank.html", body: "<html><body><nav>Home</nav></body></html>", message: "could not be read"),
        ])
    func refusals(fileName: String, body: String, message: String) async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: "/newsroom/stories/upload")
            let response = try await browser.send(
                "/newsroom/stories/upload", method: .post, headers: Self.multipartHeaders,
                body: Self.multipart([("csrf_token", nil, Array(token.utf8)), ("page", fileName, Array(body.utf8))]))
            #expect(response.status == .unprocessableContent)
            #expect(response.html.contains(message))
            #expect(response.html.contains("aria-invalid=\"true\""))
        }
        #expect(try await newsroom.store.storyCount() == 0)
    }

    @Test("an upload without the session's token, a cut-off body, a wrong type or a huge file changes nothing")
    func hostile() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: "/newsroom/stories/upload")
            let noToken = try await browser.send(
                "/newsroom/stories/upload", method: .post, headers: Self.multipartHeaders,
                body: Self.multipart([("page", "a.html", Array(Self.page.utf8))]))
            #expect(noToken.status == .forbidden)
            var cut = Self.multipart([
                ("csrf_token", nil, Array(token.utf8)), ("page", "a.html", Array(Self.page.utf8)),
            ])
            cut.moveWriterIndex(to: cut.writerIndex - 40)
            let truncated = try await browser.send(
                "/newsroom/stories/upload", method: .post, headers: Self.multipartHeaders, body: cut)
            #expect(truncated.status == .badRequest)
            let urlencoded = try await browser.post(
                "/newsroom/stories/upload", form: [("csrf_token", token), ("page", Self.page)])
            #expect(urlencoded.status == .badRequest)
            let huge = [UInt8](repeating: UInt8(ascii: "a"), count: UploadController.maximumFileBytes + 100 * 1024)
            let tooLarge = try await browser.send(
                "/newsroom/stories/upload", method: .post, headers: Self.multipartHeaders,
                body: Self.multipart([("csrf_token", nil, Array(token.utf8)), ("page", "big.txt", huge)]))
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.html.contains("larger than 5 MB"))
        }
        #expect(try await newsroom.store.storyCount() == 0)
        try await newsroom.withBrowser { browser in
            let anonymous = try await browser.send(
                "/newsroom/stories/upload", method: .post, headers: Self.multipartHeaders,
                body: Self.multipart([("page", "a.html", Array(Self.page.utf8))]))
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location]?.hasPrefix(NewsroomPaths.login) == true)
        }
    }

    @Test("the multipart reader handles quoted names, file names with folders and odd boundaries, and refuses junk")
    func parser() throws {
        let body = Array(
            ("preamble\r\n--b\r\nContent-Disposition: form-data; name=\"a;b\"; filename=\"x \\\"y\\\".txt\"\r\n\r\n"
                + "one\r\ntwo\r\n--b\r\ncontent-disposition: form-data; name=plain\r\n\r\n\r\n--b--\r\nepilogue").utf8)
        let form = try MultipartForm(body: body, boundary: "b")
        #expect(form.parts.count == 2)
        #expect(form.part("a;b")?.fileName == "x \"y\".txt")
        #expect(form.part("a;b")?.text == "one\r\ntwo")
        #expect(form.part("plain")?.body.isEmpty == true)
        #expect(MultipartForm.boundary(in: "multipart/form-data; boundary=\"abc def\"") == "abc def")
        #expect(MultipartForm.boundary(in: "multipart/form-data") == nil)
        #expect(MultipartForm.boundary(in: "application/json; boundary=x") == nil)
        #expect(MultipartForm.boundary(in: "multipart/form-data; boundary=" + String(repeating: "x", count: 71)) == nil)
        #expect(throws: MultipartForm.Malformed.self) {
            try MultipartForm(
                body: Array("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--".utf8), boundary: "b")
        }
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm(body: Array("no parts".utf8), boundary: "b") }
        #expect(UploadController.displayName("C:\\Users\\me\\story.html") == "story.html")
        #expect(UploadController.displayName("../../etc/passwd") == "passwd")
        #expect(UploadController.displayName(nil) == "upload")
    }
}
