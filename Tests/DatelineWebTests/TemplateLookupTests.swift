import DatelineCore
import DatelineMarkup
import Foundation
import Testing

@testable import DatelineWeb

/// The view types answer template lookups by hand (``TemplateObject``) instead of through Mirror, so
/// a stored property added to a view but not to its `child(named:)` would silently vanish from pages.
/// These tests hold every conformance to what Mirror, and so the templates, would have seen.
@Suite("Template lookups match reflection")
struct TemplateLookupTests {
    // MARK: - Building blocks

    /// Any zone will do: the tests compare lookups with reflection, not the printed times.
    static let clock = StoryClock(timeZone: .current)

    /// A stored story with every field set: byline, dateline, highlights, topics, a later edit.
    static func fullStory() throws -> Story {
        let world = Section(name: "World", slug: try #require(Slug(from: "World")))
        return Story(
            id: 1, slug: try #require(Slug(from: "Harbour council keeps lighthouse")),
            headline: "Harbour council keeps lighthouse", section: world,
            dateline: Dateline(place: "KESTREL HARBOR, Norland", source: "AP"), byline: "By Maren Holt",
            body: [
                "The council voted on *Thursday* to keep the tower.", "Second block.", "Third block.",
                "Fourth block.", "Fifth block.",
            ],
            highlights: ["Council keeps the tower", "Repair fund opens"], highlightsOrigin: .editor,
            topics: [
                Topic(name: "Norland", slug: try #require(Slug(from: "Norland"))),
                Topic(name: "Lighthouses", slug: try #require(Slug(from: "Lighthouses"))),
            ],
            topicsOrigin: .editor, status: .published, publishedAt: Fixtures.noon,
            createdAt: Fixtures.hoursBefore(2), updatedAt: Fixtures.noon.addingTimeInterval(3 * 3600), source: nil)
    }

    /// A stored story with the optional fields left empty and a list (not a paragraph) as its first block.
    static func sparseStory() throws -> Story {
        let science = Section(name: "Science", slug: try #require(Slug(from: "Science")))
        return Story(
            id: 2, slug: try #require(Slug(from: "Tide tables revised")), headline: "Tide tables revised",
            section: science, dateline: Dateline(), byline: nil, body: ["- first point\n- second point"],
            highlights: [], highlightsOrigin: .machine, topics: [], topicsOrigin: .machine, status: .published,
            publishedAt: nil, createdAt: Fixtures.noon, updatedAt: Fixtures.noon, source: nil)
    }

    /// Page furniture with every optional part filled in.
    static func fullChrome(for story: Story) -> PageChrome {
        PageChrome(
            siteName: "Dateline", pageTitle: "\(story.headline) - Dateline", description: "A description.",
            canonicalURL: "https://example.test/story/x", fontClass: "font-step-1", fontStep: 1,
            stylesheetURL: "/assets/site.css", printStylesheetURL: "/assets/print.css",
            scriptURL: "/assets/reader.js", iconURL: "/assets/icons/favicon.svg",
            sections: [
                LinkView(text: "Home", url: "/"), LinkView(text: "World", url: "/section/world", isCurrent: true),
            ],
            csrfToken: "token", returnPath: "/story/x", savedCount: 2, hasSaved: true, isSavedPage: false,
            feeds: FeedLinkView.links(basePath: SitePaths.feeds, title: "Dateline"), robots: "noindex, follow",
            social: SocialMetaView(story: story, storyURL: "https://example.test/story/x", siteName: "Dateline"),
            linkedData: "{\"@type\":\"NewsArticle\"}", searchText: "lighthouse")
    }

    /// Page furniture with every optional part left out.
    static func sparseChrome() -> PageChrome {
        PageChrome(
            siteName: "Dateline", pageTitle: "Dateline", description: nil, canonicalURL: "https://example.test/",
            fontClass: "font-step-0", fontStep: 0, stylesheetURL: "/assets/site.css",
            printStylesheetURL: "/assets/print.css", scriptURL: "/assets/reader.js",
            iconURL: "/assets/icons/favicon.svg", sections: [], csrfToken: "", returnPath: "/", savedCount: 0,
            hasSaved: false, isSavedPage: true)
    }

    static func fullStoryPage() throws -> StoryPageView {
        let story = try fullStory()
        var next = try sparseStory()
        next.section = story.section
        return StoryPageView(
            story: story, next: next, related: [next], chrome: fullChrome(for: story),
            session: ReaderSession(saved: SavedStories().adding(story.slug)), clock: clock,
            corrections: [Correction(note: "An earlier version misnamed the council.", createdAt: Fixtures.noon)],
            canEmail: true)
    }

    static func sparseStoryPage() throws -> StoryPageView {
        StoryPageView(
            story: try sparseStory(), next: nil, related: [], chrome: sparseChrome(), session: ReaderSession(),
            clock: clock)
    }

    // MARK: - The check

    /// Expects `value.child(named:)` to answer every stored property as a Mirror lookup would
    /// (optionals unwrapped, `.missing` when empty), and nothing for a name the type does not have.
    func expectMatchesMirror<T: TemplateObject>(
        _ value: T, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let type = String(reflecting: T.self)
        let children = Mirror(reflecting: value).children
        #expect(!children.isEmpty, "\(type) has no stored properties to compare", sourceLocation: sourceLocation)
        for (label, reflected) in children {
            guard let label else {
                Issue.record("\(type) has an unlabelled child", sourceLocation: sourceLocation)
                continue
            }
            let expected = Self.describe(.reflecting(reflected))
            let answered = Self.describe(value.child(named: label))
            #expect(
                answered == expected,
                "\(type).child(named: \"\(label)\") answers \(answered), Mirror finds \(expected)",
                sourceLocation: sourceLocation)
        }
        #expect(
            Self.describe(value.child(named: "noSuchName")) == "missing",
            "\(type) answers a name it does not have", sourceLocation: sourceLocation)
    }

    /// A template value spelled out, lists element by element, so two answers can be compared.
    static func describe(_ value: TemplateValue) -> String {
        switch value {
        case .missing: return "missing"
        case .text(let text): return "text(\(text.debugDescription))"
        case .bool(let flag): return "bool(\(flag))"
        case .object(let object): return "object(\(String(reflecting: object)))"
        case .list(let list):
            return "list[" + (0..<list.count).map { describe(list.element(at: $0)) }.joined(separator: ", ") + "]"
        }
    }

    // MARK: - Story page

    @Test("the story page and what it holds answer as Mirror would")
    func storyPage() throws {
        for page in [try Self.fullStoryPage(), try Self.sparseStoryPage()] {
            expectMatchesMirror(page)
            expectMatchesMirror(page.chrome)
            if let published = page.published { expectMatchesMirror(published) }
            if let updated = page.updated { expectMatchesMirror(updated) }
            if let next = page.nextArticle { expectMatchesMirror(next) }
            if let lead = page.leadParagraph { expectMatchesMirror(lead) }
            if let block = page.leadBlock { expectMatchesMirror(block) }
            for block in page.paragraphsBeforeDontMiss + page.paragraphsAfterDontMiss { expectMatchesMirror(block) }
            for correction in page.corrections { expectMatchesMirror(correction) }
            for link in page.dontMiss + page.topics { expectMatchesMirror(link) }
        }
    }

    @Test("the test's story pages cover optionals both set and empty")
    func storyPagesCoverOptionals() throws {
        let full = try Self.fullStoryPage()
        let sparse = try Self.sparseStoryPage()
        #expect(full.byline != nil && full.updated != nil && full.nextArticle != nil && full.dateline != nil)
        #expect(full.leadParagraph != nil && full.emailURL != nil && !full.corrections.isEmpty)
        #expect(sparse.byline == nil && sparse.updated == nil && sparse.nextArticle == nil && sparse.dateline == nil)
        #expect(sparse.leadParagraph == nil && sparse.leadBlock != nil && sparse.emailURL == nil)
        #expect(full.chrome.social?.description != nil && sparse.chrome.social == nil)
    }

    // MARK: - Page furniture

    @Test("page chrome, feed links, social tags, links and times answer as Mirror would")
    func chrome() throws {
        let full = Self.fullChrome(for: try Self.fullStory())
        for chrome in [full, Self.sparseChrome(), Self.fullChrome(for: try Self.sparseStory())] {
            expectMatchesMirror(chrome)
            for feed in chrome.feeds { expectMatchesMirror(feed) }
            for link in chrome.sections { expectMatchesMirror(link) }
            if let social = chrome.social { expectMatchesMirror(social) }
        }
        #expect(full.social != nil && !full.feeds.isEmpty)
        expectMatchesMirror(TimeView(Fixtures.noon, clock: Self.clock))
        expectMatchesMirror(TimeView(dateOnly: Fixtures.noon, clock: Self.clock))
    }

    // MARK: - Listings

    @Test("front, listing, saved and summary views answer as Mirror would")
    func listings() throws {
        let full = try Self.fullStory()
        let sparse = try Self.sparseStory()
        let lead = StorySummaryView(full, clock: Self.clock, withHighlights: true)
        let headlines = [StorySummaryView(sparse, clock: Self.clock)]
        let block = HomePageView.SectionBlockView(
            name: "World", url: "/section/world", headingID: "section-world", lead: lead, headlines: headlines,
            hasHeadlines: true)
        let home = HomePageView(chrome: Self.sparseChrome(), blocks: [block], hasStories: true)
        expectMatchesMirror(home)
        expectMatchesMirror(block)
        for summary in [lead] + headlines { expectMatchesMirror(summary) }

        for pagination in [
            PaginationView(page: 1, pageSize: 10, total: 3, basePath: "/section/world"),
            PaginationView(page: 2, pageSize: 10, total: 25, basePath: "/section/world"),
        ] {
            let listing = ListingPageView(
                chrome: Self.sparseChrome(), heading: "World", summary: "The latest from World, newest first",
                stories: [lead], hasStories: true, showsSection: false, pagination: pagination)
            expectMatchesMirror(listing)
            expectMatchesMirror(pagination)
        }

        for unavailable in [0, 2] {
            expectMatchesMirror(
                SavedPageView(chrome: Self.sparseChrome(), stories: headlines, unavailableCount: unavailable))
        }

        let entry = CorrectionsPageView.Entry(
            note: "The tower is 30 m tall.", time: TimeView(Fixtures.noon, clock: Self.clock), headline: "Tower",
            url: "/story/tower", sectionName: "World")
        expectMatchesMirror(entry)
        for (newer, older) in [(nil, nil), ("/corrections", "/corrections?page=3")] as [(String?, String?)] {
            expectMatchesMirror(
                CorrectionsPageView(chrome: Self.sparseChrome(), entries: [entry], newerURL: newer, olderURL: older))
        }
    }

    // MARK: - Print and error pages

    @Test("print and error pages answer as Mirror would")
    func printAndError() throws {
        for story in [try Self.fullStory(), try Self.sparseStory()] {
            let page = PrintPageView(
                story: story, chrome: Self.sparseChrome(), storyURL: "https://example.test/story/x", clock: Self.clock)
            expectMatchesMirror(page)
        }
        expectMatchesMirror(
            ErrorPageView(
                chrome: Self.sparseChrome(), status: 404, heading: "Page not found",
                message: "There is no page at this address.", suggestsReload: false))
    }

    // MARK: - Search

    @Test("search page views answer as Mirror would")
    func search() throws {
        let runs = [MarkedRunView(text: "Harbour ", isMatch: false), MarkedRunView(text: "council", isMatch: true)]
        let hit = SearchHitView(
            url: "/story/x", headline: runs, snippet: runs, hasSnippet: true, sectionName: "World",
            sectionURL: "/section/world", published: TimeView(dateOnly: Fixtures.noon, clock: Self.clock),
            thumbnail: nil)
        let options = [
            SearchPageView.OptionView(value: "", text: "All sections", isSelected: false),
            SearchPageView.OptionView(value: "world", text: "World", isSelected: true),
        ]
        let paginations = [
            SearchPaginationView(
                page: 2, pageCount: 3, previousURL: "/search?q=council", nextURL: "/search?q=council&page=3",
                isShown: true),
            SearchPaginationView(page: 1, pageCount: 1, previousURL: nil, nextURL: nil, isShown: false),
        ]
        let pages = [
            SearchPageView(
                chrome: Self.sparseChrome(), text: "council", sections: options, from: "2008-01-01", to: "",
                countText: "1 story matches", hits: [hit], hasHits: true, messages: ["Dates were swapped."],
                hasMessages: true, pagination: paginations[0],
                correction: SearchCorrectionView(
                    typed: "councl", text: "council", url: "/search?q=council", isShowingIt: true)),
            SearchPageView(
                chrome: Self.sparseChrome(), text: "", sections: options, from: "", to: "", countText: nil, hits: [],
                hasHits: false, messages: [], hasMessages: false, pagination: paginations[1], correction: nil),
        ]
        for page in pages { expectMatchesMirror(page) }
        if let correction = pages[0].correction { expectMatchesMirror(correction) }
        for option in options { expectMatchesMirror(option) }
        for pagination in paginations { expectMatchesMirror(pagination) }
        for run in runs { expectMatchesMirror(run) }
        expectMatchesMirror(hit)
    }
}
