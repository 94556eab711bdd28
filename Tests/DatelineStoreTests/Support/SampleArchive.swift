import DatelineCore
import DatelineStore
import Foundation

/// A small archive across sections, topics, days and statuses, for query tests.
struct SampleArchive {
    let kosovoDeclares: Story
    let serbiaRecalls: Story
    let councilMeets: Story
    let marketsSteady: Story
    let bondsFall: Story
    let sportDraft: Story
    let pulledStory: Story
    let scheduledStory: Story
    let submittedStory: Story

    /// Published stories, newest first.
    var published: [Story] { [councilMeets, bondsFall, serbiaRecalls, marketsSteady, kosovoDeclares] }

    init(in store: any StoryStore) async throws {
        func add(_ headline: String, _ section: String, _ topics: [String], day: Int, _ status: StoryStatus)
            async throws
            -> Story
        {
            try await store.create(
                .sample(headline, section: section, topics: topics, publishedAt: Times.day(day)), status: status)
        }
        kosovoDeclares = try await add(
            "Kosovo declares independence", "World", ["Kosovo", "Serbia"], day: 1, .published)
        marketsSteady = try await add("Markets steady", "Business", ["Markets"], day: 2, .published)
        serbiaRecalls = try await add("Serbia recalls ambassador", "World", ["Serbia"], day: 3, .published)
        bondsFall = try await add("Serbian bonds fall", "Business", ["Serbia", "Markets"], day: 4, .published)
        councilMeets = try await add("Council meets on Kosovo", "World", ["U.N.", "Kosovo"], day: 5, .published)
        sportDraft = try await add("Kosovo joins league", "Sport", ["Kosovo"], day: 6, .draft)
        pulledStory = try await add("Pulled Kosovo story", "World", ["Kosovo", "Serbia"], day: 7, .unpublished)
        scheduledStory = try await add("Scheduled Kosovo story", "World", ["Kosovo"], day: 8, .scheduled)
        submittedStory = try await add("Submitted Kosovo story", "World", ["Kosovo"], day: 9, .submitted)
    }
}
