import DatelineCore
import Foundation

/// What a desk of several people needs beside the stories themselves: a trash that gives a
/// deleted story back for a while, a log of who did what to each story (with the desk's own
/// notes), and who has a story open right now.
///
/// All of it lives in the database, so every server process sharing one database shows the same
/// trash, the same log and the same people at work.
public protocol DeskStore: Sendable {
    // MARK: Trash

    /// Moves story `id` to the trash in one transaction: a live or scheduled story leaves the
    /// site at once (it becomes unpublished), its history stays, and the move is logged.
    ///
    /// Throws ``StoreError/notFound(id:)`` when there is no such story or it is in the trash already.
    @discardableResult
    func moveToTrash(story id: Int64, by user: Int64?, at time: Date) async throws(StoreError) -> TrashedStory

    /// Takes story `id` out of the trash as it was when it went in (a story that was live comes
    /// back unpublished, for an editor to publish again), and logs it.
    ///
    /// Throws ``StoreError/notFound(id:)`` when the story is not in the trash.
    @discardableResult
    func restoreFromTrash(story id: Int64, by user: Int64?, at time: Date) async throws(StoreError) -> Story

    /// What is in the trash, most recently deleted first.
    func trashedStories(limit: Int) async throws(StoreError) -> [TrashedStory]

    /// Story `id`'s place in the trash; nil when it is not there.
    func trashEntry(story id: Int64) async throws(StoreError) -> TrashedStory?

    /// Deletes for good, with their history, the stories that went into the trash before `time`;
    /// returns how many.
    @discardableResult
    func purgeTrash(trashedBefore time: Date) async throws(StoreError) -> Int

    // MARK: Autosave

    /// Saves what the editor page holds while the person types, as a revision marked autosave,
    /// when `revision` is still the latest; otherwise refuses with ``StoreError/stale(latestRevision:)``
    /// and writes nothing. Unchanged content writes nothing. An autosave right after the same
    /// person's autosave replaces it under the next number (see ``Revision/isAutosave``).
    func autosaveStory(id: Int64, with draft: StoryDraft, author: Int64, basedOn revision: Int)
        async throws(StoreError) -> AutosaveOutcome

    // MARK: Activity

    /// Adds one line to a story's activity log.
    func recordActivity(_ entry: NewStoryActivity) async throws(StoreError)

    /// A story's activity log, newest first.
    func activity(ofStory id: Int64, limit: Int) async throws(StoreError) -> [StoryActivity]

    // MARK: Addresses

    /// Gives story `id` the address `slug`; its old slug keeps working as a permanent redirect.
    /// Refused (``StoreError/invalid(_:)``, nothing changed) when another story has the slug.
    @discardableResult
    func changeSlug(ofStory id: Int64, to slug: Slug) async throws(StoreError) -> Story

    /// The story an old slug now belongs to, for a redirect; nil when the slug was never moved.
    func storyID(forOldSlug slug: Slug) async throws(StoreError) -> Int64?

    // MARK: Sections

    /// Every section with its place in the navigation, whether it is hidden, and its story counts.
    func deskSections() async throws(StoreError) -> [DeskSection]

    /// Adds a section; refused (``StoreError/invalid(_:)``) when the name has no letters or digits
    /// or a section has its address already.
    @discardableResult
    func addSection(named name: String) async throws(StoreError) -> DeskSection

    /// Renames section `slug`; its address follows the new name and the old address redirects.
    /// Refused when another section has the new address.
    @discardableResult
    func renameSection(_ slug: Slug, to name: String) async throws(StoreError) -> DeskSection

    /// Moves section `slug` one place up or down in the navigation.
    func moveSection(_ slug: Slug, up: Bool) async throws(StoreError)

    /// Hides section `slug` from the navigation and the front page (its page still answers), or shows it.
    func setSection(_ slug: Slug, hidden: Bool) async throws(StoreError)

    /// The current address of a section that was renamed from `slug`; nil when none was.
    func sectionSlug(forOldSlug slug: Slug) async throws(StoreError) -> Slug?

    // MARK: Topics

    /// Topics with their descriptions and story counts, most used first; `matching` filters by name.
    func deskTopics(matching text: String?, limit: Int) async throws(StoreError) -> [DeskTopic]

    /// Renames topic `slug`; its address follows the name and the old one redirects. Refused when
    /// another topic has the new address (merge the two instead).
    @discardableResult
    func renameTopic(_ slug: Slug, to name: String) async throws(StoreError) -> DeskTopic

    /// Moves every story of topic `slug` to topic `target` and removes `slug`, whose address then
    /// redirects to `target`'s. Refused when the two are the same topic or either is unknown.
    @discardableResult
    func mergeTopic(_ slug: Slug, into target: Slug) async throws(StoreError) -> DeskTopic

    /// Sets (or, with nil or blank text, clears) the description shown on the topic's page.
    func setTopicDescription(_ slug: Slug, to text: String?) async throws(StoreError)

    /// The description of topic `slug`; nil when it has none.
    func topicDescription(_ slug: Slug) async throws(StoreError) -> String?

    /// The current address of a topic renamed or merged from `slug`; nil when none was.
    func topicSlug(forOldSlug slug: Slug) async throws(StoreError) -> Slug?

    // MARK: Corrections

    /// Corrections on published stories, newest first, with the story each belongs to (the public
    /// corrections page).
    func publishedCorrections(limit: Int, offset: Int) async throws(StoreError) -> [PublishedCorrection]

    // MARK: Presence

    /// Notes that `user` has story `id` open at `time` (the editor page's heartbeat).
    func markPresent(story id: Int64, user: Int64, at time: Date) async throws(StoreError)

    /// Who has had story `id` open since `time`, most recent first.
    func presence(onStory id: Int64, since time: Date) async throws(StoreError) -> [StoryPresence]

    /// Notes that `user` closed story `id`, unless they were marked present again at or after
    /// `time` (a goodbye from a page that arrives after the next page's hello changes nothing).
    func markAbsent(story id: Int64, user: Int64, seenBefore time: Date) async throws(StoreError)
}

/// What an autosave came to.
public struct AutosaveOutcome: Sendable, Hashable {
    /// The story as it now stands.
    public var story: Story
    /// The number of its latest revision, which the next save is based on.
    public var revision: Int
    /// False when the content was already stored, and nothing was written.
    public var changed: Bool

    public init(story: Story, revision: Int, changed: Bool) {
        self.story = story
        self.revision = revision
        self.changed = changed
    }
}

/// A section as the newsroom manages it.
public struct DeskSection: Sendable, Hashable {
    public var section: Section
    /// Its place in the navigation from 1; 0 until an editor orders the sections (then by name).
    public var position: Int
    public var isHidden: Bool
    /// Stories filed in it (any status), and how many of them are live.
    public var storyCount: Int
    public var publishedCount: Int

    public init(section: Section, position: Int, isHidden: Bool, storyCount: Int, publishedCount: Int) {
        self.section = section
        self.position = position
        self.isHidden = isHidden
        self.storyCount = storyCount
        self.publishedCount = publishedCount
    }
}

/// A topic as the newsroom manages it.
public struct DeskTopic: Sendable, Hashable {
    public var topic: Topic
    public var description: String?
    public var storyCount: Int

    public init(topic: Topic, description: String?, storyCount: Int) {
        self.topic = topic
        self.description = description
        self.storyCount = storyCount
    }
}

/// Rules both stores apply to topic names and descriptions.
enum TopicRules {
    static let nameLimit = 80
    static let descriptionLimit = 600

    static func refuse(_ message: String) -> StoreError {
        .invalid(StoryValidationError(problems: [.init(field: "topic", message: message)]))
    }

    static func checkedName(_ name: String) throws(StoreError) -> (String, Slug) {
        let name = name.collapsingWhitespace()
        guard name.count <= nameLimit else { throw refuse("keep the topic's name under \(nameLimit) characters") }
        if let problem = name.controlCharacterProblem() { throw refuse("the name " + problem) }
        guard let slug = Slug(from: name) else { throw refuse("give the topic a name with letters or digits") }
        return (name, slug)
    }

    static func checkedDescription(_ text: String?) throws(StoreError) -> String? {
        guard let text = text?.collapsingWhitespace(), !text.isEmpty else { return nil }
        guard text.count <= descriptionLimit else {
            throw refuse("keep the description under \(descriptionLimit) characters; it has \(text.count)")
        }
        if let problem = text.controlCharacterProblem() { throw refuse("the description " + problem) }
        return text
    }

    static func unknown(_ slug: Slug) -> StoreError { refuse("there is no topic '\(slug.rawValue)'") }
}

/// Rules both stores apply to section names.
enum SectionRules {
    static let nameLimit = 60

    /// The name as stored and its address, or a refusal a person can act on.
    static func checked(_ name: String) throws(StoreError) -> (String, Slug) {
        let name = name.collapsingWhitespace()
        func refuse(_ message: String) -> StoreError {
            .invalid(StoryValidationError(problems: [.init(field: "section", message: message)]))
        }
        guard name.count <= nameLimit else { throw refuse("keep the section name under \(nameLimit) characters") }
        if let problem = name.controlCharacterProblem() { throw refuse("the name " + problem) }
        guard let slug = Slug(from: name) else { throw refuse("give the section a name with letters or digits") }
        return (name, slug)
    }

    static func taken(_ slug: Slug) -> StoreError {
        .invalid(
            StoryValidationError(problems: [
                .init(field: "section", message: "a section with the address /section/\(slug.rawValue) exists already")
            ]))
    }

    static func unknown(_ slug: Slug) -> StoreError {
        .invalid(
            StoryValidationError(problems: [.init(field: "section", message: "there is no section '\(slug.rawValue)'")])
        )
    }

    /// The order after moving `slug` one place: every section numbered from 1.
    static func reordered(_ sections: [Slug], moving slug: Slug, up: Bool) -> [Slug] {
        var order = sections
        guard let index = order.firstIndex(of: slug) else { return order }
        let target = up ? index - 1 : index + 1
        guard order.indices.contains(target) else { return order }
        order.swapAt(index, target)
        return order
    }
}

/// A correction on a published story, as the public corrections page lists it.
public struct PublishedCorrection: Sendable, Hashable {
    public var correction: Correction
    public var headline: String
    public var slug: Slug
    public var sectionName: String

    public init(correction: Correction, headline: String, slug: Slug, sectionName: String) {
        self.correction = correction
        self.headline = headline
        self.slug = slug
        self.sectionName = sectionName
    }
}

extension StoreError {
    /// The refusal for a slug another story has.
    static func slugTaken(_ slug: Slug) -> StoreError {
        .invalid(
            StoryValidationError(problems: [
                .init(
                    field: "slug", message: "another story already has the address '\(slug.rawValue)'; choose another")
            ]))
    }
}

/// How long the trash keeps a story before the scheduler deletes it for good.
public enum TrashPolicy {
    /// Thirty days.
    public static let retention: TimeInterval = 30 * 24 * 3_600

    /// The moment a story trashed at `time` is deleted for good.
    public static func purgeTime(forStoryTrashedAt time: Date) -> Date { time + retention }
}

/// A story in the trash: what it was, who put it there and when.
public struct TrashedStory: Sendable, Hashable {
    /// The story as it stands in the trash (a story that was live shows as unpublished).
    public var story: Story
    /// The status it had when it went in.
    public var statusBefore: StoryStatus
    /// When it went in.
    public var trashedAt: Date
    /// Who put it there; nil for a tool or a removed account.
    public var trashedByName: String?

    /// When the scheduler will delete it for good.
    public var purgeAt: Date { TrashPolicy.purgeTime(forStoryTrashedAt: trashedAt) }

    /// Makes a value; stores build these.
    public init(story: Story, statusBefore: StoryStatus, trashedAt: Date, trashedByName: String?) {
        self.story = story
        self.statusBefore = statusBefore
        self.trashedAt = trashedAt
        self.trashedByName = trashedByName
    }
}

/// What happened to a story, for its activity log.
public enum StoryActivityKind: String, Sendable, Codable, CaseIterable {
    case created
    case saved
    case submitted
    case returned
    case published
    case scheduled
    case unpublished
    case corrected
    case restoredRevision = "restored_revision"
    case trashed
    case restored
    case note
    case changedAddress = "changed_address"

    /// The log's wording, after the person's name ("Jane Arden submitted it for review").
    public var phrase: String {
        switch self {
        case .created: return "created the story"
        case .saved: return "saved changes"
        case .submitted: return "submitted it for review"
        case .returned: return "returned it to the writer"
        case .published: return "published it"
        case .scheduled: return "scheduled it"
        case .unpublished: return "unpublished it"
        case .corrected: return "added a correction"
        case .restoredRevision: return "restored an earlier revision"
        case .trashed: return "moved it to the trash"
        case .restored: return "restored it from the trash"
        case .note: return "left a note"
        case .changedAddress: return "changed the address"
        }
    }
}

/// One line of a story's activity log to store.
public struct NewStoryActivity: Sendable, Hashable {
    public var storyID: Int64
    public var userID: Int64?
    public var kind: StoryActivityKind
    /// The desk's words: a note, or the reason a story went back to its writer.
    public var note: String?
    public var time: Date

    /// Longest note kept, in characters.
    public static let noteLimit = 2_000

    public init(storyID: Int64, userID: Int64?, kind: StoryActivityKind, note: String? = nil, time: Date) {
        self.storyID = storyID
        self.userID = userID
        self.kind = kind
        self.note = note
        self.time = time
    }

    /// The note as stored: whitespace collapsed; refused (``StoreError/invalid(_:)``) when it is
    /// too long or carries control characters. Both stores call this, so the rule lives once.
    func checked() throws(StoreError) -> NewStoryActivity {
        var copy = self
        guard let note else { return copy }
        let trimmed = note.trimmingWhitespace()
        guard trimmed.count <= Self.noteLimit else {
            throw .invalid(
                StoryValidationError(problems: [
                    .init(field: "note", message: "keep the note under \(Self.noteLimit) characters")
                ]))
        }
        if let problem = trimmed.controlCharacterProblem(allowing: ["\n", "\r", "\t"]) {
            throw .invalid(StoryValidationError(problems: [.init(field: "note", message: "the note " + problem)]))
        }
        copy.note = trimmed.isEmpty ? nil : trimmed
        return copy
    }
}

/// One line of a story's activity log as read back.
public struct StoryActivity: Sendable, Hashable {
    public var kind: StoryActivityKind
    public var userName: String?
    public var note: String?
    public var time: Date

    public init(kind: StoryActivityKind, userName: String?, note: String?, time: Date) {
        self.kind = kind
        self.userName = userName
        self.note = note
        self.time = time
    }
}

/// Someone who has a story open.
public struct StoryPresence: Sendable, Hashable {
    public var userID: Int64
    public var name: String
    public var seenAt: Date

    public init(userID: Int64, name: String, seenAt: Date) {
        self.userID = userID
        self.name = name
        self.seenAt = seenAt
    }
}
