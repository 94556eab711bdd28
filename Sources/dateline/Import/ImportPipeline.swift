import DatelineCore
import DatelineIngest
import DatelineStore
import DatelineText
import Foundation

/// Imports page files at archive scale: pages are read and completed by the text engine
/// (proposed highlights and topics) on every core, a bounded number at once, and stored in the
/// order they were listed, a batch per transaction, while the next batch is being read.
///
/// A batch is stored whole or not at all (``StoryStore/importStories(_:)``), so an import killed
/// part-way leaves whole stories in whole batches, and a re-run finds them unchanged and stores
/// the rest. When the database refuses a batch, its pages are stored one at a time, so only the
/// page at fault fails, with its own message.
struct ImportPipeline: Sendable {
    /// Pages per transaction unless `--batch-size` says otherwise: large enough that a commit's
    /// cost is shared by many pages, small enough that a batch is written in well under a second.
    static let defaultBatchSize = 250

    let collector: PageCollector
    let suggester: StorySuggester
    let fallbackSection: String
    let batchSize: Int
    let jobs: Int

    /// One page after reading: a draft ready to store, or why it could not be read.
    struct ReadPage: Sendable {
        var location: String
        var draft: Result<StoryDraft, ReadFailure>
    }

    /// A page that could not be read, with its message.
    struct ReadFailure: Error, Sendable {
        var detail: String
    }

    /// What happened to one page, for the progress report.
    struct Report: Sendable {
        var result: ImportProgress.Result
        var location: String
        var detail: String
    }

    /// Reads, completes and stores `entries` in order, calling `report` once per entry, in order.
    func run(
        _ entries: [PageListing.Entry], into store: any StoryStore,
        report: (ImportProgress.Result, String, String) -> Void
    ) async {
        guard !entries.isEmpty else { return }
        // At most `window` pages are being read or wait, read, for their turn; `jobs` of them
        // are being read at any moment.
        let window = max(jobs * 4, batchSize * 2)
        var pendingWrite: Task<[Report], Never>?
        func deliver(_ reports: [Report]) {
            for item in reports { report(item.result, item.location, item.detail) }
        }
        await withTaskGroup(of: (Int, ReadPage).self) { group in
            var next = 0
            var reading = 0
            var delivered = 0
            var ready: [Int: ReadPage] = [:]
            var batch: [ReadPage] = []
            func startReading() {
                while next < entries.count, reading < jobs, next - delivered < window {
                    let index = next
                    let entry = entries[index]
                    group.addTask { (index, self.read(entry)) }
                    next += 1
                    reading += 1
                }
            }
            startReading()
            while let (index, page) = await group.next() {
                reading -= 1
                ready[index] = page
                while let page = ready.removeValue(forKey: delivered) {
                    delivered += 1
                    batch.append(page)
                    if batch.count == batchSize {
                        // One write at a time, in order; the next batch is read meanwhile.
                        if let previous = pendingWrite { deliver(await previous.value) }
                        let pages = batch
                        pendingWrite = Task { await self.storeBatch(pages, into: store) }
                        batch = []
                    }
                }
                startReading()
            }
            if let previous = pendingWrite { deliver(await previous.value) }
            if !batch.isEmpty { deliver(await storeBatch(batch, into: store)) }
        }
    }

    /// Reads one listed page and completes it: proposed highlights and topics where the page has
    /// none, and the fallback section where it names none.
    func read(_ entry: PageListing.Entry) -> ReadPage {
        switch entry {
        case .problem(let error):
            return ReadPage(location: error.location, draft: .failure(ReadFailure(detail: error.description)))
        case .page(let file):
            switch collector.read(file) {
            case .failure(let error):
                return ReadPage(location: file.path, draft: .failure(ReadFailure(detail: error.description)))
            case .success(let page):
                var draft = page.fillingMissingSuggestions(using: suggester)
                if draft.section == nil { draft.section = fallbackSection }
                return ReadPage(location: file.path, draft: .success(draft))
            }
        }
    }

    /// Stores one batch's readable pages in one transaction; when the database refuses the
    /// batch, stores them one at a time so the page at fault is named.
    func storeBatch(_ pages: [ReadPage], into store: any StoryStore) async -> [Report] {
        var reports: [Report?] = pages.map { page in
            switch page.draft {
            case .success: return nil
            case .failure(let failure): return Report(result: .failed, location: page.location, detail: failure.detail)
            }
        }
        let readable = pages.indices.compactMap { index -> (Int, StoryDraft)? in
            guard case .success(let draft) = pages[index].draft else { return nil }
            return (index, draft)
        }
        guard !readable.isEmpty else { return reports.compactMap { $0 } }
        let answers: [Result<ImportedStory, StoreError>]
        do {
            answers = try await store.importStories(readable.map(\.1))
        } catch {
            var single: [Result<ImportedStory, StoreError>] = []
            for (_, draft) in readable {
                do {
                    single.append(.success(ImportedStory(try await store.importStory(draft))))
                } catch {
                    single.append(.failure(error))
                }
            }
            answers = single
        }
        for ((index, _), answer) in zip(readable, answers) {
            let location = pages[index].location
            switch answer {
            case .success(let stored):
                reports[index] = Report(
                    result: stored.kind.progressResult, location: location, detail: "/story/\(stored.slug)")
            case .failure(let error):
                reports[index] = Report(result: .failed, location: location, detail: "\(location): \(error)")
            }
        }
        return reports.compactMap { $0 }
    }
}

extension ImportedStory.Kind {
    /// The progress line's word for this outcome.
    fileprivate var progressResult: ImportProgress.Result {
        switch self {
        case .created: return .created
        case .updated: return .updated
        case .unchanged: return .unchanged
        }
    }
}
