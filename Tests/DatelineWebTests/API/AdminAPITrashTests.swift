import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Admin API trash")
struct AdminAPITrashTests {
    @Test("DELETE moves a story to the trash; the trash lists it; restore brings it back; writers may do neither")
    func trashAndRestore() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let writer = try await newsroom.account(.writer)
        let editorToken = try await newsroom.token(for: editor)
        let writerToken = try await newsroom.token(for: writer)
        let story = try await newsroom.store.createStory(
            StoryDeskSavingTests.draft("Breakwater extended"), status: .published, author: writer.id)
        try await newsroom.withBrowser { browser in
            let path = "/api/v1/admin/stories/\(story.id)"
            #expect(try await browser.api(.delete, path, token: writerToken).status == .forbidden)
            #expect(try await browser.api(.get, "/api/v1/admin/trash", token: writerToken).status == .forbidden)

            let deleted = try await browser.api(.delete, path, token: editorToken)
            #expect(deleted.status == .noContent)
            #expect(try await browser.api(.get, path, token: editorToken).status == .notFound)
            #expect(try await browser.api(.get, "/api/v1/stories/\(story.slug.rawValue)").status == .notFound)
            #expect(try await browser.api(.delete, path, token: editorToken).status == .notFound)

            let trash = try await browser.api(.get, "/api/v1/admin/trash", token: editorToken)
            #expect(trash.status == .ok)
            let entries = try #require(try trash.json()["trash"] as? [[String: Any]])
            #expect(entries.count == 1)
            #expect(entries.first?["id"] as? Int == Int(story.id))
            #expect(entries.first?["status_before"] as? String == "published")
            #expect(entries.first?["trashed_by"] as? String == "Editor Person")

            let refused = try await browser.api(
                .post, "/api/v1/admin/trash/\(story.id)/restore", token: writerToken)
            #expect(refused.status == .forbidden)
            let restored = try await browser.api(.post, "/api/v1/admin/trash/\(story.id)/restore", token: editorToken)
            #expect(restored.status == .ok)
            #expect(try restored.json()["status"] as? String == "unpublished")
            #expect(restored.headers[.eTag] == "\"r1\"")
            #expect(try await browser.api(.get, path, token: editorToken).status == .ok)
            let twice = try await browser.api(.post, "/api/v1/admin/trash/\(story.id)/restore", token: editorToken)
            #expect(twice.status == .notFound)
        }
    }
}
