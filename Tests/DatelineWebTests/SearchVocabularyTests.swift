import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Search that forgives typos")
struct SearchVocabularyTests {
    static let vocabulary = SearchVocabulary(
        headlines: [
            "Lisbon opens its first new tram line in half a century",
            "Lisbon trams carry a record crowd",
            "Island council rejects plan to sell lighthouse",
            "Loire River rises to 25-year high",
            "Belém museum reopens",
        ],
        topics: ["Lisbon", "Kestrel Harbor", "European Union"])

    @Test("edit distance counts a swap of neighbours as one edit and stops past its limit")
    func distance() {
        func d(_ a: String, _ b: String, _ limit: Int = 3) -> Int? {
            SearchVocabulary.distance(Array(a), Array(b), limit: limit)
        }
        #expect(d("lisbon", "lisbon") == 0)
        #expect(d("lisbn", "lisbon") == 1)
        #expect(d("lsibon", "lisbon") == 1)
        #expect(d("lisbom", "lisbon") == 1)
        #expect(d("lsbn", "lisbon") == 2)
        #expect(d("paris", "lisbon") == nil)
        #expect(d("ab", "abcdef", 2) == nil)
    }

    @Test("an unknown word is corrected to the nearest, most used word; known and short words are not")
    func corrections() {
        let words = Self.vocabulary
        #expect(words.correction(for: "Lisbn") == "Lisbon")
        #expect(words.correction(for: "lsibon") == "Lisbon")
        #expect(words.correction(for: "lighthose") == "lighthouse")
        #expect(words.correction(for: "councl") == "council")
        #expect(words.correction(for: "Lisbon") == nil, "a known word")
        #expect(words.correction(for: "belem") == nil, "accents do not make a word unknown")
        #expect(words.correction(for: "tarm") == "tram", "one swap")
        #expect(words.correction(for: "tra") == "tram", "a short word gets one edit")
        #expect(words.correction(for: "trx") == nil, "and no more than one")
        #expect(words.correction(for: "xq") == nil, "too short")
        #expect(words.correction(for: "zebra") == nil, "nothing near")
        #expect(words.correction(for: "2025") == nil, "numbers are not corrected")
    }

    @Test("a whole search keeps its syntax and the reader's capitals")
    func suggestions() {
        let words = Self.vocabulary
        #expect(words.suggestion(for: "lisbn trams") == "Lisbon trams")
        #expect(words.suggestion(for: "LISBN") == "LISBON")
        #expect(words.suggestion(for: "\"councl rejects\" OR lighthose") == "\"council rejects\" OR lighthouse")
        #expect(words.suggestion(for: "lisbon -councl") == nil, "an excluded word is left alone")
        #expect(words.suggestion(for: "lisb*") == nil, "a prefix search is left alone")
        #expect(words.suggestion(for: "Lisbon tram") == nil)
    }

    @Test("completions of a prefix, most used first")
    func completions() {
        let words = Self.vocabulary
        #expect(words.completions(for: "li", limit: 3) == ["Lisbon", "lighthouse", "line"])
        #expect(words.completions(for: "LIGH", limit: 5) == ["lighthouse"])
        #expect(words.completions(for: "l", limit: 5).isEmpty, "one letter is too little")
        #expect(words.completions(for: "zz", limit: 5).isEmpty)
    }

    @Test("the search page shows the corrected search's stories when the typed one finds none")
    func searchPage() async throws {
        let site = try ReaderTestSite()
        let lighthouse = try await site.publish(Fixtures.lighthouse)
        try await site.publish(Fixtures.fishingFleet)
        let page = try await site.withBrowser { try await $0.get("/search?q=lighthose") }
        #expect(page.status == .ok)
        #expect(page.html.contains("No stories match “lighthose”. Showing stories for"))
        #expect(page.html.contains("<a href=\"/search?q=lighthouse\"><strong>lighthouse</strong></a>"))
        #expect(page.html.contains("href=\"/story/\(lighthouse.slug)\""))
        #expect(!page.html.contains("check the spelling"), "no 'nothing found' message while showing results")

        // Words that find something still get a hint for the one that was not recognised.
        let mixed = try await site.withBrowser { try await $0.get("/search?q=lighthouse+OR+councl") }
        #expect(mixed.html.contains("Did you mean"))
        #expect(mixed.html.contains("<strong>lighthouse OR council</strong>"))
        #expect(mixed.html.contains("href=\"/story/\(lighthouse.slug)\""))

        // Nothing near: the usual message, no suggestion.
        let nothing = try await site.withBrowser { try await $0.get("/search?q=qzxvjkwplm") }
        #expect(!nothing.html.contains("Did you mean"))
        #expect(nothing.html.contains("check the spelling"))
    }

    @Test("suggestions as JSON complete the last word typed")
    func suggestionEndpoint() async throws {
        let site = try ReaderTestSite()
        try await site.publish(Fixtures.lighthouse)
        let answer = try await site.withBrowser { try await $0.get("/search/suggestions?q=island+ligh") }
        #expect(answer.status == .ok)
        #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(answer.html.utf8)) as? [String: Any])
        #expect(object["q"] as? String == "island ligh")
        let suggested = try #require(object["suggestions"] as? [String])
        #expect(suggested.contains("island lighthouse"))
        #expect(suggested.allSatisfy { $0.hasPrefix("island ") && $0.lowercased().dropFirst(7).hasPrefix("ligh") })
        let spaceAfter = try await site.withBrowser { try await $0.get("/search/suggestions?q=island+") }
        #expect(spaceAfter.html.contains("\"suggestions\":[]"))
        let hostile = try await site.withBrowser { try await $0.get("/search/suggestions?q=%3Cscript%3E") }
        #expect(hostile.status == .ok)
        // JSON, never sniffed as a page.
        #expect(hostile.headers[.contentType] == "application/json; charset=utf-8")
        #expect(hostile.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
    }
}
