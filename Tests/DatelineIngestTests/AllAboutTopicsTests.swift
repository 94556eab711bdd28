import Testing

@testable import DatelineIngest

@Suite("All About topics")
struct AllAboutTopicsTests {
    func topics(_ line: String, story: [String] = []) -> [String] {
        AllAboutTopics.topics(fromLine: line, storyText: story)
    }

    @Test func splitsRunTogetherLinksAtCaseSteps() {
        #expect(topics("All About KosovoSerbiaHashim Thaci") == ["Kosovo", "Serbia", "Hashim Thaci"])
    }

    @Test func splitsAtBulletSeparators() {
        #expect(topics("All About Malaysia • Abdullah Ahmad Badawi") == ["Malaysia", "Abdullah Ahmad Badawi"])
        #expect(topics("All About Oil | Iraq | Gas Prices") == ["Oil", "Iraq", "Gas Prices"])
    }

    @Test func separatorsWinOverCaseSteps() {
        #expect(topics("All About McDonald's • YouTube") == ["McDonald's", "YouTube"])
    }

    @Test func keepsNamePrefixesAndLowerCaseBrands() {
        #expect(topics("All About John McCainIraq") == ["John McCain", "Iraq"])
        #expect(topics("All About Douglas MacArthurKorea") == ["Douglas MacArthur", "Korea"])
        #expect(topics("All About iPhoneApple Inc.") == ["iPhone", "Apple Inc."])
    }

    @Test func keepsWordsTheStoryItselfUses() {
        let story = ["Clips of the ferry were posted on YouTube and shared widely."]
        #expect(topics("All About Ferry LinesYouTube", story: story) == ["Ferry Lines", "YouTube"])
        #expect(topics("All About Ferry LinesYouTube") == ["Ferry Lines", "You", "Tube"])
    }

    @Test func dropsEmptyAndRepeatedNames() {
        #expect(topics("All About") == [])
        #expect(topics("All About Kosovo • • kosovo • Serbia") == ["Kosovo", "Serbia"])
    }
}
