import DatelineCore
import DatelineStore
import Foundation
import Testing

@Suite("dateline media")
struct MediaCommandTests {
    @Test("media add stores a picture and prints its id alone; the same file again prints the same id")
    func addPrintsTheID() async throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        let picture = try TestPictures.make(width: 800, height: 450)
        let path = folder.path("gulls.jpg")
        try picture.write(to: URL(fileURLWithPath: path))

        let added = try CommandRunner.run([
            "media", "add", path, "--alt", "Gulls on the pier", "--credit", "Ann Arden/Dateline", "--caption",
            "Gulls wait for the ferry.", "--database", database,
        ])
        #expect(added.status == 0, "\(added.standardError)")
        let id = try #require(Int64(added.standardOutput.trimmingCharacters(in: .newlines)))
        #expect(added.standardOutput == "\(id)\n")

        let store = try SQLiteStoryStore(path: database)
        let item = try #require(try await store.media(id: id))
        #expect(item.fileName == "gulls.jpg")
        #expect(item.format == "jpeg")
        #expect(item.width == 800 && item.height == 450)
        #expect(
            item.details
                == MediaDetails(
                    altText: "Gulls on the pier", credit: "Ann Arden/Dateline", caption: "Gulls wait for the ferry."))
        #expect(item.isReadyToPublish)
        #expect(try await store.mediaOriginal(id: id)?.bytes == picture)

        let again = try CommandRunner.run([
            "media", "add", path, "--alt", "Other", "--credit", "Other", "--database", database,
        ])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput == "\(id)\n")
    }

    @Test("a broken file, an SVG, a missing file and over-long alt text fail on stderr with nothing stored")
    func failures() async throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        let svg = try folder.write("logo.png", "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>")
        let picture = try TestPictures.make(width: 300, height: 200)
        let truncatedPath = folder.path("cut.jpg")
        try picture.prefix(picture.count / 2).write(to: URL(fileURLWithPath: truncatedPath))
        let goodPath = folder.path("good.jpg")
        try picture.write(to: URL(fileURLWithPath: goodPath))

        let cases: [([String], String)] = [
            ([svg, "--alt", "a", "--credit", "c"], "SVG"),
            ([truncatedPath, "--alt", "a", "--credit", "c"], "cut.jpg"),
            ([folder.path("missing.jpg"), "--alt", "a", "--credit", "c"], "cannot read"),
            ([goodPath, "--alt", String(repeating: "x", count: 501), "--credit", "c"], "--alt"),
            ([goodPath, "--alt", "a"], "--credit"),
        ]
        for (arguments, message) in cases {
            let outcome = try CommandRunner.run(["media", "add"] + arguments + ["--database", database])
            #expect(outcome.status != 0, "\(arguments)")
            #expect(outcome.standardOutput.isEmpty, "\(arguments)")
            #expect(outcome.standardError.contains(message), "\(arguments): \(outcome.standardError)")
        }
        let store = try SQLiteStoryStore(path: database)
        #expect(try await store.mediaItems(MediaQuery()).isEmpty)
    }
}
