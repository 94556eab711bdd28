import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Logging
import Testing

@testable import DatelineWeb

@Suite("Newsroom wire")
struct WireControllerTests {
    static let body = [
        "Ferry crews in Port Ellis walked out on Tuesday morning and no boats left the harbour for the islands.",
        "The union says night rosters changed without notice and wants them fixed for the whole winter season.",
        "The operator said talks with the union would resume on Thursday at the town hall in Port Ellis.",
    ]

    static func item(
        _ guid: String, source: String, headline: String, body: [String] = body,
        subjects: [WireSubject] = [WireSubject(code: "medtop:20000630", name: "labour dispute")]
    ) -> WireItemDraft {
        WireItemDraft(
            format: .ninjs, source: source, guid: guid, headline: headline, byline: "By Mira Castell",
            dateline: "PORT ELLIS", body: body, subjects: subjects,
            canonicalURL: "https://\(source.lowercased().replacingOccurrences(of: " ", with: "")).example/\(guid)",
            origin: "agency/\(guid).json")
    }

    @Test(
        "the queue lists items newest first with filters, an item shows its origin and copies, and Take as draft makes a credited story"
    )
    func queueAndTake() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let now = newsroom.clock.now
        let first = try await newsroom.store.receiveWireItem(
            Self.item("a", source: "Harbour Wire", headline: "Ferry crews <strike>"), now: now.addingTimeInterval(-60),
            lifetime: 3_600
        ).item
        let copy = try await newsroom.store.receiveWireItem(
            Self.item("b", source: "River Press", headline: "Islands cut off", body: Array(Self.body.reversed())),
            now: now, lifetime: 3_600
        ).item
        let other = try await newsroom.store.receiveWireItem(
            Self.item(
                "c", source: "River Press", headline: "Bridge approved",
                body: ["The council voted nine to two for a second bridge over the river and a cycle path beside it."],
                subjects: []),
            now: now, lifetime: 3_600
        ).item
        #expect(copy.duplicateOf == first.id && other.duplicateOf == nil)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let page = try await browser.get("/newsroom/wire")
            #expect(page.status == .ok)
            #expect(page.html.contains("Ferry crews &lt;strike&gt;"))
            let positions = ["Bridge approved", "Islands cut off", "Ferry crews &lt;strike&gt;"].compactMap {
                page.html.range(of: $0)?.lowerBound
            }
            #expect(positions.count == 3 && positions == positions.sorted())
            #expect(page.html.contains("A copy of <a href=\"/newsroom/wire/\(first.id)\">wire item \(first.id)</a>"))
            let filtered = try await browser.get("/newsroom/wire?source=River+Press&q=bridge")
            #expect(filtered.html.contains("Bridge approved") && !filtered.html.contains("Islands cut off"))
            let bySubject = try await browser.get("/newsroom/wire?subject=medtop:20000630")
            #expect(bySubject.html.contains("Islands cut off") && !bySubject.html.contains("Bridge approved"))

            let shown = try await browser.get("/newsroom/wire/\(copy.id)")
            #expect(shown.status == .ok)
            #expect(shown.html.contains("agency/b.json") && shown.html.contains("River Press"))
            #expect(shown.html.contains("Ferry crews &lt;strike&gt;") && shown.html.contains("arrived first"))
            #expect(shown.html.contains("labour dispute (medtop:20000630)"))
            let token = try #require(shown.formToken)

            let forged = try await browser.post("/newsroom/wire/\(first.id)/take", form: [("csrf_token", "nope")])
            #expect(forged.status == .forbidden)
            #expect(try await newsroom.store.wireItem(id: first.id)?.storyID == nil)

            let taken = try await browser.post(
                "/newsroom/wire/\(first.id)/take", form: [("csrf_token", token), ("section", "Local")])
            #expect(
                taken.status == .seeOther,
                "\(taken.html.components(separatedBy: "role=\"alert\"").dropFirst().first?.prefix(300) ?? "")")
            let storyID = try #require(try await newsroom.store.wireItem(id: first.id)?.storyID)
            #expect(taken.headers[.location] == NewsroomPaths.story(storyID))
            let story = try #require(try await newsroom.store.story(id: storyID))
            #expect(story.status == .draft && story.headline == "Ferry crews <strike>")
            #expect(story.section.name == "Local")
            #expect(story.body.last == "Source: Harbour Wire")
            #expect(story.dateline.source == "Harbour Wire" && story.dateline.place == "PORT ELLIS")
            #expect(story.byline == "By Mira Castell")
            #expect(story.source?.url == "https://harbourwire.example/a")
            #expect(!story.highlights.isEmpty && story.highlightsOrigin == .machine)
            // The copy now says its group's story was taken.
            let copyPage = try await browser.get("/newsroom/wire/\(copy.id)")
            #expect(copyPage.html.contains("taken as a draft"))
            let queue = try await browser.get("/newsroom/wire")
            #expect(
                queue.html.contains(
                    "Another copy of this story was taken as a <a href=\"\(NewsroomPaths.story(storyID))\">"))

            #expect(try await browser.get("/newsroom/wire/999999").status == .notFound)
            newsroom.clock.advance(7_200)
            #expect(try await browser.get("/newsroom/wire").html.contains("The wire queue is empty"))
            // The scheduler removes what expired, once.
            let scheduler = StoryScheduler(store: newsroom.store, logger: Logger(label: "test"))
            #expect(await scheduler.expireWire(now: newsroom.clock.now) == 3)
            #expect(await scheduler.expireWire(now: newsroom.clock.now) == 0)
            #expect(try await newsroom.store.wireItem(id: other.id) == nil)
        }
    }
}
