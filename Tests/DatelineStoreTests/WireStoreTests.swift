import DatelineCore
import Foundation
import Testing

@testable import DatelineStore

/// The wire queue on both backends (issue 17 items 2–4).
@Suite("WireStore")
struct WireStoreTests {
    static let harbourText = [
        "Ferry crews in Port Ellis walked out on Tuesday morning and no boats left the harbour for the islands.",
        "The union says night rosters changed without notice and wants them fixed for the whole winter season.",
        "The operator said talks would resume on Thursday and apologised to travellers stranded on the quay.",
    ]

    static func item(
        _ guid: String, source: String = "Harbour Wire", version: Int = 1, headline: String = "Ferry crews strike",
        body: [String] = harbourText, url: String? = nil, subjects: [WireSubject] = [], section: String? = nil,
        embargo: Date? = nil
    ) -> WireItemDraft {
        WireItemDraft(
            format: .ninjs, source: source, guid: guid, version: version, headline: headline, byline: "By Mira Castell",
            dateline: "PORT ELLIS", body: body, summary: "Crossings stopped.", subjects: subjects,
            embargoedUntil: embargo, versionCreated: Times.base, url: url, canonicalURL: nil, section: section,
            language: "en", status: .usable, origin: "in/\(guid).json")
    }

    static let otherText = [
        "The council voted nine to two for a second bridge over the river and a cycle path along the old rail line.",
        "Work is due to start next spring, and the crossing should open to traffic in the autumn of the year after.",
    ]

    @Test(
        "an item is kept field by field, once; a newer version replaces it, an older one changes nothing",
        arguments: StoreBackend.all)
    func versions(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try #require(fixture.store as? any WireStore)
            let subjects = [WireSubject(code: "medtop:20000630", name: "labour dispute")]
            let embargo = Times.day(1)
            let first = try await store.receiveWireItem(
                Self.item("a", version: 2, subjects: subjects, embargo: embargo), now: Times.base, lifetime: 86_400)
            guard case .added(let added) = first else { Issue.record("expected a new item"); return }
            #expect(added.content.headline == "Ferry crews strike" && added.content.body == Self.harbourText)
            #expect(added.content.subjects == subjects && added.content.byline == "By Mira Castell")
            #expect(added.content.dateline == "PORT ELLIS" && added.content.embargoedUntil == embargo)
            #expect(added.content.origin == "in/a.json" && added.duplicateOf == nil && added.storyID == nil)
            // The item stays a day past its embargo.
            #expect(added.expiresAt == embargo.addingTimeInterval(86_400))
            let again = try await store.receiveWireItem(Self.item("a", version: 2), now: Times.base, lifetime: 86_400)
            #expect(again == .unchanged(added))
            let older = try await store.receiveWireItem(
                Self.item("a", version: 1, headline: "Old"), now: Times.base, lifetime: 86_400)
            #expect(older.item.content.headline == "Ferry crews strike")
            let newer = try await store.receiveWireItem(
                Self.item("a", version: 3, headline: "Ferry strike ends"), now: Times.day(1), lifetime: 86_400)
            guard case .replaced(let replaced) = newer else { Issue.record("expected a replacement"); return }
            #expect(replaced.id == added.id && replaced.content.version == 3)
            #expect(replaced.content.headline == "Ferry strike ends" && replaced.receivedAt == Times.day(1))
            let listed = try await store.wireItems(WireFilter(), now: Times.day(1))
            #expect(listed.map(\.id) == [added.id])
            // The same guid from another source is another item.
            let elsewhere = try await store.receiveWireItem(
                Self.item("a", source: "Valley News", body: Self.otherText), now: Times.day(1), lifetime: 86_400)
            #expect(elsewhere.item.id != added.id)
        }
    }

    @Test("the queue lists newest first and filters by source, section, subject and text", arguments: StoreBackend.all)
    func filters(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try #require(fixture.store as? any WireStore)
            let strike = try await store.receiveWireItem(
                Self.item("s", subjects: [WireSubject(code: "medtop:20000630", name: "Labour dispute")]),
                now: Times.base, lifetime: 7 * 86_400)
            let bridge = try await store.receiveWireItem(
                Self.item(
                    "b", source: "River Press", headline: "Bridge approved", body: Self.otherText,
                    section: "Local"), now: Times.day(1), lifetime: 7 * 86_400)
            let now = Times.day(2)
            #expect(try await store.wireItems(WireFilter(), now: now).map(\.id) == [bridge.item.id, strike.item.id])
            #expect(
                try await store.wireItems(WireFilter(source: "River Press"), now: now).map(\.id) == [bridge.item.id])
            #expect(try await store.wireItems(WireFilter(section: "local"), now: now).map(\.id) == [bridge.item.id])
            #expect(
                try await store.wireItems(WireFilter(subject: "medtop:20000630"), now: now).map(\.id) == [
                    strike.item.id
                ])
            #expect(
                try await store.wireItems(WireFilter(subject: "labour dispute"), now: now).map(\.id) == [strike.item.id]
            )
            #expect(try await store.wireItems(WireFilter(subject: "medtop:2000063"), now: now).isEmpty)
            #expect(try await store.wireItems(WireFilter(text: "CYCLE path"), now: now).map(\.id) == [bridge.item.id])
            #expect(try await store.wireItems(WireFilter(text: "100%_"), now: now).isEmpty)
            #expect(try await store.wireSources(now: now) == ["Harbour Wire", "River Press"])
        }
    }

    @Test(
        "copies of one story group under the first: same address, re-headlined or trimmed text",
        arguments: StoreBackend.all)
    func duplicates(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try #require(fixture.store as? any WireStore)
            let first = try await store.receiveWireItem(
                Self.item("1", url: "https://www.example.com/news/strike?utm_source=x"), now: Times.base,
                lifetime: 86_400)
            let other = try await store.receiveWireItem(
                Self.item("2", body: Self.otherText), now: Times.base, lifetime: 86_400)
            // Another source, re-headlined, paragraphs reordered and the last one cut.
            let rewritten = try await store.receiveWireItem(
                Self.item(
                    "3", source: "Valley News", headline: "Islands cut off as ferry staff walk out",
                    body: [Self.harbourText[1], Self.harbourText[0]]), now: Times.base, lifetime: 86_400)
            // The same page on its AMP host with tracking parameters.
            let amp = try await store.receiveWireItem(
                Self.item(
                    "4", source: "Feed", headline: "Other words", body: ["Entirely different words here."],
                    url: "https://amp.example.com/news/strike/amp?fbclid=1"), now: Times.base, lifetime: 86_400)
            #expect(first.item.duplicateOf == nil && other.item.duplicateOf == nil)
            #expect(rewritten.item.duplicateOf == first.item.id)
            #expect(amp.item.duplicateOf == first.item.id)
            #expect(try await store.wireItem(id: rewritten.item.id)?.duplicateOf == first.item.id)
        }
    }

    @Test("items expire; bad items are refused whole; Take as draft links the story", arguments: StoreBackend.all)
    func expiryRefusalsAndLinks(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try #require(fixture.store as? any WireStore)
            let kept = try await store.receiveWireItem(Self.item("k"), now: Times.base, lifetime: 3_600)
            #expect(try await store.wireItems(WireFilter(), now: Times.base.addingTimeInterval(3_599)).count == 1)
            #expect(try await store.wireItems(WireFilter(), now: Times.base.addingTimeInterval(3_600)).isEmpty)
            for bad in [
                Self.item("x", headline: "  "), Self.item("x", body: []), Self.item("x", url: "file:///etc/passwd"),
                Self.item("x", headline: "Bell\u{7}"), Self.item("", source: "S"),
                Self.item("x", headline: String(repeating: "h", count: 301)),
            ] {
                await #expect(throws: StoreError.self) {
                    try await store.receiveWireItem(bad, now: Times.base, lifetime: 3_600)
                }
            }
            let newsroom = try fixture.newsroom()
            let writer = try await newsroom.createUser(
                email: "desk@example.com", name: "Desk", role: .writer, passwordHash: "h")
            var draft = StoryDraft.sample("Ferry crews strike")
            draft.body.append("Source: Harbour Wire")
            let story = try await store.takeWireItem(id: kept.item.id, as: draft, author: writer.id)
            #expect(story.status == .draft && story.body.last == "Source: Harbour Wire")
            #expect(try await store.wireItem(id: kept.item.id)?.storyID == story.id)
            #expect(try await newsroom.story(id: story.id)?.headline == "Ferry crews strike")
            // A refused draft stores nothing: no story, no link.
            let other = try await store.receiveWireItem(
                Self.item("o", body: Self.otherText), now: Times.base, lifetime: 3_600)
            await #expect(throws: StoreError.self) {
                try await store.takeWireItem(id: other.item.id, as: .sample("  "), author: writer.id)
            }
            #expect(try await store.wireItem(id: other.item.id)?.storyID == nil)
            await #expect(throws: StoreError.self) {
                try await store.takeWireItem(id: 999_999, as: draft, author: writer.id)
            }
            try await store.linkWireItem(id: other.item.id, toStory: story.id)
            await #expect(throws: StoreError.self) { try await store.linkWireItem(id: kept.item.id, toStory: 999_999) }
            #expect(try await store.expireWireItems(now: Times.day(1)) == 2)
            #expect(try await store.wireItem(id: kept.item.id) == nil)
        }
    }
}

@Suite("Wire rules")
struct WireRulesTests {
    @Test func addressesNormalise() {
        let same = [
            "https://www.example.com/news/strike", "http://example.com/news/strike/",
            "https://m.example.com/news/strike?utm_source=t&utm_medium=s", "https://amp.example.com/news/strike/amp",
            "https://example.com/news/strike#comments", "https://mobile.example.com/news/strike?fbclid=abc",
        ]
        let normalised = Set(same.map { WireRules.normalizedAddress($0) })
        #expect(normalised == ["//example.com/news/strike"])
        #expect(WireRules.normalizedAddress("https://example.com/a?b=2&a=1") == "//example.com/a?a=1&b=2")
        #expect(WireRules.normalizedAddress("https://example.com/news/other") != "//example.com/news/strike")
        #expect(WireRules.normalizedAddress("ftp://example.com/x") == nil)
        #expect(WireRules.normalizedAddress("https://example.com:8443/x") == "//example.com:8443/x")
    }

    @Test func fingerprintsResembleForCopiesOnly() throws {
        let text = WireStoreTests.harbourText
        let a = try #require(WireRules.fingerprint(of: text))
        let reordered = try #require(WireRules.fingerprint(of: text.reversed()))
        let other = try #require(WireRules.fingerprint(of: WireStoreTests.otherText))
        #expect(WireRules.resemblance(a, a) == 1)
        #expect(WireRules.nearDuplicate(a, words: 50, reordered, words: 50))
        #expect(!WireRules.nearDuplicate(a, words: 50, other, words: 40))
        #expect(WireRules.fingerprint(of: ["Too short to judge."]) == nil)
    }
}
