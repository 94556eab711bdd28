import DatelineCore
import Foundation
import Testing

@testable import DatelineIngest

@Suite("Raw page source")
struct RawPageSourceTests {
    @Test func checksumIsLowerCaseHexSHA256() {
        let page = RawPage(bytes: Data("abc".utf8), location: "/pages/a.txt")
        #expect(page.storySource.checksum == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func sourceURLIsTheAbsoluteFileURLOfAPath() {
        #expect(RawPage(bytes: Data(), location: "/pages/a b.txt").storySource.url == "file:///pages/a%20b.txt")
        let relative = RawPage(bytes: Data(), location: "pages/a.txt").storySource.url
        let expected = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("pages/a.txt").absoluteString
        #expect(relative == expected)
    }

    @Test func sourceURLPrefersThePageURL() throws {
        let url = try #require(URL(string: "https://news.example/story"))
        #expect(
            RawPage(bytes: Data(), location: "/pages/a.txt", url: url).storySource.url == "https://news.example/story")
        #expect(RawPage(bytes: Data(), location: "https://news.example/x").storySource.url == "https://news.example/x")
    }
}
