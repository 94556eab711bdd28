import DatelineCore
import DatelineStore
import Foundation
import Testing

@Suite("dateline users")
struct UsersCommandTests {
    @Test("users add reads the password from standard input and stores only a bcrypt hash")
    func addFromStandardInput() async throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        let outcome = try CommandRunner.run(
            [
                "users", "add", "--database", database, "--email", "Ed@Example.com", "--role", "editor",
                "--bcrypt-cost", "4",
            ],
            input: Data("correct horse battery\n".utf8))
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("ed@example.com"))
        let store = try SQLiteStoryStore(path: database)
        let credentials = try #require(try await store.credentials(email: "ed@example.com"))
        #expect(credentials.user.role == .editor)
        #expect(credentials.passwordHash.hasPrefix("$2"))
        #expect(!credentials.passwordHash.contains("correct horse"))
        let listed = try CommandRunner.run(["users", "list", "--database", database])
        #expect(listed.standardOutput.contains("ed@example.com\teditor"))
    }

    @Test("users add has no password option, refuses short passwords and unknown roles")
    func refusals() throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        let withArgument = try CommandRunner.run(
            ["users", "add", "--database", database, "--email", "a@example.com", "--role", "admin", "--password", "x"])
        #expect(withArgument.status != 0)
        let short = try CommandRunner.run(
            ["users", "add", "--database", database, "--email", "a@example.com", "--role", "admin"],
            input: Data("short\n".utf8))
        #expect(short.status != 0)
        #expect(short.standardError.contains("at least"))
        let badRole = try CommandRunner.run(
            ["users", "add", "--database", database, "--email", "a@example.com", "--role", "chief"],
            input: Data("correct horse battery\n".utf8))
        #expect(badRole.status != 0)
        #expect(badRole.standardError.contains("unknown role"))
    }

    @Test("users token prints a new token once and stores only its digest; unknown accounts fail")
    func token() async throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        let added = try CommandRunner.run(
            [
                "users", "add", "--database", database, "--email", "w@example.com", "--role", "writer", "--bcrypt-cost",
                "4",
            ],
            input: Data("correct horse battery\n".utf8))
        #expect(added.status == 0, "\(added.standardError)")
        let made = try CommandRunner.run(
            ["users", "token", "--database", database, "--email", "W@example.com", "--name", "CMS sync"])
        #expect(made.status == 0, "\(made.standardError)")
        let secret = made.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("dl_"))
        #expect(secret.count == 46)
        let store = try SQLiteStoryStore(path: database)
        let user = try #require(try await store.credentials(email: "w@example.com")?.user)
        let tokens = try await store.apiTokens(ofUser: user.id)
        #expect(tokens.map(\.name) == ["CMS sync"])
        #expect(tokens.first?.prefix == String(secret.prefix(8)))
        let unknown = try CommandRunner.run(
            ["users", "token", "--database", database, "--email", "nobody@example.com", "--name", "X"])
        #expect(unknown.status != 0)
        #expect(unknown.standardError.contains("no account"))
    }
}
