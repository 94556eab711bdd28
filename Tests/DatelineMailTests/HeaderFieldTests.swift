import Foundation
import Testing

@testable import DatelineMail

@Suite struct HeaderFieldTests {
    @Test func foldsBeforeTokensThatWouldPassSeventyEightColumns() {
        let tokens = Array(repeating: "independence", count: 20)
        let rendered = HeaderField(name: "Subject", tokens: tokens).rendered()
        let lines = rendered.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 1)
        for line in lines { #expect(line.utf8.count <= 78) }
        for line in lines.dropFirst() { #expect(line.hasPrefix(" ")) }
        let unfolded = rendered.replacingOccurrences(of: "\r\n", with: "")
        #expect(unfolded == "Subject: " + tokens.joined(separator: " "))
    }

    @Test func neverFoldsBeforeAnEmptyToken() {
        let tokens = [String(repeating: "a", count: 70), "", "b"]
        let rendered = HeaderField(name: "Subject", tokens: tokens).rendered()
        for line in rendered.components(separatedBy: "\r\n").dropLast() {
            #expect(!line.allSatisfy { $0 == " " })
        }
        #expect(rendered.replacingOccurrences(of: "\r\n", with: "") == "Subject: " + tokens.joined(separator: " "))
    }

    @Test func quotesDisplayNamesWithSpecialsAndEncodesLongOnes() {
        #expect(HeaderField.phraseTokens("Ann Lee") == ["Ann", "Lee"])
        #expect(HeaderField.phraseTokens("Lee, Ann") == ["\"Lee, Ann\""])
        let long = String(repeating: "Lee, Ann ", count: 10)
        #expect(HeaderField.phraseTokens(long).allSatisfy { $0.hasPrefix("=?utf-8?B?") })
    }
}
