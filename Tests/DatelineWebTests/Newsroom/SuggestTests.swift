import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

/// "Suggest" in the editor: the text engine proposes highlights and topics from the body as typed,
/// the editor shows them without saving, and the writer keeps, edits or replaces them.
@Suite("Newsroom suggestions")
struct SuggestTests {
    static let body = [
        "The harbour authority of Port Ellen opened the new Kestrel Bridge on Monday, ending a ferry crossing "
            + "that islanders had used for ninety years.",
        "Mayor Ilse Varga cut the ribbon before a crowd of several thousand people, many of whom had walked "
            + "across from the mainland at dawn.",
        "The bridge cost 140 million crowns and took six years to build, two more than planned, after storms "
            + "damaged the first towers in 2005.",
        "Ilse Varga said the bridge would bring doctors and teachers within reach of every village on the island.",
        "The Port Ellen ferry company will keep one boat running for freight until the end of the year.",
    ].joined(separator: "\r\n\r\n")

    static func fields(token: String, suggest: String, highlight: String = "") -> [(String, String)] {
        [
            ("csrf_token", token), ("headline", "Kestrel Bridge opens to Port Ellen"), ("section", "World"),
            ("body", body), ("highlight_1", highlight), ("topics", ""), ("suggest", suggest),
        ]
    }

    @Test("Suggest highlights fills the boxes with sentences of the body and saves nothing")
    func highlights() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.newStory)
            let page = try await browser.post(
                NewsroomPaths.stories + "/suggest", form: Self.fields(token: token, suggest: "highlights"))
            #expect(page.status == .ok)
            #expect(page.html.contains("Suggested"))
            #expect(page.html.contains("Keep, edit or replace them, then save."))
            let first = try #require(page.hiddenOrFieldValue(named: "highlight_1"))
            #expect(!first.isEmpty)
            #expect(
                Self.body.contains(first.replacingOccurrences(of: "&#39;", with: "'").prefix(30)),
                "a suggested highlight comes from the body")
            // The form still posts to the new-story address and the headline typed is kept.
            #expect(page.html.contains("value=\"Kestrel Bridge opens to Port Ellen\""))
            #expect(try await newsroom.store.storyCount() == 0, "suggesting saves nothing")
        }
    }

    @Test("suggested highlights from a body full of Markdown links and emphasis are plain text")
    func plainSuggestions() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let markdown = Self.body
            .replacingOccurrences(of: "Kestrel Bridge", with: "[Kestrel Bridge](https://example.org/bridge)")
            .replacingOccurrences(of: "Ilse Varga", with: "**Ilse Varga**")
            .replacingOccurrences(of: "ferry", with: "*ferry*")
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.newStory)
            var fields = Self.fields(token: token, suggest: "highlights")
            fields.removeAll { $0.0 == "body" }
            fields.append(("body", markdown))
            let page = try await browser.post(NewsroomPaths.stories + "/suggest", form: fields)
            #expect(page.status == .ok)
            var checked = 0
            for number in 1...StoryForm.highlightSlots {
                guard let highlight = page.hiddenOrFieldValue(named: "highlight_\(number)"), !highlight.isEmpty else {
                    continue
                }
                checked += 1
                for mark in ["](", "https://", "**", "*"] {
                    #expect(!highlight.contains(mark), "highlight \(number) keeps '\(mark)': \(highlight)")
                }
            }
            #expect(checked > 0, "some highlights were suggested")
        }
    }

    @Test("Suggest topics proposes the people and places the body is about, for a stored story too")
    func topics() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let story = try await newsroom.store.createStory(
            StoryDraft(headline: "Kestrel Bridge opens", section: "World", body: ["Short."]), status: .draft,
            author: writer.id)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.story(story.id))
            let page = try await browser.post(
                NewsroomPaths.story(story.id, "suggest"), form: Self.fields(token: token, suggest: "topics"))
            #expect(page.status == .ok)
            #expect(page.html.contains("Ilse Varga"))
            #expect(page.html.contains("Port Ellen"))
            let stored = try #require(try await newsroom.store.story(id: story.id))
            #expect(stored.body == ["Short."], "suggesting does not save the typed body")
            #expect(stored.topics.isEmpty)
        }
    }

    @Test("with an empty body the editor says to write the body first, next to the field")
    func emptyBody() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.newStory)
            var fields = Self.fields(token: token, suggest: "highlights")
            fields.removeAll { $0.0 == "body" }
            let page = try await browser.post(NewsroomPaths.stories + "/suggest", form: fields)
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains("Write the body first"))
            let unknown = try await browser.post(
                NewsroomPaths.stories + "/suggest", form: Self.fields(token: token, suggest: "everything"))
            #expect(unknown.status == .badRequest)
        }
    }
}

extension Page {
    /// The value attribute of the input called `name`, whatever its type.
    func hiddenOrFieldValue(named name: String) -> String? {
        guard let start = html.range(of: "name=\"\(name)\"") else { return nil }
        let tagStart =
            html[..<start.lowerBound].range(of: "<input", options: .backwards)?.lowerBound ?? start.lowerBound
        let tagEnd = html[start.upperBound...].firstIndex(of: ">") ?? html.endIndex
        let tag = html[tagStart..<tagEnd]
        guard let value = tag.range(of: "value=\"") else { return nil }
        return String(tag[value.upperBound...].prefix { $0 != "\"" })
    }
}
