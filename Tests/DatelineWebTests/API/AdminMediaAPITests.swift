import DatelineCore
import DatelineMedia
import DatelineStore
import Foundation
import HTTPTypes
import NIOCore
import Testing

@testable import DatelineWeb

/// The admin API's media library (issue 14): multipart upload through the newsroom's own checks,
/// list and search, details, update, replace and delete, each refusal a JSON error with nothing stored.
@Suite("Admin API media")
struct AdminMediaAPITests {
    static let boundary = "dateline-api-test-boundary"

    static func multipart(_ parts: [(name: String, fileName: String?, type: String?, body: [UInt8])]) -> ByteBuffer {
        var bytes: [UInt8] = []
        for part in parts {
            var header = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let fileName = part.fileName { header += "; filename=\"\(fileName)\"" }
            if let type = part.type { header += "\r\nContent-Type: \(type)" }
            header += "\r\n\r\n"
            bytes += Array(header.utf8) + part.body + Array("\r\n".utf8)
        }
        bytes += Array("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: bytes)
    }

    static func send(
        _ browser: inout Browser, _ method: HTTPRequest.Method = .post, _ path: String = "/api/v1/admin/media",
        token: String, file: Data?, fileName: String = "harbour.jpg", type: String = "image/jpeg",
        fields: [String: String] = [:]
    ) async throws -> Page {
        var parts: [(name: String, fileName: String?, type: String?, body: [UInt8])] = []
        if let file { parts.append(("file", fileName, type, Array(file))) }
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            parts.append((name, nil, nil, Array(value.utf8)))
        }
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await browser.send(path, method: method, headers: headers, body: multipart(parts))
    }

    @Test("a writer uploads, lists, searches, reads, patches and replaces; renditions answer")
    func uploadAndManage() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let token = try await newsroom.token(for: writer)
        let picture = try TestPictures.make(width: 900, height: 600)
        try await newsroom.withBrowser { browser in
            let created = try await Self.send(
                &browser, token: token, file: picture, fileName: "boats.jpg",
                fields: ["alt": "Boats at dawn", "caption": "The harbour at six"])
            #expect(created.status == .created, "\(created.html)")
            let item = try created.json()
            let id = Int64(try #require(item["id"] as? Int))
            #expect(created.headers[.location] == "/api/v1/admin/media/\(id)")
            #expect(item["alt"] as? String == "Boats at dawn")
            #expect(item["credit"] is NSNull)
            #expect(item["ready_to_publish"] as? Bool == false)
            #expect(item["missing_for_publication"] as? [String] == ["credit"])
            #expect(item["width"] as? Int == 900 && item["height"] as? Int == 600)
            #expect(item["file_name"] as? String == "boats.jpg")
            #expect(try await newsroom.store.mediaOriginal(id: id)?.bytes == picture)
            let renditions = try #require(item["renditions"] as? [[String: Any]])
            #expect(renditions.count == 3 * ImagePipeline.ladder(forOriginalWidth: 900).count)
            let jpeg = try #require(renditions.first { $0["format"] as? String == "jpg" }?["url"] as? String)
            let path = String(jpeg[try #require(jpeg.range(of: "/media/"))!.lowerBound...])
            let served = try await browser.get(path)
            #expect(served.status == .ok)
            #expect(served.headers[.contentType] == "image/jpeg")

            // The same bytes again: the item already there, 200.
            let again = try await Self.send(&browser, token: token, file: picture)
            #expect(again.status == .ok)
            #expect(try again.json()["id"] as? Int == Int(id))

            let other = try await Self.send(
                &browser, token: token, file: try TestPictures.make(width: 400, height: 300, seed: 9),
                fileName: "lighthouse.jpg", fields: ["alt": "A lighthouse", "credit": "Ann Lee/Dateline"])
            #expect(other.status == .created)
            let list = try await browser.api(.get, "/api/v1/admin/media?per_page=1", token: token)
            #expect(list.status == .ok)
            let listed = try list.json()
            #expect((listed["media"] as? [Any])?.count == 1)
            #expect((listed["next"] as? String)?.contains("page=2") == true)
            let found = try await browser.api(.get, "/api/v1/admin/media?q=boats", token: token)
            let items = try #require(try found.json()["media"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? Int } == [Int(id)])

            let shown = try await browser.api(.get, "/api/v1/admin/media/\(id)", token: token)
            #expect(shown.status == .ok)
            #expect(try shown.json()["sha256"] as? String == item["sha256"] as? String)

            let patched = try await browser.api(
                .patch, "/api/v1/admin/media/\(id)", token: token, json: #"{"credit": "Jo Park/Dateline"}"#)
            #expect(patched.status == .ok)
            let patchedItem = try patched.json()
            #expect(patchedItem["credit"] as? String == "Jo Park/Dateline")
            #expect(patchedItem["alt"] as? String == "Boats at dawn")
            #expect(patchedItem["ready_to_publish"] as? Bool == true)
            let put = try await browser.api(
                .put, "/api/v1/admin/media/\(id)", token: token, json: #"{"alt": "Boats", "credit": "Jo Park"}"#)
            #expect(try put.json()["caption"] is NSNull)

            let replacement = try TestPictures.make(width: 700, height: 500, seed: 40)
            let replaced = try await Self.send(
                &browser, .put, "/api/v1/admin/media/\(id)/file", token: token, file: replacement, fileName: "new.jpg")
            #expect(replaced.status == .ok, "\(replaced.html)")
            let replacedItem = try replaced.json()
            #expect(replacedItem["version"] as? Int == 2)
            #expect(replacedItem["width"] as? Int == 700)
            #expect(replacedItem["alt"] as? String == "Boats")
            #expect(try await newsroom.store.mediaOriginal(id: id)?.bytes == replacement)
            #expect(try await browser.get(path).status == .notFound, "the old rendition address is gone")
        }
    }

    @Test("bad files: 413 over 25 MB, 415 for SVG and a lying type, 422 truncated; nothing stored")
    func badFiles() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let token = try await newsroom.token(for: writer)
        let picture = try TestPictures.make(width: 640, height: 480)
        try await newsroom.withBrowser { browser in
            var tooBig = Data(repeating: 0, count: ImagePipeline.maxUploadBytes + 1)
            tooBig.replaceSubrange(0..<3, with: [0xFF, 0xD8, 0xFF])
            let big = try await Self.send(&browser, token: token, file: tooBig, fields: ["alt": "x"])
            #expect(big.status == .contentTooLarge)
            #expect(big.isJSON)
            #expect(try big.errorCode() == "file_too_large")
            #expect(try big.errorFields()["file"] != nil)

            let huge = Data(repeating: 1, count: ImagePipeline.maxUploadBytes + 200 * 1024)
            let cut = try await Self.send(&browser, token: token, file: huge)
            #expect(cut.status == .contentTooLarge)
            #expect(try cut.errorCode() == "file_too_large")

            let svg = Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8)
            let refusedSVG = try await Self.send(
                &browser, token: token, file: svg, fileName: "logo.png", type: "image/png")
            #expect(refusedSVG.status == .unsupportedMediaType)
            #expect(try refusedSVG.errorCode() == "svg_refused")
            #expect(refusedSVG.html.contains("SVG"))

            let lying = try await Self.send(
                &browser, token: token, file: Data("<html><body>not a photo</body></html>".utf8), fileName: "photo.jpg",
                type: "image/jpeg")
            #expect(lying.status == .unsupportedMediaType)
            #expect(try lying.errorCode() == "not_a_picture")

            let truncated = try await Self.send(&browser, token: token, file: picture.prefix(picture.count / 2))
            #expect(truncated.status == .unprocessableContent)
            #expect(try truncated.errorCode() == "damaged_picture")
            #expect(try truncated.errorFields()["file"]?.contains("damaged or cut short") == true)

            let noFile = try await Self.send(&browser, token: token, file: nil, fields: ["alt": "x"])
            #expect(noFile.status == .unprocessableContent)
            #expect(try noFile.errorFields()["file"] != nil)

            let unknownField = try await Self.send(&browser, token: token, file: picture, fields: ["colour": "red"])
            #expect(unknownField.status == .unprocessableContent)
            #expect(try unknownField.errorFields()["colour"] == "unknown field")

            let longAlt = String(repeating: "a", count: MediaRules.altTextLimit + 1)
            let long = try await Self.send(&browser, token: token, file: picture, fields: ["alt": longAlt])
            #expect(long.status == .unprocessableContent)
            #expect(try long.errorFields()["alt"]?.contains("500 characters") == true)

            let json = try await browser.api(.post, "/api/v1/admin/media", token: token, json: "{}")
            #expect(json.status == .unsupportedMediaType)

            let anonymous = try await browser.api(.post, "/api/v1/admin/media")
            #expect(anonymous.status == .unauthorized)

            #expect(try await newsroom.store.mediaItems(MediaQuery()).isEmpty)

            // A replacement that is refused leaves the item as it was.
            let created = try await Self.send(&browser, token: token, file: picture)
            let id = Int64(try #require(try created.json()["id"] as? Int))
            let badReplace = try await Self.send(
                &browser, .put, "/api/v1/admin/media/\(id)/file", token: token, file: svg)
            #expect(badReplace.status == .unsupportedMediaType)
            #expect(try await newsroom.store.mediaOriginal(id: id)?.bytes == picture)
            #expect(try await newsroom.store.media(id: id)?.version == 1)
        }
    }

    @Test(
        "unknown ids are 404s; writers cannot touch others' pictures; delete needs an editor and force when published")
    func rightsAndDeletion() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let other = try await newsroom.account(.writer)
        let editor = try await newsroom.account(.editor)
        let writerToken = try await newsroom.token(for: writer)
        let otherToken = try await newsroom.token(for: other)
        let editorToken = try await newsroom.token(for: editor)
        let story = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Harbour opens"), status: .published, author: editor.id)
        try await newsroom.withBrowser { browser in
            for (method, path) in [
                (HTTPRequest.Method.get, "/api/v1/admin/media/999"), (.delete, "/api/v1/admin/media/999"),
                (.get, "/api/v1/admin/media/abc"),
            ] {
                let missing = try await browser.api(method, path, token: editorToken)
                #expect(missing.status == .notFound, "\(method) \(path)")
                #expect(try missing.errorCode() == "not_found")
            }
            let patchMissing = try await browser.api(
                .patch, "/api/v1/admin/media/999", token: editorToken, json: #"{"alt": "x"}"#)
            #expect(patchMissing.status == .notFound)

            let created = try await Self.send(
                &browser, token: writerToken, file: try TestPictures.make(width: 500, height: 400))
            let id = Int64(try #require(try created.json()["id"] as? Int))
            let path = "/api/v1/admin/media/\(id)"
            let foreign = try await browser.api(.patch, path, token: otherToken, json: #"{"alt": "mine now"}"#)
            #expect(foreign.status == .forbidden)
            let wrongType = try await browser.api(.patch, path, token: writerToken, json: #"{"alt": 3, "x": "y"}"#)
            #expect(wrongType.status == .unprocessableContent)
            #expect(try wrongType.errorFields() == ["alt": "a string or null", "x": "unknown field"])
            #expect(try await browser.api(.delete, path, token: writerToken).status == .forbidden)

            try await newsroom.store.setMediaUses(ofStory: story.id, media: [id])
            let refused = try await browser.api(.delete, path, token: editorToken)
            #expect(refused.status == .conflict)
            #expect(try refused.errorCode() == "media_in_use")
            let users = try #require((try refused.json()["error"] as? [String: Any])?["stories"] as? [[String: Any]])
            #expect(users.map { $0["id"] as? Int } == [Int(story.id)])
            #expect(try await newsroom.store.media(id: id) != nil)
            let badForce = try await browser.api(.delete, path + "?force=yes", token: editorToken)
            #expect(badForce.status == .badRequest)

            let forced = try await browser.api(.delete, path + "?force=true", token: editorToken)
            #expect(forced.status == .noContent)
            #expect(try await newsroom.store.media(id: id) == nil)
            #expect(try await browser.api(.get, path, token: editorToken).status == .notFound)
        }
    }
}
