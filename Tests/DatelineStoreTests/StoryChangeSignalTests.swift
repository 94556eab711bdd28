import DatelineCore
import DatelineStore
import Foundation
import Testing

/// The ``StoryChangeSignal`` contract: a change made through another instance reaches a listener.
@Suite("Story change signals")
struct StoryChangeSignalTests {
    /// Counts the signals a stream delivers.
    actor Counter {
        private(set) var count = 0
        func bump() { count += 1 }
    }

    /// A stream being consumed, and how many signals it has delivered so far.
    struct Listening {
        let counter: Counter
        let consumer: Task<Void, Never>
    }

    /// True once `counter` passes `seen`; false after `timeout`, so a broken backend fails instead of hanging.
    private func signalArrives(after seen: Int, in counter: Counter, within timeout: Duration = .seconds(20)) async
        -> Bool
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await counter.count > seen { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return await counter.count > seen
    }

    /// A fresh stream from `listener` that has been seen to signal a change, so it is connected
    /// (PostgreSQL) or holds its first fingerprint (SQLite) and every later change must reach it.
    ///
    /// Each try opens a new stream and then makes one `probe` change (a single UPDATE, so at most
    /// one signal): a stream opened after the previous probe committed can never signal that one
    /// late, so the signal seen is this probe's, and the stream holds no leftovers. Afterwards
    /// the counter stands at exactly 1.
    private func attachedListener(
        _ listener: any StoryChangeSignal, probe: () async throws -> Void
    ) async throws -> Listening {
        let deadline = ContinuousClock.now + .seconds(60)
        var tries = 0
        while ContinuousClock.now < deadline {
            tries += 1
            let counter = Counter()
            let stream = listener.storyChangeSignals()
            let consumer = Task {
                for await _ in stream { await counter.bump() }
            }
            try await probe()
            if await signalArrives(after: 0, in: counter, within: .seconds(2)) {
                return Listening(counter: counter, consumer: consumer)
            }
            consumer.cancel()
        }
        Issue.record("no stream signalled its probe change in 60 s (\(tries) tries); the listener never listens")
        throw CancellationError()
    }

    /// Whether a freshly attached listener is signalled after `change`.
    private func heard(
        by listener: any StoryChangeSignal, probe: () async throws -> Void, _ change: () async throws -> Void
    ) async throws -> Bool {
        let listening = try await attachedListener(listener, probe: probe)
        defer { listening.consumer.cancel() }
        let seen = await listening.counter.count
        try #require(seen == 1, "the probe gave \(seen) signals; a leftover would make the check below vacuous")
        try await change()
        return await signalArrives(after: seen, in: listening.counter)
    }

    @Test(
        "creating, publishing, correcting and deleting through another instance each signal a listener",
        arguments: StoreBackend.all)
    func signals(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let listener = try #require(fixture.store as? any StoryChangeSignal, "the backend must signal changes")
            let writer = try #require(try await fixture.openAnother() as? any NewsroomStore)
            let author = try await writer.createUser(
                email: "w@example.com", name: "W", role: .editor, passwordHash: "h")
            let probeStory = try await writer.createStory(
                StoryDraft(headline: "Listener probe", section: "World", body: ["Probe."]), status: .draft,
                author: author.id)
            let probe = { _ = try await writer.setStatus(id: probeStory.id, to: .draft, publishedAt: nil) }

            var created: Story?
            #expect(
                try await heard(by: listener, probe: probe) {
                    created = try await writer.createStory(
                        StoryDraft(headline: "Signal test", section: "World", body: ["Text."]), status: .draft,
                        author: author.id)
                }, "creating a story signals")
            let story = try #require(created)
            #expect(
                try await heard(by: listener, probe: probe) {
                    _ = try await writer.setStatus(id: story.id, to: .published, publishedAt: nil)
                }, "publishing signals")
            #expect(
                try await heard(by: listener, probe: probe) {
                    try await writer.addCorrection("Fixed a name.", toStory: story.id, author: author.id, at: Date())
                }, "a correction signals")
            #expect(
                try await heard(by: listener, probe: probe) {
                    try await writer.delete(id: story.id)
                }, "deleting signals")
        }
    }

    @Test(
        "adding and deleting a newsletter list signal a listener (the footer's form follows lists)",
        arguments: StoreBackend.all)
    func newsletterListsSignal(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let listener = try #require(fixture.store as? any StoryChangeSignal, "the backend must signal changes")
            let other = try await fixture.openAnother()
            let writer = try #require(other as? any NewsroomStore)
            let lists = try #require(other as? any NewsletterStore)
            let author = try await writer.createUser(
                email: "w@example.com", name: "W", role: .editor, passwordHash: "h")
            let probeStory = try await writer.createStory(
                StoryDraft(headline: "Listener probe", section: "World", body: ["Probe."]), status: .draft,
                author: author.id)
            let probe = { _ = try await writer.setStatus(id: probeStory.id, to: .draft, publishedAt: nil) }
            var added: Newsletter?
            #expect(
                try await heard(by: listener, probe: probe) {
                    added = try await lists.addNewsletter(
                        NewsletterInput(
                            name: "Briefing", source: .front, fromName: "Dateline", fromAddress: "news@example.test"),
                        now: Date())
                }, "adding a list signals")
            let list = try #require(added)
            #expect(
                try await heard(by: listener, probe: probe) {
                    try await lists.deleteNewsletter(id: list.id)
                }, "deleting a list signals")
        }
    }
}
