import Foundation
import Testing

@testable import DatelineIngest

@Suite("Raw page text")
struct RawPageTextTests {
    @Test func dropsAByteOrderMark() throws {
        let page = RawPage(bytes: Data([0xEF, 0xBB, 0xBF] + Array("Headline".utf8)), location: "bom.txt")
        #expect(try page.decodedText() == "Headline")
    }

    @Test func readsDeclaredLegacyCharsets() throws {
        let bytes = Data(Array("Caf".utf8) + [0xE9, 0x20, 0x93, 0x6F, 0x6B, 0x94])
        #expect(
            try RawPage(bytes: bytes, location: "a.txt", declaredCharset: "windows-1252").decodedText() == "Café “ok”")
        #expect(
            try RawPage(bytes: Data(Array("Caf".utf8) + [0xE9]), location: "a.txt", declaredCharset: "ISO-8859-1")
                .decodedText() == "Café")
    }

    @Test func refusesUnknownCharsets() {
        let page = RawPage(bytes: Data("text".utf8), location: "a.txt", declaredCharset: "koi8-r")
        #expect {
            _ = try page.decodedText()
        } throws: { error in
            (error as? IngestError)?.message.contains("'koi8-r', a character set Dateline does not read") == true
        }
    }

    @Test func noLimitReadsAnySize() throws {
        let page = RawPage(bytes: Data(String(repeating: "a", count: 2_000).utf8), location: "a.txt")
        #expect(try page.decodedText(maximumBytes: nil).count == 2_000)
        #expect(throws: IngestError.self) { try page.decodedText(maximumBytes: 1_999) }
    }

    @Test func sizesReadAsPeopleSayThem() {
        #expect(PageSizeLimit.describe(52_428_800) == "52.4 MB")
        #expect(PageSizeLimit.describe(10_000_000) == "10.0 MB")
        #expect(PageSizeLimit.describe(2_500) == "3 KB")
        #expect(PageSizeLimit.describe(1) == "1 byte")
    }
}
