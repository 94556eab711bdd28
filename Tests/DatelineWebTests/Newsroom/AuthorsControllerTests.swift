import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Newsroom authors")
struct AuthorsControllerTests {
    @Test("an editor adds and edits authors (old address 301), with refusals beside the form; writers may not")
    func manageAuthors() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let page = try await browser.get(NewsroomPaths.authors)
            #expect(page.status == .ok)
            let token = try #require(page.formToken)

            let added = try await browser.post(
                NewsroomPaths.authors,
                form: [
                    ("csrf_token", token), ("name", "Jane Arden"), ("slug", ""), ("bio", "Islands reporter."),
                    ("user", String(writer.id)),
                ])
            #expect(added.status == .seeOther)
            let listed = try await browser.get(try #require(added.headers[.location]))
            #expect(listed.html.contains("Author added."))
            #expect(listed.html.contains("href=\"/author/jane-arden\""))
            let jane = try #require(try await newsroom.store.authors().first)
            #expect(jane.userID == writer.id && jane.bio == "Islands reporter.")

            // A second profile at the same address is refused beside the form, keeping what was typed.
            let duplicate = try await browser.post(
                NewsroomPaths.authors,
                form: [
                    ("csrf_token", token), ("name", "Jane  Arden"), ("slug", ""), ("bio", "Typed bio"), ("user", ""),
                ])
            #expect(duplicate.status == .unprocessableContent)
            #expect(duplicate.html.contains("An author with the address /author/jane-arden exists already."))
            #expect(duplicate.html.contains("Typed bio"))
            let reserved = try await browser.post(
                NewsroomPaths.authors,
                form: [("csrf_token", token), ("name", "Someone"), ("slug", "feed"), ("bio", ""), ("user", "")])
            #expect(reserved.status == .unprocessableContent)
            #expect(reserved.html.contains("/author/feed is reserved"))

            // Without the form token nothing changes.
            let forged = try await browser.post(
                NewsroomPaths.authors, form: [("name", "Forged"), ("slug", ""), ("bio", ""), ("user", "")])
            #expect(forged.status == .forbidden)
            #expect(try await newsroom.store.authors().count == 1)

            let edited = try await browser.post(
                NewsroomPaths.authors + "/\(jane.author.id)",
                form: [
                    ("csrf_token", token), ("name", "Jane Holt"), ("slug", "jane-holt"), ("bio", "Courts."),
                    ("user", ""),
                ])
            #expect(edited.status == .seeOther)
            #expect(try await browser.get(try #require(edited.headers[.location])).html.contains("Author saved."))
            let moved = try await browser.get("/author/jane-arden")
            #expect(moved.status == .movedPermanently && moved.headers[.location] == "/author/jane-holt")
            #expect(try await newsroom.store.author(id: jane.author.id)?.userID == nil)
            #expect(
                try await browser.post(
                    NewsroomPaths.authors + "/9999",
                    form: [
                        ("csrf_token", token), ("name", "X"), ("slug", ""), ("bio", ""), ("user", ""),
                    ]
                ).status == .notFound)
        }
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            #expect(try await browser.get(NewsroomPaths.authors).status == .forbidden)
        }
    }

    @Test("the editor credits authors in the order chosen; a writer's new story starts with their own profile")
    func editorPicksAuthors() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let jane = try await newsroom.store.addAuthor(AuthorInput(name: "Jane Arden", userID: writer.id)).author
        let tom = try await newsroom.store.addAuthor(AuthorInput(name: "Tom Reyes")).author
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let blank = try await browser.get(NewsroomPaths.newStory)
            #expect(blank.html.contains("<option value=\"\(jane.id)\" selected>Jane Arden</option>"))
            let token = try #require(blank.formToken)
            let created = try await browser.post(
                NewsroomPaths.stories,
                form: [
                    ("csrf_token", token), ("headline", "Ferry fares rise"), ("section", "World"),
                    ("body", "Fares go up in May."), ("authors_shown", "yes"), ("author_1", String(tom.id)),
                    ("author_2", ""), ("author_3", String(jane.id)), ("byline", "ignored when authors are chosen"),
                    ("seo_title", "Ferry fares up"), ("seo_description", "Fares rise **in May**."),
                ])
            #expect(created.status == .seeOther)
            let story = try #require(try await newsroom.store.newsroomStories(NewsroomStoryFilter()).first?.story)
            #expect(story.authors.map(\.id) == [tom.id, jane.id])
            #expect(story.byline == "By Tom Reyes and Jane Arden")
            #expect(story.seoTitle == "Ferry fares up" && story.seoDescription == "Fares rise in May.")

            // The editor shows the choices in order and the share card the SEO fields make.
            let editor = try await browser.get(NewsroomPaths.story(story.id)).html
            let first = try #require(editor.range(of: "<option value=\"\(tom.id)\" selected>"))
            let second = try #require(editor.range(of: "<option value=\"\(jane.id)\" selected>"))
            #expect(first.lowerBound < second.lowerBound)
            #expect(editor.contains("<p class=\"share-card-title\">Ferry fares up</p>"))
            #expect(editor.contains("<p class=\"share-card-description\">Fares rise in May.</p>"))

            // Preview shows the credits and the SEO title as chosen, before saving.
            let preview = try await browser.post(
                NewsroomPaths.story(story.id, "preview"),
                form: [
                    ("csrf_token", token), ("headline", "Ferry fares rise"), ("section", "World"),
                    ("body", "Fares go up in May."), ("authors_shown", "yes"), ("author_1", String(jane.id)),
                    ("seo_title", "Preview title"),
                ])
            #expect(preview.status == .ok)
            #expect(preview.html.contains("By <a href=\"/author/jane-arden\" rel=\"author\">Jane Arden</a></span>"))
            #expect(preview.html.contains("<title>Preview title"))

            // An unknown author is refused with the fields kept.
            let refused = try await browser.post(
                NewsroomPaths.stories,
                form: [
                    ("csrf_token", token), ("headline", "Another story"), ("section", "World"), ("body", "Text."),
                    ("authors_shown", "yes"), ("author_1", "999"),
                ])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains("There is no author with the key 999"))
            #expect(refused.html.contains("value=\"Another story\""))
        }
    }
}
