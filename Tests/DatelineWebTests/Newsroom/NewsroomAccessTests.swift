import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

/// Every newsroom route against every role: what each may do, and nothing more.
@Suite("Newsroom access by role")
struct NewsroomAccessTests {
    /// Whose story a route acts on.
    enum Target: Sendable {
        case none, own, others
    }

    /// One route as the table lists it.
    struct Route: Sendable, CustomTestStringConvertible {
        let method: HTTPRequest.Method
        /// The path with `{id}` for the story and `{rev}` for its first revision, `{user}` for another account.
        let path: String
        let target: Target
        let fields: [(String, String)]
        /// The roles allowed; everyone else gets 403.
        let allowed: Set<Role>

        var testDescription: String { "\(method) \(path) (\(target))" }
    }

    static let everyone = Set(Role.allCases)
    static let editors: Set<Role> = [.editor, .admin]
    static let storyFields = [
        ("headline", "Edited headline"), ("section", "World"), ("body", "Edited body."),
    ]

    static let routes: [Route] = [
        Route(method: .get, path: "/newsroom", target: .none, fields: [], allowed: everyone),
        Route(method: .get, path: "/newsroom/dashboard", target: .none, fields: [], allowed: everyone),
        Route(method: .get, path: "/newsroom/stories/upload", target: .none, fields: [], allowed: everyone),
        Route(method: .get, path: "/newsroom/stories/new", target: .none, fields: [], allowed: everyone),
        Route(method: .post, path: "/newsroom/stories", target: .none, fields: storyFields, allowed: everyone),
        Route(method: .post, path: "/newsroom/stories/preview", target: .none, fields: storyFields, allowed: everyone),
        Route(
            method: .post, path: "/newsroom/stories/suggest", target: .none,
            fields: storyFields + [("suggest", "highlights")], allowed: everyone),
        Route(
            method: .post, path: "/newsroom/stories/{id}/suggest", target: .own,
            fields: storyFields + [("suggest", "topics")], allowed: everyone),
        Route(
            method: .post, path: "/newsroom/stories/{id}/suggest", target: .others,
            fields: storyFields + [("suggest", "topics")], allowed: editors),
        Route(method: .get, path: "/newsroom/stories/{id}", target: .own, fields: [], allowed: everyone),
        Route(method: .get, path: "/newsroom/stories/{id}", target: .others, fields: [], allowed: editors),
        Route(method: .post, path: "/newsroom/stories/{id}", target: .own, fields: storyFields, allowed: everyone),
        Route(method: .post, path: "/newsroom/stories/{id}", target: .others, fields: storyFields, allowed: editors),
        Route(method: .get, path: "/newsroom/stories/{id}/preview", target: .own, fields: [], allowed: everyone),
        Route(method: .get, path: "/newsroom/stories/{id}/preview", target: .others, fields: [], allowed: editors),
        Route(
            method: .post, path: "/newsroom/stories/{id}/preview", target: .others, fields: storyFields,
            allowed: editors),
        Route(method: .post, path: "/newsroom/stories/{id}/submit", target: .own, fields: [], allowed: everyone),
        Route(method: .post, path: "/newsroom/stories/{id}/submit", target: .others, fields: [], allowed: editors),
        Route(method: .post, path: "/newsroom/stories/{id}/publish", target: .own, fields: [], allowed: editors),
        Route(
            method: .post, path: "/newsroom/stories/{id}/schedule", target: .own,
            fields: [("publish_at", "2099-01-01T09:00")], allowed: editors),
        Route(method: .post, path: "/newsroom/stories/{id}/unpublish", target: .own, fields: [], allowed: editors),
        Route(
            method: .post, path: "/newsroom/stories/{id}/corrections", target: .own,
            fields: [("note", "A correction.")], allowed: editors),
        Route(method: .post, path: "/newsroom/stories/{id}/delete", target: .own, fields: [], allowed: editors),
        Route(method: .post, path: "/newsroom/stories/{id}/delete", target: .others, fields: [], allowed: editors),
        Route(method: .get, path: "/newsroom/stories/{id}/revisions", target: .own, fields: [], allowed: everyone),
        Route(method: .get, path: "/newsroom/stories/{id}/revisions", target: .others, fields: [], allowed: editors),
        Route(
            method: .get, path: "/newsroom/stories/{id}/revisions/compare?from={rev}&to={rev}", target: .others,
            fields: [], allowed: editors),
        Route(
            method: .post, path: "/newsroom/stories/{id}/revisions/{rev}/restore", target: .own, fields: [],
            allowed: everyone),
        Route(
            method: .post, path: "/newsroom/stories/{id}/revisions/{rev}/restore", target: .others, fields: [],
            allowed: editors),
        Route(method: .get, path: "/newsroom/users", target: .none, fields: [], allowed: [.admin]),
        Route(
            method: .post, path: "/newsroom/users", target: .none,
            fields: [("name", "New"), ("email", "new@example.com"), ("role", "admin"), ("password", "long enough pw")],
            allowed: [.admin]),
        Route(
            method: .post, path: "/newsroom/users/{user}/role", target: .none, fields: [("role", "admin")],
            allowed: [.admin]),
        Route(method: .post, path: "/newsroom/users/{user}/deactivate", target: .none, fields: [], allowed: [.admin]),
        Route(method: .post, path: "/newsroom/users/{user}/reactivate", target: .none, fields: [], allowed: [.admin]),
        Route(
            method: .post, path: "/newsroom/users/invitations", target: .none,
            fields: [("name", "Invited"), ("email", "invited@example.com"), ("role", "writer")], allowed: [.admin]),
        Route(method: .get, path: "/newsroom/account/two-factor", target: .none, fields: [], allowed: everyone),
        Route(
            method: .post, path: "/newsroom/account/two-factor/start", target: .none, fields: [], allowed: everyone),
        Route(
            method: .post, path: "/newsroom/users/{user}/two-factor/reset", target: .none, fields: [],
            allowed: [.admin]),
        Route(method: .get, path: "/newsroom/account/password", target: .none, fields: [], allowed: everyone),
        Route(
            method: .post, path: "/newsroom/account/password", target: .none,
            fields: [("current_password", "wrong"), ("password", "long enough pw"), ("password_confirmation", "x")],
            allowed: everyone),
    ]

    /// A fresh story owned by `owner` (a draft, or published for the steps that need a live story).
    private func story(for route: Route, owner: User, in newsroom: NewsroomTestSite) async throws -> Story {
        let created = try await newsroom.store.createStory(
            StoryDraft(headline: "Original headline", section: "World", body: ["Original body."]), status: .draft,
            author: owner.id)
        if route.path.hasSuffix("/unpublish") || route.path.hasSuffix("/corrections") {
            return try await newsroom.store.setStatus(id: created.id, to: .published, publishedAt: nil)
        }
        return created
    }

    private func path(_ route: Route, story: Story?, revision: Int64?, user: User) -> String {
        var path = route.path.replacingOccurrences(of: "{user}", with: String(user.id))
        if let story { path = path.replacingOccurrences(of: "{id}", with: String(story.id)) }
        if let revision { path = path.replacingOccurrences(of: "{rev}", with: String(revision)) }
        return path
    }

    @Test("each role gets exactly its rights on every route", arguments: Role.allCases)
    func roleTable(_ role: Role) async throws {
        let newsroom = try NewsroomTestSite()
        let actor = try await newsroom.account(role)
        let otherWriter = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(actor.email)
            let token = try await browser.newsroomToken()
            for route in Self.routes {
                var story: Story?
                switch route.target {
                case .own: story = try await self.story(for: route, owner: actor, in: newsroom)
                case .others: story = try await self.story(for: route, owner: otherWriter, in: newsroom)
                case .none: story = nil
                }
                let revision = try await story.asyncFirstRevision(in: newsroom.store)
                let path = self.path(route, story: story, revision: revision, user: otherWriter)
                let page =
                    route.method == .get
                    ? try await browser.get(path)
                    : try await browser.post(path, form: [("csrf_token", token)] + route.fields)
                let where_ = "\(role) \(route.method) \(route.path) (\(route.target))"
                if route.allowed.contains(role) {
                    #expect(page.status != .forbidden, "\(where_) should be allowed")
                    #expect(page.status.code < 500, "\(where_) failed")
                    #expect(page.headers[.location]?.hasPrefix(NewsroomPaths.login) != true, "\(where_) signed out")
                } else {
                    #expect(page.status == .forbidden, "\(where_) should be refused")
                    if let story {
                        let after = try await newsroom.store.story(id: story.id)
                        #expect(after == story, "\(where_) changed the story although refused")
                    }
                }
            }
            #expect(try await newsroom.store.user(id: otherWriter.id)?.role == (role == .admin ? .admin : .writer))
        }
    }

    @Test("anonymous requests to every route are sent to sign in and change nothing")
    func anonymous() async throws {
        let newsroom = try NewsroomTestSite()
        let owner = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            let csrf = try #require(try await browser.get(NewsroomPaths.login).formToken)
            for route in Self.routes {
                let story = try await self.story(for: route, owner: owner, in: newsroom)
                let revision = try await Optional(story).asyncFirstRevision(in: newsroom.store)
                let path = self.path(route, story: story, revision: revision, user: owner)
                let page =
                    route.method == .get
                    ? try await browser.get(path)
                    : try await browser.post(path, form: [("csrf_token", csrf)] + route.fields)
                #expect(page.status == .seeOther, "\(route.method) \(route.path)")
                #expect(
                    page.headers[.location]?.hasPrefix(NewsroomPaths.login) == true, "\(route.method) \(route.path)")
                #expect(try await newsroom.store.story(id: story.id) == story)
            }
            #expect(try await newsroom.store.userCount() == 1)
        }
    }

    @Test("every state-changing route refuses a post without this session's form token")
    func csrf() async throws {
        let newsroom = try NewsroomTestSite()
        let admin = try await newsroom.account(.admin)
        let other = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(admin.email)
            // A token from another session (the attacker's own) is no good either.
            var attacker = Browser(client: browser.client)
            try await attacker.signIn(other.email)
            let foreign = try await attacker.newsroomToken()
            for route in Self.routes where route.method == .post {
                let story = try await self.story(for: route, owner: admin, in: newsroom)
                let revision = try await Optional(story).asyncFirstRevision(in: newsroom.store)
                let path = self.path(route, story: story, revision: revision, user: other)
                for token in [nil, "", foreign] {
                    let fields = (token.map { [("csrf_token", $0)] } ?? []) + route.fields
                    let page = try await browser.post(path, form: fields)
                    #expect(page.status == .forbidden, "\(route.path) with token \(token ?? "none")")
                }
                #expect(try await newsroom.store.story(id: story.id) == story)
            }
            #expect(try await newsroom.store.user(id: other.id)?.role == .writer)
        }
    }
}

extension Optional where Wrapped == Story {
    /// The key of the story's first revision, if there is a story.
    fileprivate func asyncFirstRevision(in store: SQLiteStoryStore) async throws -> Int64? {
        guard let story = self else { return nil }
        return try await store.revisions(ofStory: story.id).last?.id
    }
}
