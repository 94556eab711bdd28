import DatelineArchive
import DatelineCore
import DatelineStore
import Foundation
import Testing

/// The archive's trailer: an archive is imported only when it is whole — cut short, changed,
/// appended to or joined, it is refused with a message naming what happened, and the target
/// database on either backend is left untouched.
@Suite struct ArchiveReaderTests {
    typealias FullStore = any NewsroomStore & MailStore & ArchiveStore

    @Test func exportEndsWithATrailerThatVouchesForEveryLine() async throws {
        try await TemporaryFolder.with { folder in
            let source = try SQLiteStoryStore(path: folder.path("source.sqlite"))
            let site = try await SiteContent(in: source)
            let (data, counts) = try await Self.export(source)
            let lines = Self.lines(data)
            let trailerLine = try #require(lines.last)
            guard case .trailer(let trailer) = try ArchiveRecord(jsonLine: trailerLine.dropLast()) else {
                Issue.record("the last line is not a trailer: \(String(decoding: trailerLine, as: UTF8.self))")
                return
            }
            #expect(trailer.counts == counts)
            #expect(trailer.counts.stories == site.stories.count)
            #expect(trailer.counts.apiTokens == 2)
            #expect(trailer.lines == lines.count - 1)
            #expect(trailer.sha256.count == 64 && trailer.sha256.allSatisfy { "0123456789abcdef".contains($0) })
            let records = try ArchiveReader.records(from: data)
            #expect(records.count == lines.count)
            #expect(records.last == .trailer(trailer))
            // Losing only the final line break loses nothing the trailer vouches for.
            #expect(try ArchiveReader.records(from: data.dropLast()) == records)
        }
    }

    @Test(arguments: StoreBackend.all)
    func refusesArchivesThatAreNotWholeAndWritesNothing(backend: StoreBackend) async throws {
        try await TemporaryFolder.with { folder in
            let source = try SQLiteStoryStore(path: folder.path("source.sqlite"))
            let site = try await SiteContent(in: source)
            let (data, _) = try await Self.export(source)
            let lines = Self.lines(data)
            let storyLine = try #require(lines.firstIndex { $0.starts(with: Data(#"{"body":"#.utf8)) })
            let trailer = lines.count - 1
            let headline = try #require(data.range(of: Data("Harbour story".utf8)))
            var flipped = data
            flipped[headline.lowerBound] = UInt8(ascii: "h")
            var moved = lines
            moved.insert(moved.removeLast(), at: storyLine)
            var version1 = Array(lines.dropLast())
            version1[0] = Data(
                String(decoding: version1[0], as: UTF8.self)
                    .replacingOccurrences(of: #""version":3"#, with: #""version":1"#).utf8)
            let cases: [(String, Data, String)] = [
                // `head -n K`: cut at a line boundary, with or without the trailer's line.
                (
                    "cut before the trailer", Data(lines.dropLast().joined()),
                    "ends after line \(trailer) without its trailer: it was cut short"
                ),
                (
                    "cut half-way", Data(lines.prefix(storyLine + 1).joined()),
                    "ends after line \(storyLine + 1) without its trailer"
                ),
                ("cut mid-line", data.prefix(data.count - 20), "ends in the middle of line \(trailer + 1)"),
                ("a changed byte", flipped, "do not match the SHA-256 in its trailer"),
                (
                    "a removed line", Data(lines.enumerated().filter { $0.offset != storyLine }.flatMap(\.element)),
                    "do not match the SHA-256"
                ),
                (
                    "a line after the trailer", data + lines[storyLine],
                    "line \(trailer + 1): the archive's trailer is followed by 1 more lines"
                ),
                (
                    "a trailer in the middle", Data(moved.joined()),
                    "line \(storyLine + 1): the archive's trailer is followed by"
                ),
                ("two archives joined", data + data, "line \(trailer + 1): a trailer in the middle"),
                ("CR LF line breaks", Data(lines.map { $0.dropLast() + Data("\r\n".utf8) }.joined()), "CR LF"),
                ("a version 1 archive", Data(version1.joined()), "version 1 archive"),
                ("nothing", Data(), "empty"),
            ]
            try await backend.withStore { fixture in
                let target = try #require(fixture.store as? FullStore)
                for (name, archive, message) in cases {
                    do {
                        _ = try ArchiveReader.records(from: archive)
                        Issue.record("\(name): the archive was accepted")
                    } catch {
                        #expect("\(error)".contains(message), "\(name): \(error)")
                    }
                    await #expect(throws: StoreError.self, "\(name)") {
                        _ = try await target.importArchive(lines: archive)
                    }
                }
                #expect(try await target.storyCount() == 0)
                #expect(try await target.userCount() == 0)
                #expect(try await target.mailCounts().pending == 0)
                #expect(try await target.sections().isEmpty)
                // The refusals left the target as new: the whole archive goes in.
                #expect(try await target.importArchive(lines: data).stories == site.stories.count)
                try await site.expectCarried(into: target, exact: backend.name == StoreBackend.sqlite.name)
            }
        }
    }

    @Test func recordsMustAgreeWithTheirTrailer() async throws {
        try await TemporaryFolder.with { folder in
            let source = try SQLiteStoryStore(path: folder.path("source.sqlite"))
            _ = try await SiteContent(in: source)
            let records = try ArchiveReader.records(from: try await Self.export(source).0)
            guard case .trailer(var trailer) = records.last else {
                Issue.record("no trailer")
                return
            }
            trailer.counts.apiTokens += 1
            var miscounted = records
            miscounted[miscounted.count - 1] = .trailer(trailer)
            var early = records
            early.insert(early.removeLast(), at: 3)
            let target = try SQLiteStoryStore(path: folder.path("target.sqlite"))
            for (archive, message) in [(miscounted, "2 API tokens but the trailer counts 3"), (early, "follow it")] {
                do {
                    _ = try await target.importArchive(archive)
                    Issue.record("accepted: \(message)")
                } catch {
                    #expect("\(error)".contains(message), "\(error)")
                }
            }
            #expect(try await target.storyCount() == 0)
            #expect(try await target.importArchive(records).apiTokens == 2)
        }
    }

    // MARK: Helpers

    /// The store's archive as the bytes `dateline export` writes, and its counts.
    static func export(_ store: FullStore) async throws -> (Data, ArchiveCounts) {
        var data = Data()
        let counts = try await store.exportArchiveLines { data.append($0) }
        return (data, counts)
    }

    /// The lines of `data`, each with its line break.
    static func lines(_ data: Data) -> [Data] {
        data.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { Data($0) + Data([0x0A]) }
    }
}
