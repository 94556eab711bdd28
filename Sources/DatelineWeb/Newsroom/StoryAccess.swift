import DatelineCore
import DatelineStore
import Hummingbird

extension NewsroomDesk {
    /// The story with this key when `account` may do `action` to it; 404 when there is no such
    /// story, 403 when the account's role or ownership does not allow it.
    ///
    /// Contributors and writers meet 403 (not 404) on others' stories: story keys are not secret
    /// in a newsroom, and a clear refusal helps more than a pretended absence.
    func story(_ id: Int64, for account: SignedInAccount, toDo action: NewsroomAction) async throws -> Story {
        try await story(id, for: account.user, toDo: action)
    }

    /// The same rule for an account acting without a session (the admin API's bearer tokens).
    func story(_ id: Int64, for user: User, toDo action: NewsroomAction) async throws -> Story {
        guard let story = try await store.story(id: id) else {
            throw NewsroomError.notFound("There is no story \(id). It may have been deleted.")
        }
        if let trashed = try await store.trashEntry(story: id) {
            let who = trashed.trashedByName.map { " by \($0)" } ?? ""
            throw NewsroomError.notFound(
                "“\(story.headline)” is in the trash (moved there\(who)). An editor can restore it from the Trash page "
                    + "until \(site.clock.fullText(trashed.purgeAt)).")
        }
        let isOwn = try await store.owner(ofStory: id) == user.id
        guard user.role.allows(action, isOwnStory: isOwn, status: story.status) else {
            throw NewsroomError.forbidden
        }
        return story
    }

    /// Refuses `action` unless the account's role allows it on its own stories (for new stories
    /// and newsroom-wide pages).
    func require(_ action: NewsroomAction, for account: SignedInAccount) throws(NewsroomError) {
        guard account.user.role.allows(action, isOwnStory: true, status: nil) else { throw .forbidden }
    }
}

extension NewsroomRequestContext {
    /// The `{id}` path parameter as a story key; 404 when it is not a number.
    func storyID() throws(NewsroomError) -> Int64 {
        guard let text = parameters.get("id"), let id = Int64(text), id > 0 else {
            throw .notFound("There is no story at this address.")
        }
        return id
    }
}
