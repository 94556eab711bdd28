import Foundation
import Testing

@testable import DatelineMail

@Suite struct SMTPMessageTextTests {
    func text(_ content: String) -> String {
        String(decoding: SMTPMessageText.encode(content), as: UTF8.self)
    }

    @Test func stuffsLeadingDotsAndTerminates() {
        #expect(text(".\r\n..\r\n.x\r\nx.\r\n") == "..\r\n...\r\n..x\r\nx.\r\n.\r\n")
        #expect(text(".") == "..\r\n.\r\n")
    }

    @Test func normalisesEveryLineEnd() {
        #expect(text("a\nb\rc\r\nd") == "a\r\nb\r\nc\r\nd\r\n.\r\n")
        // A bare LF before a dot must not sneak an end-of-data marker through.
        #expect(text("a\n.\nb") == "a\r\n..\r\nb\r\n.\r\n")
        #expect(text("a\r.\rb") == "a\r\n..\r\nb\r\n.\r\n")
    }

    @Test func handlesEmptyContent() {
        #expect(text("") == ".\r\n")
    }
}
