import ArgumentParser
import DatelineArchive
import DatelineCore
import DatelineFetch
import DatelineIngest
import DatelineStore
import DatelineText
import DatelineWeb
import Foundation

/// `dateline import`: reads pages (scraped text or HTML) from files and folders and stores each as
/// a published story, a batch of pages per transaction.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import pages (scraped text or HTML) from files and folders as published stories.",
        discussion: """
            Folders are read recursively. A page without Story Highlights or "All About" topics \
            gets them proposed by the text engine, marked machine-suggested for the newsroom to \
            review. Importing a page that was imported before updates its \
            story (or leaves it alone when the page has not changed) instead of adding a second one. \
            Pages are stored in batches (--batch-size), each batch in one transaction, so an \
            interrupted import never leaves half a story or half a batch; run it again to finish. \
            The exit status is 1 when any page failed.

            With --archive FILE (or - for standard input), reads an archive written by \
            `dateline export` instead and stores all of it (stories, accounts, revisions, \
            corrections, API tokens, pending mail, media library items with their original bytes) \
            with its keys and times, in one transaction, into \
            a new, empty database. Every line is checked before anything is written, and the archive \
            must end with the trailer export writes, whose counts and SHA-256 match what came before: \
            a copy cut short, changed or appended to is refused. Version 2 archives (before media) \
            are read as they are. Version 1 archives (written before \
            the trailer existed) are refused; export the site again with this Dateline.

            With --images, the lead image of each HTML page (og:image, or the article's first \
            figure, with its caption, credit and alt text when the page gives them) is fetched \
            through the same guarded fetcher as --url (public addresses only unless \
            --allow-private; 25 MB, 20 s, 5 redirects), checked as an upload is, and added to the \
            media library; a credit the page does not give is left empty for an editor to fill. \
            Each picture stored prints "MEDIA-ID<tab>/story/SLUG" on standard output. A picture \
            that cannot be fetched or read is reported and the story imported without it. \
            Without --images nothing but the pages is fetched.
            """
    )

    @OptionGroup var databaseOptions: DatabaseOptions

    @Argument(
        help:
            "Page files (.txt, .html, .htm, .html.gz), agency files for the wire queue (.json ninjs, .xml NewsML-G2), or folders of them."
    )
    var paths: [String] = []

    @Option(
        name: .customLong("url"),
        help: ArgumentHelp(
            "Fetch an HTML page over http(s) and import it (repeatable). Private, loopback, link-local and "
                + "cloud-metadata addresses are refused, after DNS and on every redirect.",
            valueName: "url"))
    var urls: [String] = []

    @Option(
        help: ArgumentHelp(
            "Import a whole-site archive written by `dateline export` (- for standard input) into an empty database.",
            valueName: "file"))
    var archive: String?

    @Flag(help: "Allow --url to fetch from private, loopback and link-local addresses (a newsroom's own servers).")
    var allowPrivate = false

    @Flag(help: "Fetch each HTML page's lead image (guarded as --url is) into the media library.")
    var images = false

    @Option(help: "The section for pages that do not name one.")
    var section = "News"

    @Option(help: "The largest page file to read, in megabytes.")
    var maxSize = 10

    @Option(
        help: ArgumentHelp(
            "Pages stored per transaction (1 to 5000): an interrupted import leaves whole batches, and a re-run "
                + "finds them unchanged. 1 stores each page on its own.",
            valueName: "pages"))
    var batchSize = ImportPipeline.defaultBatchSize

    @Option(
        help: ArgumentHelp(
            "Pages read and completed by the text engine at once (default: one per core).", valueName: "pages"))
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(
        help: ArgumentHelp(
            "Read and store one page at a time, a transaction per page, as imports did before batches "
                + "(kept for bench/scale's before-and-after rows).", visibility: .hidden))
    var serial = false

    func validate() throws {
        if let archive {
            guard paths.isEmpty, urls.isEmpty else {
                throw ValidationError("--archive imports a whole archive; give it without page files, folders or --url")
            }
            guard !archive.isEmpty else {
                throw ValidationError("--archive needs a file name, or - for standard input")
            }
            return
        }
        guard !paths.isEmpty || !urls.isEmpty else {
            throw ValidationError("name at least one page file or folder, or a --url, to import")
        }
        for url in urls {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
                parsed.host != nil
            else { throw ValidationError("--url takes an absolute http or https address, not '\(url)'") }
        }
        guard (1...1_000).contains(maxSize) else { throw ValidationError("--max-size must be between 1 and 1000 MB") }
        guard (1...5_000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 5000") }
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 256") }
        guard Section(name: section) != nil else { throw ValidationError("--section needs a letter or digit") }
    }

    func run() async throws {
        if let archive {
            // Every line is read and checked before the database is even opened.
            let records = try ArchiveFile.read(path: archive)
            try await databaseOptions.withStore { store in
                guard let archiveStore = store as? any ArchiveStore else {
                    throw CommandFailure("the database at \(databaseOptions.shownLocation) cannot take an archive")
                }
                let counts: ArchiveCounts
                do {
                    counts = try await archiveStore.importArchive(records)
                } catch {
                    throw CommandFailure("cannot import \(archive) into \(databaseOptions.shownLocation): \(error)")
                }
                FileHandle.standardError.write(
                    Data("imported \(counts) into \(databaseOptions.shownLocation)\n".utf8))
            }
            return
        }
        try await databaseOptions.withStore { store in try await run(into: store) }
    }

    /// The agency files among `paths` (named, or inside named folders), for the wire queue.
    private var wireEntries: [WireFileListing.Entry] {
        let named = paths.filter { WireFileReader.accepts($0) || isFolder($0) }
        return WireFileListing.list(named)
    }

    private func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }

    /// Imports every page named into `store`.
    private func run(into store: any StoryStore) async throws {
        let collector = PageCollector(maximumBytes: maxSize * 1_000_000)
        let listing = collector.list(paths.filter { !WireFileReader.accepts($0) })
        let wireFiles = wireEntries
        var wireFailed = false
        if !wireFiles.isEmpty {
            guard let wire = store as? any WireStore else {
                throw CommandFailure("the database at \(databaseOptions.shownLocation) keeps no wire queue")
            }
            let counts = await WireImport(
                reader: WireFileReader(maximumBytes: maxSize * 1_000_000), lifetime: WireRules.defaultLifetime
            ).run(wireFiles, into: wire)
            FileHandle.standardError.write(Data("wire queue: \(counts.summary)\n".utf8))
            wireFailed = counts.failed > 0
            if listing.entries.isEmpty && urls.isEmpty {
                if wireFailed { throw ExitCode(1) }
                return
            }
        }
        var progress = ImportProgress(total: listing.entries.count + urls.count)
        let fetcher = PageFetcher(
            policy: FetchPolicy(allowPrivate: allowPrivate, maximumBytes: maxSize * 1_000_000))
        let htmlReader = HTMLPageReader(maximumBytes: maxSize * 1_000_000)
        var pictures: LeadImageImporter?
        if images {
            guard let library = store as? any MediaStore else {
                throw CommandFailure("the database at \(databaseOptions.shownLocation) keeps no media library")
            }
            pictures = LeadImageImporter(allowPrivate: allowPrivate, store: library)
        }
        for url in urls {
            let read: Result<(draft: StoryDraft, image: LeadImage?), any Error>
            do {
                // validate() checked that every address parses.
                read = .success(try htmlReader.readWithLeadImage(try await fetcher.fetch(URL(string: url)!)))
            } catch {
                read = .failure(error)
            }
            await importPage(read, from: url, into: store, pictures: pictures, progress: &progress)
        }
        if pictures == nil && !serial {
            // Pages are read and completed on every core, and stored in order, a batch per transaction.
            let pipeline = ImportPipeline(
                collector: collector, suggester: Self.suggester, fallbackSection: section, batchSize: batchSize,
                jobs: jobs)
            await pipeline.run(listing.entries, into: store) { result, location, detail in
                progress.record(result, location: location, detail: detail)
            }
        }
        for entry in listing.entries where pictures != nil || serial {
            switch entry {
            case .problem(let error):
                progress.record(.failed, location: error.location, detail: error.description)
            case .page(let file) where pictures != nil && file.format != .scrapedText:
                // Read once, keeping the lead image the HTML reader found.
                let read: Result<(draft: StoryDraft, image: LeadImage?), any Error>
                do {
                    read = .success(try htmlReader.readWithLeadImage(try collector.load(file)))
                } catch {
                    read = .failure(error)
                }
                await importPage(read, from: file.path, into: store, pictures: pictures, progress: &progress)
            case .page(let file):
                await importPage(
                    collector.read(file).map { ($0, nil) }.mapError { $0 }, from: file.path, into: store,
                    pictures: nil, progress: &progress)
            }
        }
        progress.finish()
        if listing.entries.isEmpty && urls.isEmpty {
            throw CommandFailure(
                "found no page files (.txt, .html, .htm, .html.gz) in \(paths.joined(separator: ", "))")
        }
        if progress.counts[.failed, default: 0] > 0 || wireFailed { throw ExitCode(1) }
    }

    /// Completes a page read from a file or a URL (proposed highlights and topics, the fallback
    /// section) and stores it in one transaction, recording what happened.
    private func importPage(
        _ read: Result<(draft: StoryDraft, image: LeadImage?), any Error>, from location: String,
        into store: any StoryStore, pictures: LeadImageImporter?, progress: inout ImportProgress
    ) async {
        do {
            let (page, image) = try read.get()
            var draft = page.fillingMissingSuggestions(using: Self.suggester)
            if draft.section == nil { draft.section = section }
            // The picture is stored first, so the story can name it as its lead image in the same
            // save. An imported story is published, and a published story's pictures need alt text
            // and credit: a picture the page gave without them is kept in the library, unattached,
            // for an editor to complete and choose.
            var pictureNote: String?
            var attached: Int64?
            if let pictures, let image {
                switch await pictures.importImage(image) {
                case .success(let added):
                    if added.item.isReadyToPublish {
                        draft.leadImage = added.item.id
                        attached = added.item.id
                        pictureNote = ", lead image: media \(added.item.id)"
                    } else {
                        pictureNote =
                            ", lead image stored as media \(added.item.id) but not attached: it needs alt text and "
                            + "credit (add them in the newsroom's media library, then choose it as the lead image)"
                    }
                case .failure(let failure):
                    pictureNote = ", lead image not stored: \(failure)"
                }
            }
            let outcome = try await store.importStory(draft)
            let detail = "/story/\(outcome.story.slug)" + (pictureNote ?? "")
            if let attached {
                FileHandle.standardOutput.write(Data("\(attached)\t/story/\(outcome.story.slug)\n".utf8))
            }
            progress.record(outcome.progressResult, location: location, detail: detail)
        } catch let error as IngestError {
            progress.record(.failed, location: location, detail: error.description)
        } catch {
            progress.record(.failed, location: location, detail: "\(location): \(error)")
        }
    }

    /// The text engine's suggester; its settings are fixed, so one serves every page.
    static let suggester = StorySuggester()
}

extension ImportOutcome {
    /// The progress line's word for this outcome.
    fileprivate var progressResult: ImportProgress.Result {
        switch self {
        case .created: return .created
        case .updated: return .updated
        case .unchanged: return .unchanged
        }
    }
}
