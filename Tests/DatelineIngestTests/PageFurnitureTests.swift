import Foundation
import Testing

@testable import DatelineIngest

@Suite("Page furniture")
struct PageFurnitureTests {
    @Test(arguments: [
        "Skip to main content", "Decrease font Decrease font", "Enlarge font", "Don't Miss", "●del.icio.us",
        "Share this on:", "Advertisement", "art.harbor.wall.jpg", "[text]", "[topofstory][sihome]", "*", "14",
        "Watch the council debate »", "Home | World | Business", "Next Article in World »",
        "Free E-mail AlertsE-mail ThisPrint ThisSave ThisMost Popular",
    ])
    func recognisesFurniture(text: String) {
        #expect(PageFurniture.isFurniture(text))
    }

    @Test(arguments: [
        "Waves break over the damaged seawall at Gull Harbor.", "Save the Children said aid had arrived.",
        "Print editions were delayed by the storm.", "Political fallout",
    ])
    func leavesTextAlone(text: String) {
        #expect(!PageFurniture.isFurniture(text))
    }

    @Test func removesTheEmailLinkFromTheLastParagraph() {
        #expect(PageFurniture.removingEmailLink("He said so. E-mail to a friend E-mail to a friend") == "He said so.")
        #expect(PageFurniture.removingEmailLink("He said so. email to a FRIEND") == "He said so.")
        #expect(PageFurniture.removingEmailLink("E-mail to a friend") == "")
        #expect(PageFurniture.removingEmailLink("He wrote an e-mail to a friend of his.") == nil)
    }

    @Test func knowsWhatClosesAStory() {
        #expect(PageFurniture.closesStory("All About Kosovo • Serbia"))
        #expect(PageFurniture.closesStory("Copyright 2008 Dateline Wire Service. All rights reserved."))
        #expect(PageFurniture.closesStory("© 2008 Example News Network."))
        #expect(!PageFurniture.closesStory("(c) the minister shall publish the list."))
        #expect(PageFurniture.closesStoryAfterBody("Most Viewed"))
        #expect(
            !PageFurniture.closesStory(
                "The council said all of its rights were reserved under the old charter, "
                    + "and it would go to court to defend them if the state tried to take the quay."))
    }

    @Test func sectionComesFromTheNextArticleLink() {
        #expect(PageFurniture.nextArticleSection("Next Article in World »") == "World")
        #expect(PageFurniture.nextArticleSection("Next Article in U.S. »") == "U.S.")
        #expect(PageFurniture.nextArticleSection("Next week in World news") == nil)
    }

    @Test func proseEndsLikeASentence() {
        #expect(PageFurniture.isProse("He said so."))
        #expect(PageFurniture.isProse("He said: \"Never.\""))
        #expect(PageFurniture.isProse("CNN's Ada Lin contributed to this report"))
        #expect(!PageFurniture.isProse("SI.com"))
    }

    /// `core(of:)` trims in Swift; Foundation's `trimmingCharacters(in:)` with the same set, which
    /// it used before, is the reference.
    @Test("a block's core is what Foundation's trimming gave")
    func coreMatchesFoundationTrimming() {
        let edges = CharacterSet(charactersIn: "•●○◦□☆▪■·*|»«:-–—>").union(.whitespaces)
        let samples = [
            "", " ", "•", " • Story Highlights • ", "\tMost Viewed:\u{00A0}", "» Next Article in World »",
            "— Top news —", "\nline ends stay\n", "Café » ", "e\u{301}: ", ">>> Quote", "* * *", "\u{2003}Wide\u{2003}",
            "«Text»", "a - b", "-", "ÀB", "Ünïcödé —", "·middle·",
        ]
        for sample in samples {
            #expect(
                PageFurniture.core(of: sample) == sample.lowercased().trimmingCharacters(in: edges),
                "\(sample.debugDescription)")
        }
    }
}
