import DatelineCore
import Testing

@testable import DatelineWeb

@Suite("Saved-stories list")
struct SavedStoriesTests {
    private func slug(_ text: String) throws -> Slug { try #require(Slug(validating: text)) }

    @Test("newest first, no duplicates, removal")
    func ordering() throws {
        let list = SavedStories().adding(try slug("a")).adding(try slug("b")).adding(try slug("a"))
        #expect(list.slugs.map(\.rawValue) == ["a", "b"])
        #expect(list.removing(try slug("a")).slugs.map(\.rawValue) == ["b"])
        #expect(list.cookieValue == "a.b")
        #expect(SavedStories(cookieValue: list.cookieValue) == list)
    }

    @Test("the list is capped, dropping the oldest")
    func capped() throws {
        var list = SavedStories()
        for number in 0..<(SavedStories.capacity + 5) { list = list.adding(try slug("story-\(number)")) }
        #expect(list.slugs.count == SavedStories.capacity)
        #expect(list.slugs.first?.rawValue == "story-\(SavedStories.capacity + 4)")
        #expect(!list.contains(try slug("story-0")))
    }

    @Test("cookie values keep only valid slugs, without duplicates, up to the cap")
    func parsing() {
        let list = SavedStories(cookieValue: "good.BAD..also-good.good.-x.%20")
        #expect(list.slugs.map(\.rawValue) == ["good", "also-good"])
        let long = (0..<200).map { "s\($0)" }.joined(separator: ".")
        #expect(SavedStories(cookieValue: long).slugs.count == SavedStories.capacity)
    }
}
