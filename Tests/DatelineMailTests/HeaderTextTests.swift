import Foundation
import Testing

@testable import DatelineMail

@Suite struct HeaderTextTests {
    @Test func forbidsEveryControlAndLineSeparator() {
        let forbidden =
            (Array(UInt32(0)...0x1F) + Array(UInt32(0x7F)...0x9F) + [0x2028, 0x2029, 0x202E, 0x2066, 0xFEFF])
            .compactMap(Unicode.Scalar.init)
        #expect(forbidden.count == 32 + 33 + 5)
        for scalar in forbidden { #expect(HeaderText.isForbidden(scalar), "U+\(String(scalar.value, radix: 16))") }
        for scalar in "Aa0 -é日🙂\"<>,;".unicodeScalars { #expect(!HeaderText.isForbidden(scalar)) }
    }

    @Test func namesTheOffendingCharacter() {
        #expect {
            try HeaderText.check("a\r\nb", field: "Subject", maximumLength: 10)
        } throws: { error in
            (error as? MailError)?.description.contains("carriage return (U+000D)") == true
        }
    }
}
