import DatelineCore
import Foundation
import Testing

@testable import DatelineStore

/// The editors' signal (issue 16 item 7) on both backends: what a save kept, removed and added of
/// the suggestions, one record per story and kind.
@Suite("SuggestionSignalStore")
struct SuggestionSignalStoreTests {
    static let suggested = [
        "The council voted to build a second bridge over the harbour.",
        "Work starts next spring and should take two years.",
        "Shop owners on Harbour Street fear a year of roadworks.",
    ]

    @Test("a save is compared with the suggestions: kept, removed and added, whitespace tidied")
    func comparison() {
        let signal = SuggestionSignal(
            storyID: 1, kind: .highlights, account: 7, suggested: Self.suggested,
            saved: [
                "  The council voted to build a second bridge   over the harbour. ",
                "Work starts in spring and takes two years.", "Shop owners on Harbour Street fear a year of roadworks.",
            ], recordedAt: Times.base)
        #expect(signal.kept == [Self.suggested[0], Self.suggested[2]])
        #expect(signal.removed == [Self.suggested[1]])
        #expect(signal.added == ["Work starts in spring and takes two years."])
        #expect(!signal.keptAll)
        let topics = SuggestionSignal(
            storyID: 1, kind: .topics, account: nil, suggested: ["Port Ellis", "Lena Ortiz"],
            saved: ["port ellis", "Lena Ortiz"], recordedAt: Times.base)
        #expect(topics.keptAll, "topics match without regard to case")
    }

    @Test("records are kept per story and kind, the latest save replacing the one before", arguments: StoreBackend.all)
    func recordAndReplace(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let newsroom = try fixture.newsroom()
            let store = try #require(fixture.store as? any SuggestionSignalStore)
            let editor = try await newsroom.createUser(
                email: "e@example.com", name: "E", role: .editor, passwordHash: "h")
            let story = try await newsroom.createStory(.sample(), status: .draft, author: editor.id)
            let other = try await newsroom.createStory(.sample("Ferry crews strike"), status: .draft, author: editor.id)
            #expect(try await store.suggestionSignals().isEmpty)

            let first = SuggestionSignal(
                storyID: story.id, kind: .highlights, account: editor.id, suggested: Self.suggested,
                saved: Array(Self.suggested.prefix(2)) + ["An editor's own line."], recordedAt: Times.day(1))
            try await store.recordSuggestionSignal(first)
            let topics = SuggestionSignal(
                storyID: other.id, kind: .topics, account: editor.id, suggested: ["Port Ellis"], saved: ["Port Ellis"],
                recordedAt: Times.day(1))
            try await store.recordSuggestionSignal(topics)
            #expect(try await store.suggestionSignals() == [first, topics])

            let second = SuggestionSignal(
                storyID: story.id, kind: .highlights, account: editor.id, suggested: Self.suggested,
                saved: Self.suggested, recordedAt: Times.day(2))
            try await store.recordSuggestionSignal(second)
            let records = try await store.suggestionSignals()
            #expect(records == [second, topics])
            #expect(records[0].keptAll)

            let summary = SuggestionSignalSummary(records)
            #expect(summary.highlights.stories == 1)
            #expect(summary.highlights.kept == 3)
            #expect(summary.highlights.keptShare == 1)
            #expect(summary.topics.keptAll == 1)

            // A story gone takes its record with it.
            try await newsroom.delete(id: other.id)
            #expect(try await store.suggestionSignals().map(\.storyID) == [story.id])
        }
    }

    @Test(
        "an unknown story, too many or too long items, or control characters store nothing", arguments: StoreBackend.all
    )
    func refusals(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let newsroom = try fixture.newsroom()
            let store = try #require(fixture.store as? any SuggestionSignalStore)
            let writer = try await newsroom.createUser(
                email: "w@example.com", name: "W", role: .writer, passwordHash: "h")
            let story = try await newsroom.createStory(.sample(), status: .draft, author: writer.id)
            let missing = SuggestionSignal(
                storyID: 9_999, kind: .topics, account: nil, suggested: ["A"], saved: [], recordedAt: Times.base)
            do {
                try await store.recordSuggestionSignal(missing)
                Issue.record("stored a record for a story that does not exist")
            } catch {
                #expect((error as? StoreError)?.isNotFound(9_999) == true)
            }
            let many = SuggestionSignal(
                storyID: story.id, kind: .topics, account: nil, suggested: (0..<60).map { "Topic \($0)" }, saved: [],
                recordedAt: Times.base)
            let long = SuggestionSignal(
                storyID: story.id, kind: .highlights, account: nil, suggested: [String(repeating: "a", count: 1_001)],
                saved: [], recordedAt: Times.base)
            let control = SuggestionSignal(
                storyID: story.id, kind: .highlights, account: nil, suggested: ["One\u{0}two"], saved: [],
                recordedAt: Times.base)
            for (signal, field) in [(many, "suggested"), (long, "suggested"), (control, "suggested")] {
                do {
                    try await store.recordSuggestionSignal(signal)
                    Issue.record("stored a record that breaks the rules")
                } catch {
                    #expect((error as? StoreError)?.invalidFields == [field])
                }
            }
            #expect(try await store.suggestionSignals().isEmpty)
        }
    }

    @Test("an account that no longer exists is recorded as none", arguments: StoreBackend.all)
    func goneAccount(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let newsroom = try fixture.newsroom()
            let store = try #require(fixture.store as? any SuggestionSignalStore)
            let writer = try await newsroom.createUser(
                email: "w@example.com", name: "W", role: .writer, passwordHash: "h")
            let story = try await newsroom.createStory(.sample(), status: .draft, author: writer.id)
            try await store.recordSuggestionSignal(
                SuggestionSignal(
                    storyID: story.id, kind: .topics, account: 4_242, suggested: ["Port Ellis"], saved: [],
                    recordedAt: Times.base))
            #expect(try await store.suggestionSignals().map(\.account) == [nil])
        }
    }
}
