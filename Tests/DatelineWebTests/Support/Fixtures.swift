import DatelineCore
import Foundation

/// Invented stories for the web tests. Every name, place and quote here is made up.
enum Fixtures {
    /// Friday, 15 February 2008, 12:00 UTC: the era of the seed page.
    static let noon = Date(timeIntervalSince1970: 1_203_076_800)

    /// A time `hours` before ``noon``.
    static func hoursBefore(_ hours: Double) -> Date { noon.addingTimeInterval(-hours * 3600) }

    /// The lead World story, with every field a story page shows.
    static let lighthouse = StoryDraft(
        headline: "Island council rejects plan to sell lighthouse",
        section: "World",
        dateline: Dateline(place: "KESTREL HARBOR, Norland", source: "AP"),
        byline: "By Maren Holt",
        body: [
            "The island council of Kestrel Harbor voted on Thursday to keep its 1870 lighthouse in public hands, "
                + "turning down an offer from a hotel group.",
            "Seven of the nine councillors opposed the sale after a petition gathered more signatures than the "
                + "island has voters, a result one clerk called \"enthusiastic arithmetic.\"",
            "The tower still guides the ferry that links the island to the mainland twice a day.",
            "Keepers left in 1962, when the lamp was automated, but the cottage at its foot has served as a "
                + "museum since.",
            "The hotel group said it would look for another site on the coast.",
            "A repair fund opened on Friday morning and, by noon, had raised enough to paint the gallery rail.",
        ],
        highlights: [
            "Council votes 7-2 to keep the island's 1870 lighthouse",
            "Hotel group's offer turned down after a large petition",
            "Repair fund opens to restore the tower",
        ],
        topics: ["Norland", "Lighthouses"],
        publishedAt: noon)

    /// An older World story sharing the "Norland" topic.
    static let fishingFleet = StoryDraft(
        headline: "Norland fishing fleet returns early as storms build",
        section: "World",
        dateline: Dateline(place: "SKERRY POINT, Norland", source: "Dateline"),
        body: [
            "Trawlers from Skerry Point came home two days early on Thursday as forecasters warned of gales.",
            "Harbour staff doubled the moorings on the outer wall.",
        ],
        highlights: ["Fleet cuts trip short ahead of gales"],
        topics: ["Norland", "Fishing"],
        publishedAt: hoursBefore(1))

    /// The oldest World story, with no shared topic.
    static let railTunnel = StoryDraft(
        headline: "Mountain rail tunnel opens after nine years of digging",
        section: "World",
        body: [
            "The first passenger train ran through the Greyfell tunnel on Wednesday, cutting the trip to forty minutes."
        ],
        highlights: ["Greyfell tunnel carries its first passengers"],
        topics: ["Railways"],
        publishedAt: hoursBefore(2))

    /// A Business story.
    static let bakery = StoryDraft(
        headline: "Co-op bakery chain posts record winter sales",
        section: "Business",
        byline: "By Tobias Renn",
        body: ["Sales of rye loaves rose by a fifth over the winter, the Millstone co-op said on Friday."],
        highlights: ["Millstone co-op reports its best winter"],
        topics: ["Bakeries"],
        publishedAt: hoursBefore(0.5))

    /// A Sports story sharing the "Norland" topic across sections.
    static let rowing = StoryDraft(
        headline: "Underdog rowing crew wins the river cup",
        section: "Sports",
        body: ["A crew of first-year students from Norland took the river cup by half a length on Saturday."],
        topics: ["Rowing", "Norland"],
        publishedAt: hoursBefore(3))

    /// A story nobody outside the newsroom may see.
    static let secretDraft = StoryDraft(
        headline: "Unpublished draft about the lighthouse keepers",
        section: "World",
        body: ["Not ready for readers."],
        topics: ["Lighthouses"],
        publishedAt: nil)

    /// A simple story in `section` published `hoursAgo` before noon, for lists and paging.
    static func filler(_ number: Int, section: String = "Science", topics: [String] = ["Tides"]) -> StoryDraft {
        StoryDraft(
            headline: "Tide gauge report number \(number)",
            section: section,
            body: ["Gauge \(number) recorded an ordinary tide."],
            topics: topics,
            publishedAt: hoursBefore(Double(number)))
    }
}
