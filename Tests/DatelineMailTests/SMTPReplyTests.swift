import Foundation
import Testing

@testable import DatelineMail

@Suite struct SMTPReplyTests {
    @Test func assemblesMultiLineReplies() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.consume(line: "250-mail.example.com") == nil)
        #expect(parser.isInsideReply)
        #expect(try parser.consume(line: "250-STARTTLS") == nil)
        let reply = try parser.consume(line: "250 AUTH PLAIN LOGIN")
        #expect(reply == SMTPReply(code: 250, lines: ["mail.example.com", "STARTTLS", "AUTH PLAIN LOGIN"]))
        #expect(!parser.isInsideReply)
        #expect(try parser.consume(line: "354") == SMTPReply(code: 354, lines: [""]))
    }

    @Test(arguments: ["hello", "25", "2500 x", "099 x", "250_x", "600 x"])
    func rejectsLinesThatAreNotReplies(_ line: String) {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Malformed.self) { try parser.consume(line: line) }
    }

    @Test func rejectsACodeChangeInsideAReply() throws {
        var parser = SMTPReplyParser()
        _ = try parser.consume(line: "250-first")
        #expect(throws: SMTPReplyParser.Malformed.self) { try parser.consume(line: "550 second") }
    }

    @Test func classifiesCodes() {
        #expect(SMTPReply(code: 250, lines: []).isPositive)
        #expect(SMTPReply(code: 334, lines: []).isIntermediate)
        #expect(SMTPReply(code: 451, lines: []).isTransientFailure)
        #expect(!SMTPReply(code: 550, lines: []).isTransientFailure)
    }
}
