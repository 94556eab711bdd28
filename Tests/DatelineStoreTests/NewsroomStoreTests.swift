import DatelineCore
import DatelineStore
import Foundation
import Testing

/// The ``NewsroomStore`` contract: accounts, sessions, sign-in failures, revisions, corrections
/// and scheduled publishing, against every backend in ``StoreBackend/all``.
@Suite("NewsroomStore contract")
struct NewsroomStoreTests {
    @Test("accounts are unique by address in any case and read back with their role", arguments: StoreBackend.all)
    func accounts(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let jane = try await store.createUser(
                email: " Jane@Example.COM ", name: "Jane  Arden", role: .writer, passwordHash: "$2b$hash")
            #expect(jane.email == "jane@example.com")
            #expect(jane.name == "Jane Arden")
            #expect(try await store.user(id: jane.id) == jane)
            let credentials = try #require(try await store.credentials(email: "JANE@example.com"))
            #expect(credentials.user == jane)
            #expect(credentials.passwordHash == "$2b$hash")
            await #expect(throws: StoreError.self) {
                try await store.createUser(email: "jane@example.com", name: "Other", role: .admin, passwordHash: "x")
            }
            await #expect(throws: StoreError.self) {
                try await store.createUser(email: "not an address", name: "Other", role: .admin, passwordHash: "x")
            }
            #expect(try await store.userCount() == 1)
            let promoted = try await store.setRole(.editor, forUser: jane.id)
            #expect(promoted.role == .editor)
            #expect(try await store.users().map(\.role) == [.editor])
        }
    }

    @Test("the set-up link makes one admin, once, and only while there is no account", arguments: StoreBackend.all)
    func firstAdmin(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let now = Times.day(0)
            try await store.createSetupToken(digest: "d1", expiresAt: Times.day(1))
            #expect(try await store.isSetupTokenValid(digest: "d1", now: now))
            #expect(!(try await store.isSetupTokenValid(digest: "d1", now: Times.day(2))))
            #expect(!(try await store.isSetupTokenValid(digest: "other", now: now)))
            let wrong = try await store.createFirstAdmin(
                email: "a@example.com", name: "A", passwordHash: "h", setupTokenDigest: "other", now: now)
            #expect(wrong == nil)
            let admin = try #require(
                try await store.createFirstAdmin(
                    email: "a@example.com", name: "A", passwordHash: "h", setupTokenDigest: "d1", now: now))
            #expect(admin.role == .admin)
            #expect(!(try await store.isSetupTokenValid(digest: "d1", now: now)))
            try await store.createSetupToken(digest: "d2", expiresAt: Times.day(1))
            let second = try await store.createFirstAdmin(
                email: "b@example.com", name: "B", passwordHash: "h", setupTokenDigest: "d2", now: now)
            #expect(second == nil, "a set-up link is no use once an account exists")
        }
    }

    @Test("sessions are found by digest, touched, expired and deleted", arguments: StoreBackend.all)
    func sessions(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let user = try await store.createUser(email: "s@example.com", name: "S", role: .editor, passwordHash: "h")
            let fresh = NewsroomSession(
                digest: "fresh", userID: user.id, createdAt: Times.day(0), lastSeenAt: Times.day(0))
            let idle = NewsroomSession(
                digest: "idle", userID: user.id, createdAt: Times.day(0),
                lastSeenAt: Times.day(0).addingTimeInterval(-7_200))
            try await store.createSession(fresh)
            try await store.createSession(idle)
            #expect(try await store.session(digest: "fresh") == fresh)
            let later = Times.day(0).addingTimeInterval(600)
            try await store.touchSession(digest: "fresh", at: later)
            #expect(try await store.session(digest: "fresh")?.lastSeenAt == later)
            let removed = try await store.deleteExpiredSessions(idleLimit: 3_600, absoluteLimit: 86_400, now: later)
            #expect(removed == 1)
            #expect(try await store.session(digest: "idle") == nil)
            try await store.deleteSession(digest: "fresh")
            #expect(try await store.session(digest: "fresh") == nil)
        }
    }

    @Test("changing a role or password ends the account's sessions", arguments: StoreBackend.all)
    func credentialChangesEndSessions(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let user = try await store.createUser(email: "r@example.com", name: "R", role: .writer, passwordHash: "h")
            try await store.createSession(
                NewsroomSession(digest: "one", userID: user.id, createdAt: Times.day(0), lastSeenAt: Times.day(0)))
            _ = try await store.setRole(.contributor, forUser: user.id)
            #expect(try await store.session(digest: "one") == nil)
            try await store.createSession(
                NewsroomSession(digest: "two", userID: user.id, createdAt: Times.day(0), lastSeenAt: Times.day(0)))
            try await store.setPasswordHash("new", forUser: user.id)
            #expect(try await store.session(digest: "two") == nil)
            #expect(try await store.credentials(email: "r@example.com")?.passwordHash == "new")
        }
    }

    @Test("sign-in failures count per account and per address within the window", arguments: StoreBackend.all)
    func loginFailures(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            for minute in 0..<3 {
                try await store.recordLoginFailure(
                    account: "Jane@example.com", clientAddress: "10.0.0.1",
                    at: Times.day(0).addingTimeInterval(Double(minute) * 60))
            }
            try await store.recordLoginFailure(
                account: "other@example.com", clientAddress: "10.0.0.1", at: Times.day(0))
            let counted = try await store.loginFailures(
                account: "jane@example.com", clientAddress: "10.0.0.1", since: Times.day(0).addingTimeInterval(-60))
            #expect(counted == LoginFailureCount(account: 3, clientAddress: 4))
            let recent = try await store.loginFailures(
                account: "jane@example.com", clientAddress: "10.0.0.1", since: Times.day(0).addingTimeInterval(90))
            #expect(recent == LoginFailureCount(account: 1, clientAddress: 1))
            try await store.clearLoginFailures(account: "JANE@example.com")
            let cleared = try await store.loginFailures(
                account: "jane@example.com", clientAddress: "10.0.0.1", since: Times.day(-1))
            #expect(cleared == LoginFailureCount(account: 0, clientAddress: 1))
        }
    }

    @Test("failures recorded through one instance count in another", arguments: StoreBackend.all)
    func failuresAreShared(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let first = try fixture.newsroom()
            let second = try #require(try await fixture.openAnother() as? any NewsroomStore)
            try await first.recordLoginFailure(account: "x@example.com", clientAddress: "a", at: Times.day(0))
            let seen = try await second.loginFailures(
                account: "x@example.com", clientAddress: "a", since: Times.day(-1))
            #expect(seen.account == 1)
        }
    }

    @Test(
        "every save is a numbered revision with its author; restore brings old content back",
        arguments: StoreBackend.all)
    func revisions(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let writer = try await store.createUser(
                email: "w@example.com", name: "Wren", role: .writer, passwordHash: "h")
            let editor = try await store.createUser(
                email: "e@example.com", name: "Eddy", role: .editor, passwordHash: "h")
            let story = try await store.createStory(.sample("First headline"), status: .draft, author: writer.id)
            #expect(try await store.owner(ofStory: story.id) == writer.id)
            var changed = story.draft
            changed.headline = "Second headline"
            changed.body = ["A new body."]
            _ = try await store.updateStory(id: story.id, with: changed, author: editor.id)

            let revisions = try await store.revisions(ofStory: story.id)
            #expect(revisions.map(\.number) == [2, 1])
            #expect(revisions.map(\.authorName) == ["Eddy", "Wren"])
            #expect(revisions.last?.content.headline == "First headline")
            #expect(try await store.revision(id: revisions[1].id) == revisions[1])

            let restored = try await store.restore(revision: revisions[1].id, author: editor.id)
            #expect(restored.headline == "First headline")
            #expect(restored.body == StoryDraft.sample("First headline").body)
            #expect(restored.slug == story.slug, "restoring keeps the story's address")
            let after = try await store.revisions(ofStory: story.id)
            #expect(after.map(\.number) == [3, 2, 1])
            #expect(after.first?.content.headline == "First headline")
        }
    }

    @Test("saves made without an account still leave a revision", arguments: StoreBackend.all)
    func plainSavesLeaveRevisions(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let story = try await store.create(.sample(), status: .published)
            _ = try await store.update(id: story.id, with: .sample("Changed"))
            let revisions = try await store.revisions(ofStory: story.id)
            #expect(revisions.count == 2)
            #expect(revisions.allSatisfy { $0.authorID == nil })
            #expect(try await store.owner(ofStory: story.id) == nil)
        }
    }

    @Test(
        "the newsroom list shows every status and filters by status, section, owner and text",
        arguments: StoreBackend.all)
    func newsroomList(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let writer = try await store.createUser(
                email: "w@example.com", name: "Wren", role: .writer, passwordHash: "h")
            let mine = try await store.createStory(.sample("Harbour 100% ready"), status: .draft, author: writer.id)
            let business = try await store.create(.sample("Bank results", section: "Business"), status: .published)
            let all = try await store.newsroomStories(NewsroomStoryFilter())
            #expect(Set(all.map(\.story.id)) == [mine.id, business.id])
            #expect(all.first { $0.story.id == mine.id }?.ownerName == "Wren")
            #expect(try await store.newsroomStories(.init(status: .draft)).map(\.story.id) == [mine.id])
            #expect(
                try await store.newsroomStories(.init(section: try slug("business"))).map(\.story.id) == [business.id])
            #expect(try await store.newsroomStories(.init(owner: writer.id)).map(\.story.id) == [mine.id])
            #expect(try await store.newsroomStories(.init(text: "100%")).map(\.story.id) == [mine.id])
            #expect(try await store.newsroomStories(.init(text: "bank")).map(\.story.id) == [business.id])
            #expect(try await store.newsroomStories(.init(text: "_")).isEmpty, "LIKE wildcards are matched literally")
        }
    }

    @Test("corrections are kept in order and refused when empty", arguments: StoreBackend.all)
    func corrections(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let editor = try await store.createUser(email: "e@example.com", name: "E", role: .editor, passwordHash: "h")
            let story = try await store.create(.sample(), status: .published)
            _ = try await store.addCorrection(
                "The bridge is 300m long, not 3km.", toStory: story.id, author: editor.id, at: Times.day(1))
            _ = try await store.addCorrection("Second note.", toStory: story.id, author: editor.id, at: Times.day(2))
            #expect(
                try await store.corrections(ofStory: story.id).map(\.note) == [
                    "The bridge is 300m long, not 3km.", "Second note.",
                ])
            await #expect(throws: StoreError.self) {
                try await store.addCorrection("   ", toStory: story.id, author: editor.id, at: Times.day(3))
            }
        }
    }

    @Test("a scheduled story is published once when two instances race for it", arguments: StoreBackend.all)
    func scheduledPublishingIsExactlyOnce(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let other = try #require(try await fixture.openAnother() as? any NewsroomStore)
            var due: [Int64] = []
            for index in 0..<5 {
                let story = try await store.create(.sample("Scheduled \(index)"), status: .draft)
                _ = try await store.setStatus(id: story.id, to: .scheduled, publishedAt: Times.day(index))
                due.append(story.id)
            }
            let now = Times.day(2).addingTimeInterval(1)
            async let first = store.publishDueStories(now: now)
            async let second = other.publishDueStories(now: now)
            let published = try await first + second
            #expect(published.map(\.id).sorted() == Array(due.prefix(3)))
            #expect(published.allSatisfy { $0.status == .published })
            #expect(try await store.publishDueStories(now: now).isEmpty)
            // The log says so once per story, though two instances asked.
            for id in due.prefix(3) {
                let wentLive = try await store.activity(ofStory: id, limit: 50).filter { $0.kind == .published }
                #expect(wentLive.count == 1)
                #expect(wentLive.first?.note == "Went live at its scheduled time.")
                #expect(wentLive.first?.userName == nil)
            }
            #expect(try await store.story(id: due[3])?.status == .scheduled)
        }
    }
}
