import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// `/newsroom/dashboard`: what was published over the last 30 days, by day and section, the
/// drafts waiting for review, and the stories due to go live next.
struct DashboardController: Sendable {
    let desk: NewsroomDesk

    /// How many days the chart covers.
    static let dayCount = 30
    /// Stories read for the chart at most; past this the page says the chart is cut short.
    static let storyLimit = 20_000

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("dashboard", use: show)
    }

    @Sendable func show(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let now = desk.configuration.now()
        let clock = desk.site.clock
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = clock.timeZone
        let since =
            calendar.date(byAdding: .day, value: -(Self.dayCount - 1), to: calendar.startOfDay(for: now))
            ?? now.addingTimeInterval(-Double(Self.dayCount) * 86_400)

        var published: [(publishedAt: Date, section: String)] = []
        var offset = 0
        var truncated = false
        while true {
            let page = try await desk.store.publishedStories(
                StoryQuery(publishedSince: since, limit: 500, offset: offset))
            published += page.compactMap { story in story.publishedAt.map { ($0, story.section.name) } }
            offset += page.count
            if page.count < 500 { break }
            if offset >= Self.storyLimit {
                truncated = true
                break
            }
        }
        let chart = PublishingChart(stories: published, dayCount: Self.dayCount, now: now, timeZone: clock.timeZone)

        // Writers and contributors see their own stories; editors see the whole desk.
        let owner = account.user.role >= .editor ? nil : account.user.id
        let waiting = try await desk.store.newsroomStories(
            NewsroomStoryFilter(status: .submitted, owner: owner, limit: 50))
        let scheduled = try await desk.store.newsroomStories(
            NewsroomStoryFilter(status: .scheduled, owner: owner, limit: 500)
        )
        .sorted {
            ($0.story.publishedAt ?? .distantFuture, $0.story.id) < (
                $1.story.publishedAt ?? .distantFuture, $1.story.id
            )
        }
        let view = DashboardPageView(
            header: desk.header(for: account, current: "dashboard"), chart: chart, truncated: truncated,
            waiting: waiting, scheduled: Array(scheduled.prefix(10)), clock: clock)
        return try desk.respond(with: view)
    }
}
