import Foundation
import Testing

@testable import DatelineMail

@Suite struct SMTPCredentialsTests {
    @Test func hidesThePasswordEverywhere() throws {
        let credentials = try SMTPCredentials(username: "news", password: "correct horse")
        #expect(credentials.description == "news:***")
        #expect(!String(reflecting: credentials).contains("horse"))
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!dumped.contains("horse"))
        #expect(credentials.password == "correct horse")
    }

    @Test func rejectsNULAndEmptyUserNames() {
        #expect(throws: MailError.self) { try SMTPCredentials(username: "", password: "x") }
        #expect(throws: MailError.self) { try SMTPCredentials(username: "a\u{0}b", password: "x") }
        #expect(throws: MailError.self) { try SMTPCredentials(username: "a", password: "x\u{0}") }
    }
}
