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

    /// True once `counter` passes `seen`; false after about 20 s, so a broken backend fails instead of hanging.
    private func signalArrives(after seen: Int, in counter: Counter) async -> Bool {
        for _ in 0..<200 {
            if await counter.count > seen { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test(
        "creating, publishing, correcting and deleting through another instance each signal a listener",
        arguments: StoreBackend.all)
    func signals(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let listener = try #require(fixture.store as? any StoryChangeSignal, "the backend must signal changes")
            let writer = try #require(try await fixture.openAnother() as? any NewsroomStore)
            let counter = Counter()
            let stream = listener.storyChangeSignals()
            let consumer = Task {
                for await _ in stream { await counter.bump() }
            }
            defer { consumer.cancel() }
            // Let the listener settle (connect, or read its first fingerprint) before writing.
            try await Task.sleep(for: .seconds(1))

            let author = try await writer.createUser(
                email: "w@example.com", name: "W", role: .editor, passwordHash: "h")
            var seen = await counter.count
            let story = try await writer.createStory(
                StoryDraft(headline: "Signal test", section: "World", body: ["Text."]), status: .draft,
                author: author.id)
            #expect(await signalArrives(after: seen, in: counter), "creating a story signals")
            seen = await counter.count
            _ = try await writer.setStatus(id: story.id, to: .published, publishedAt: nil)
            #expect(await signalArrives(after: seen, in: counter), "publishing signals")
            seen = await counter.count
            try await writer.addCorrection("Fixed a name.", toStory: story.id, author: author.id, at: Date())
            #expect(await signalArrives(after: seen, in: counter), "a correction signals")
            seen = await counter.count
            try await writer.delete(id: story.id)
            #expect(await signalArrives(after: seen, in: counter), "deleting signals")
        }
    }
}
