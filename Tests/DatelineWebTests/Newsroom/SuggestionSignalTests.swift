import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

/// The editors' signal (issue 16 item 7): saving a story records which suggestions the editor
/// kept, removed and added, by account id only.
@Suite("Newsroom editors' signal")
struct SuggestionSignalTests {
    /// A hidden field's value as the browser would send it back.
    static func unescaped(_ value: String) -> String {
        var text = value
        for (entity, character) in [
            ("&quot;", "\""), ("&#34;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&lt;", "<"), ("&gt;", ">"),
            ("&amp;", "&"),
        ] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    @Test("Suggest, then save with one highlight rewritten: the record keeps two, removes one, adds one")
    func suggestThenSave() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let story = try await newsroom.store.createStory(
            StoryDraft(headline: "Kestrel Bridge opens", section: "World", body: ["Short."]), status: .draft,
            author: editor.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.story(story.id))
            let page = try await browser.post(
                NewsroomPaths.story(story.id, "suggest"), form: SuggestTests.fields(token: token, suggest: "highlights")
            )
            #expect(page.status == .ok)
            let carried = try #require(page.hiddenOrFieldValue(named: "suggested_highlights"))
            let suggested = try JSONDecoder().decode([String].self, from: Data(Self.unescaped(carried).utf8))
            #expect(suggested.count == 3)
            let shown = (1...3).compactMap { page.hiddenOrFieldValue(named: "highlight_\($0)").map(Self.unescaped) }
            #expect(shown == suggested, "the hidden list is what the boxes show")

            var fields = SuggestTests.fields(token: token, suggest: "")
            fields.removeAll { $0.0 == "suggest" || $0.0 == "highlight_1" }
            fields += [
                ("highlight_1", suggested[0]), ("highlight_2", "The island's own line, written by the desk."),
                ("highlight_3", suggested[2]), ("suggested_highlights", Self.unescaped(carried)),
            ]
            let saved = try await browser.post(NewsroomPaths.story(story.id), form: fields)
            #expect(saved.status == .seeOther)

            let store: any SuggestionSignalStore = newsroom.store
            let records = try await store.suggestionSignals()
            #expect(records.count == 1)
            let record = try #require(records.first)
            #expect(record.storyID == story.id)
            #expect(record.kind == .highlights)
            #expect(record.account == editor.id)
            #expect(record.suggested == suggested)
            #expect(record.kept == [suggested[0], suggested[2]])
            #expect(record.removed == [suggested[1]])
            #expect(record.added == ["The island's own line, written by the desk."])
        }
    }

    @Test("an imported story's machine topics, saved with one removed and one added, are recorded at publish")
    func machineTopicsAtPublish() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let story = try await newsroom.store.createStory(
            StoryDraft(
                headline: "Kestrel Bridge opens", section: "World", body: ["Short."],
                highlights: ["The bridge opened on Monday."], highlightsOrigin: .editor,
                topics: ["Port Ellen", "Ilse Varga", "Kestrel Bridge"], topicsOrigin: .machine),
            status: .draft, author: editor.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.story(story.id))
            let fields: [(String, String)] = [
                ("csrf_token", token), ("headline", "Kestrel Bridge opens"), ("section", "World"), ("body", "Short."),
                ("highlight_1", "The bridge opened on Monday."),
                ("topics", "port ellen\nKestrel Bridge\nIsland Council"),
            ]
            let published = try await browser.post(NewsroomPaths.story(story.id, "publish"), form: fields)
            #expect(published.status == .seeOther)
            let store: any SuggestionSignalStore = newsroom.store
            let record = try #require(try await store.suggestionSignals().first)
            #expect(record.kind == .topics, "highlights the editor wrote are no suggestion")
            #expect(record.kept == ["Port Ellen", "Kestrel Bridge"])
            #expect(record.removed == ["Ilse Varga"])
            #expect(record.added == ["Island Council"])
            #expect(try await store.suggestionSignals().count == 1)
        }
    }

    @Test("a save without suggestions records nothing, and a broken hidden list is ignored")
    func nothingSuggested() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.newStory)
            var fields = SuggestTests.fields(token: token, suggest: "")
            fields.removeAll { $0.0 == "suggest" || $0.0 == "highlight_1" }
            fields += [("highlight_1", "A line of the writer's own."), ("suggested_topics", "[not json")]
            let created = try await browser.post(NewsroomPaths.stories, form: fields)
            #expect(created.status == .seeOther)
            #expect(try await newsroom.store.storyCount() == 1)
            let store: any SuggestionSignalStore = newsroom.store
            #expect(try await store.suggestionSignals().isEmpty)
        }
    }
}
