import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

/// The editor loses no edit: workflow buttons save the form first (in one transaction with the
/// step), and a save based on an older revision shows both versions instead of overwriting.
@Suite("Newsroom saving without loss")
struct StoryDeskSavingTests {
    static func draft(_ headline: String) -> StoryDraft {
        var draft = Fixtures.lighthouse
        draft.headline = headline
        draft.publishedAt = nil
        return draft
    }

    /// The editor's fields for `story` as the form posts them, with `changes` applied.
    static func editorFields(
        _ story: Story, token: String, baseRevision: Int, changes: [(String, String)]
    ) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("csrf_token", token), ("base_revision", String(baseRevision)), ("headline", story.headline),
            ("section", story.section.name), ("byline", story.byline ?? ""),
            ("dateline_place", story.dateline.place ?? ""), ("dateline_source", story.dateline.source ?? ""),
            ("body", story.body.joined(separator: "\n\n")),
            ("topics", story.topics.map(\.name).joined(separator: "\n")),
        ]
        for (index, highlight) in story.highlights.enumerated() {
            fields.append(("highlight_\(index + 1)", highlight))
            fields.append(("highlight_\(index + 1)_position", String(index + 1)))
        }
        for (name, value) in changes {
            fields.removeAll { $0.0 == name }
            fields.append((name, value))
        }
        return fields
    }

    @Test("edit, then Publish: the edit is saved and the story published in one step")
    func publishKeepsTheEdit() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let story = try await newsroom.store.createStory(
            Self.draft("Ferry fares rise"), status: .draft, author: editor.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let page = try await browser.get(NewsroomPaths.story(story.id))
            #expect(page.html.contains("name=\"base_revision\" value=\"1\""))
            #expect(page.html.contains("formaction=\"\(NewsroomPaths.story(story.id, "publish"))\""))
            let token = try #require(page.formToken)
            let published = try await browser.post(
                NewsroomPaths.story(story.id, "publish"),
                form: Self.editorFields(
                    story, token: token, baseRevision: 1, changes: [("body", "The edit made before publishing.")]))
            #expect(published.status == .seeOther)
            let stored = try #require(try await newsroom.store.story(id: story.id))
            #expect(stored.status == .published)
            #expect(stored.body == ["The edit made before publishing."])
            let confirmation = try await browser.get(try #require(published.headers[.location]))
            #expect(confirmation.html.contains("Saved and published."))
        }
    }

    @Test("an invalid edit with Publish changes nothing and comes back with every field as sent")
    func invalidPublishKeepsFields() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let story = try await newsroom.store.createStory(Self.draft("Tram works"), status: .draft, author: editor.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.story(story.id))
            let refused = try await browser.post(
                NewsroomPaths.story(story.id, "publish"),
                form: Self.editorFields(
                    story, token: token, baseRevision: 1,
                    changes: [("headline", ""), ("body", "A paragraph that must survive the refusal.")]))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains("A paragraph that must survive the refusal."))
            let stored = try #require(try await newsroom.store.story(id: story.id))
            #expect(stored.status == .draft)
            #expect(stored.headline == "Tram works")
        }
    }

    @Test("two people save the same story: the second gets both versions side by side and loses nothing")
    func conflictingSaves() async throws {
        let newsroom = try NewsroomTestSite()
        let ann = try await newsroom.account(.editor, email: "ann@dateline.test")
        let bob = try await newsroom.account(.editor, email: "bob@dateline.test")
        let story = try await newsroom.store.createStory(
            Self.draft("Harbour wall repairs"), status: .draft, author: ann.id)
        try await newsroom.withBrowser { annBrowser in
            var bobBrowser = Browser(client: annBrowser.client)
            try await annBrowser.signIn(ann.email)
            try await bobBrowser.signIn(bob.email)
            let annToken = try await annBrowser.newsroomToken(from: NewsroomPaths.story(story.id))
            let bobToken = try await bobBrowser.newsroomToken(from: NewsroomPaths.story(story.id))
            let annSave = try await annBrowser.post(
                NewsroomPaths.story(story.id),
                form: Self.editorFields(
                    story, token: annToken, baseRevision: 1, changes: [("body", "Ann's careful rewrite.")]))
            #expect(annSave.status == .seeOther)
            let bobSave = try await bobBrowser.post(
                NewsroomPaths.story(story.id),
                form: Self.editorFields(
                    story, token: bobToken, baseRevision: 1, changes: [("body", "Bob's late addition.")]))
            #expect(bobSave.status == .conflict)
            #expect(bobSave.html.contains("Someone else saved this story while you were editing"))
            #expect(bobSave.html.contains("Bob&#39;s late addition."), "Bob's text is in his form")
            #expect(bobSave.html.contains("Ann&#39;s careful rewrite."), "Ann's text is beside it")
            #expect(bobSave.html.contains("name=\"base_revision\" value=\"2\""))
            #expect(try await newsroom.store.story(id: story.id)?.body == ["Ann's careful rewrite."])

            // Bob keeps his version knowingly; Ann's stays in the history.
            let kept = try await bobBrowser.post(
                NewsroomPaths.story(story.id),
                form: Self.editorFields(
                    story, token: bobToken, baseRevision: 2, changes: [("body", "Bob's late addition.")]))
            #expect(kept.status == .seeOther)
            #expect(try await newsroom.store.story(id: story.id)?.body == ["Bob's late addition."])
            let history = try await newsroom.store.revisions(ofStory: story.id)
            #expect(
                history.map(\.content.body.first) == [
                    "Bob's late addition.", "Ann's careful rewrite.", story.body.first,
                ])
        }
    }
}

/// Sections are chosen from the desk's list; only editors add new ones (issue 15: a writer's
/// typo "Wrold" used to create a permanent section).
@Suite("Newsroom sections")
struct StoryDeskSectionTests {
    @Test("a writer's typo section is refused with the desk's sections named; an editor may add a section")
    func typoSection() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let editor = try await newsroom.account(.editor)
        _ = try await newsroom.store.createStory(
            StoryDraft(headline: "Existing world story", section: "World", body: ["Text."]), status: .draft,
            author: editor.id)
        let fields: @Sendable (String, String) -> [(String, String)] = { token, section in
            [("csrf_token", token), ("headline", "Port strike ends"), ("section", section), ("body", "Text.")]
        }
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.newStory)
            let form = try await browser.get(NewsroomPaths.newStory)
            #expect(form.html.contains("<datalist id=\"section-names\"><option value=\"World\"></datalist>"))
            let refused = try await browser.post(NewsroomPaths.stories, form: fields(token, "Wrold"))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains("choose one of the desk&#39;s sections (World)"))
            #expect(refused.html.contains("value=\"Wrold\""), "the typed value is kept to correct")
            #expect(try await newsroom.store.newsroomSections().map(\.name) == ["World"])
            let accepted = try await browser.post(NewsroomPaths.stories, form: fields(token, "world"))
            #expect(accepted.status == .seeOther)
        }
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.newStory)
            let created = try await browser.post(NewsroomPaths.stories, form: fields(token, "Science"))
            #expect(created.status == .seeOther)
            #expect(try await newsroom.store.newsroomSections().map(\.name) == ["Science", "World"])
        }
    }
}
