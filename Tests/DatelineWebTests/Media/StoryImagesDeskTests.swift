import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

/// Story images through the newsroom and the Admin API (issue 14): choosing a lead image,
/// publishing refused while an image lacks alt text or credit, deleting an image a published
/// story uses refused, and `lead_image` in both APIs.
@Suite("Story images on the desk")
struct StoryImagesDeskTests {
    static func editorFields(_ token: String, leadImage: String, body: String = "The council voted.") -> [(
        String, String
    )] {
        [
            ("csrf_token", token), ("headline", "Harbour wall repaired"), ("section", "World"), ("body", body),
            ("lead_image", leadImage),
        ]
    }

    @Test(
        "the editor chooses a lead image, publishing refuses it without alt text and credit, and a used image is kept")
    func newsroomFlow() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let bare = try await StoryImagesWebTests.item(newsroom.store, "bare", ready: false)
        let ready = try await StoryImagesWebTests.item(newsroom.store, "ready")
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken()
            let editorPage = try await browser.get(NewsroomPaths.stories + "/new")
            #expect(editorPage.html.contains("name=\"lead_image\" id=\"lead-image-\(bare.id)\" value=\"\(bare.id)\""))
            #expect(editorPage.html.contains("needs alt text and credit before publishing"))

            let created = try await browser.post(
                NewsroomPaths.stories, form: Self.editorFields(token, leadImage: String(bare.id)))
            #expect(created.status == .seeOther)
            let story = try #require(try await newsroom.store.newsroomStories(NewsroomStoryFilter()).first?.story)
            #expect(story.leadImage == bare.id)
            let shown = try await browser.get(NewsroomPaths.story(story.id))
            #expect(shown.html.contains("Now: bare.jpg (#\(bare.id))"))

            // Publishing names the image and what it lacks; nothing changes.
            let refused = try await browser.post(
                NewsroomPaths.story(story.id, "publish"), form: Self.editorFields(token, leadImage: String(bare.id)))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains("bare.jpg"))
            #expect(refused.html.contains("needs alt text and credit before the story can be published"))
            #expect(try await newsroom.store.story(id: story.id)?.status == .draft)

            // Another image by id, with a body figure, publishes.
            let body = "The council voted.\n\n![The wall](media:\(ready.id) \"The new wall\")"
            var fields = Self.editorFields(token, leadImage: String(bare.id), body: body)
            fields.append(("lead_image_id", String(ready.id)))
            let published = try await browser.post(NewsroomPaths.story(story.id, "publish"), form: fields)
            #expect(published.status == .seeOther)
            let live = try #require(try await newsroom.store.story(id: story.id))
            #expect(live.status == .published && live.leadImage == ready.id)
            #expect(try await newsroom.store.publishedStories(usingMedia: ready.id) == [story.id])
            #expect(try await newsroom.store.publishedStories(usingMedia: bare.id).isEmpty)
            // The share-card preview shows the lead image as the reader page's og:image names it.
            let card = try await browser.get(NewsroomPaths.story(story.id))
            let readyItem = try #require(try await newsroom.store.media(id: ready.id))
            let ogImage = SocialMetaView.Image(item: readyItem, origin: "")
            #expect(card.html.contains("<img class=\"share-card-image\" src=\"\(ogImage.url)\""))

            // Deleting the image the live story uses is refused through the library.
            let deleteToken = try #require(try await browser.get(NewsroomPaths.media(ready.id)).formToken)
            let refusedDelete = try await browser.post(
                NewsroomPaths.media(ready.id) + "/delete", form: [("csrf_token", deleteToken), ("confirm", "yes")])
            #expect(refusedDelete.status == .conflict)
            #expect(refusedDelete.html.contains("Published stories use this picture"))
            #expect(try await newsroom.store.media(id: ready.id) != nil)
            // The unused one goes.
            _ = try await browser.post(
                NewsroomPaths.media(bare.id) + "/delete", form: [("csrf_token", deleteToken), ("confirm", "yes")])
            #expect(try await newsroom.store.media(id: bare.id) == nil)

            // The library offers the Markdown for the body.
            let item = try await browser.get(NewsroomPaths.media(ready.id))
            #expect(
                item.html.contains(
                    "value=\"![Fishing boats ready](media:\(ready.id) &quot;Boats at the harbour wall&quot;)\""))
        }
    }

    @Test("a lead image id that is not in the library is shown next to the field and nothing is stored")
    func unknownLeadImage() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken()
            for text in ["424242", "photo"] {
                var fields = Self.editorFields(token, leadImage: "")
                fields.append(("lead_image_id", text))
                let page = try await browser.post(NewsroomPaths.stories, form: fields)
                #expect(page.status == .unprocessableContent)
                #expect(page.html.contains("id=\"lead-image-error\""), "\(text)")
                #expect(page.html.contains("href=\"#lead_image\""))
            }
            #expect(try await newsroom.store.storyCount() == 0)
        }
    }

    @Test("both APIs carry lead_image; the Admin API takes it on create and update and refuses bad values")
    func apis() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let token = try await newsroom.token(for: editor)
        let lead = try await StoryImagesWebTests.item(newsroom.store, "api")
        try await newsroom.withBrowser { browser in
            let created = try await browser.api(
                .post, "/api/v1/admin/stories", token: token, json: storyJSON(extra: ["lead_image": lead.id]))
            #expect(created.status == .created)
            let object = try created.json()
            #expect(object["lead_image"] as? Int == Int(lead.id))
            let id = try #require(object["id"] as? Int)
            let etag = try #require(created.headers[.eTag])

            // Left out on update: kept. Null: removed.
            var headers = HTTPFields()
            headers[.ifMatch] = etag
            let kept = try await browser.api(
                .put, "/api/v1/admin/stories/\(id)", token: token, json: storyJSON(headline: "Bridge opens"),
                headers: headers)
            #expect(try kept.json()["lead_image"] as? Int == Int(lead.id))
            let published = try await browser.api(.post, "/api/v1/admin/stories/\(id)/publish", token: token)
            #expect(published.status == .ok)
            let slug = try #require(try published.json()["slug"] as? String)
            let content = try await browser.api(.get, "/api/v1/stories/\(slug)")
            #expect(try content.json()["lead_image"] as? Int == Int(lead.id))

            headers[.ifMatch] = try #require(kept.headers[.eTag])
            let cleared = try await browser.api(
                .put, "/api/v1/admin/stories/\(id)", token: token,
                json: storyJSON(headline: "Bridge opens", extra: ["lead_image": NSNull()]), headers: headers)
            #expect(cleared.status == .ok)
            #expect(try cleared.json()["lead_image"] is NSNull)

            for bad: Any in [true, 1.5, "7", 0, -4] {
                let refused = try await browser.api(
                    .post, "/api/v1/admin/stories", token: token, json: storyJSON(extra: ["lead_image": bad]))
                #expect(refused.status == .unprocessableContent, "\(bad)")
                #expect(try refused.errorFields()["lead_image"] != nil, "\(bad)")
            }
            let missing = try await browser.api(
                .post, "/api/v1/admin/stories", token: token, json: storyJSON(extra: ["lead_image": 999_999]))
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.errorFields()["lead_image"]?.contains("999999") == true)
        }
    }
}

extension StoryImagesDeskTests {
    @Test("body_html draws a body's figure in every API view: admin story and list, content story and list")
    func figuresInBodyHTML() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let token = try await newsroom.token(for: editor)
        let figure = try await StoryImagesWebTests.item(newsroom.store, "quay", caption: "The quay at dawn")
        let body = ["The quay reopened.", "![Boats at the quay](media:\(figure.id) \"Morning at the quay\")"]
        try await newsroom.withBrowser { browser in
            let created = try await browser.api(
                .post, "/api/v1/admin/stories", token: token, json: storyJSON(headline: "Quay reopens", body: body))
            #expect(created.status == .created)
            let id = try #require(try created.json()["id"] as? Int)
            let published = try await browser.api(.post, "/api/v1/admin/stories/\(id)/publish", token: token)
            let slug = try #require(try published.json()["slug"] as? String)

            func stories(_ response: Page) throws -> [[String: Any]] {
                try #require(try response.json()["stories"] as? [[String: Any]])
            }
            let views: [(String, [String: Any]?)] = [
                ("admin create", try created.json()),
                ("admin publish", try published.json()),
                ("admin story", try await browser.api(.get, "/api/v1/admin/stories/\(id)", token: token).json()),
                (
                    "admin list",
                    try stories(try await browser.api(.get, "/api/v1/admin/stories", token: token)).first {
                        $0["id"] as? Int == id
                    }
                ),
                ("content story", try await browser.api(.get, "/api/v1/stories/\(slug)").json()),
                (
                    "content list",
                    try stories(try await browser.api(.get, "/api/v1/stories")).first { $0["id"] as? Int == id }
                ),
            ]
            for (name, object) in views {
                let html = try #require(object?["body_html"] as? String, "\(name)")
                #expect(html.contains("<figure"), "\(name): \(html)")
                #expect(html.contains("alt=\"Boats at the quay\""), "\(name)")
                #expect(html.contains("Morning at the quay"), "\(name)")
                #expect(html.contains("/media/\(figure.id)"), "\(name)")
                #expect(!html.contains("media:\(figure.id)"), "\(name): the Markdown reference leaked")
            }
        }
    }

    @Test("comparing revisions shows a change of lead image")
    func revisionLines() {
        var draft = StoryDraft(headline: "Quay reopens", section: "World", body: ["Text."])
        #expect(!RevisionController.lines(of: draft).contains { $0.hasPrefix("Lead image") })
        draft.leadImage = 5
        #expect(RevisionController.lines(of: draft).contains("Lead image: #5"))
    }
}
