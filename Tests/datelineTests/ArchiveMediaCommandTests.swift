import DatelineStore
import Foundation
import PostgresNIO
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Issue 14: a site with media exported from SQLite and imported into PostgreSQL keeps every
/// picture under its id, byte for byte, and serves its renditions.
@Suite struct ArchiveMediaCommandTests {
    @Test(.enabled(if: PostgresCommandTests.isWanted))
    func mediaMovesFromSQLiteToPostgresAndIsServed() async throws {
        let serverURL = try #require(
            PostgresCommandTests.serverURL,
            "CI is set but \(PostgresCommandTests.variable) is not: start ./scripts/postgres start and export its URL")
        let server = try PostgresLocation(url: serverURL)
        let database = server.with(database: "dateline_test_" + UUID().uuidString.prefix(8).lowercased())
        try await PostgresTestServer.admin(server, "CREATE DATABASE \(database.database)")
        do {
            try await Self.move(to: database)
        } catch {
            try? await PostgresTestServer.admin(server, "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)")
            throw error
        }
        try await PostgresTestServer.admin(server, "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)")
    }

    private static func move(to database: PostgresLocation) async throws {
        let scratch = try ScratchFolder()
        let sqlite = scratch.path("site.sqlite")
        for number in 1...2 { try scratch.write("pages/ferry-\(number).txt", StoryPageFixture.page(number: number)) }
        #expect(try CommandRunner.run(["import", scratch.path("pages"), "--database", sqlite]).status == 0)
        var pictures: [Int64: Data] = [:]
        for (index, size) in [(800, 450), (500, 700)].enumerated() {
            let picture = try TestPictures.make(width: size.0, height: size.1)
            let path = scratch.path("picture-\(index).jpg")
            try picture.write(to: URL(fileURLWithPath: path))
            let added = try CommandRunner.run([
                "media", "add", path, "--alt", "Picture \(index)", "--credit", "Ann Arden/Dateline", "--database",
                sqlite,
            ])
            #expect(added.status == 0, "\(added.standardError)")
            pictures[try #require(Int64(added.standardOutput.trimmingCharacters(in: .newlines)))] = picture
        }
        let exported = try CommandRunner.run(["export", "--database", sqlite, "--out", scratch.path("site.jsonl")])
        #expect(exported.status == 0, "\(exported.standardError)")
        #expect(exported.standardError.contains("2 media items"), "\(exported.standardError)")
        let archive = ArchiveCommandTests.lines(try String(contentsOfFile: scratch.path("site.jsonl"), encoding: .utf8))
        #expect(archive.first?.contains(#""version":3"#) == true)

        let imported = try CommandRunner.run([
            "import", "--archive", scratch.path("site.jsonl"), "--database", database.urlWithPassword,
        ])
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardError.contains("2 media items"), "\(imported.standardError)")
        let again = try CommandRunner.run(["export", "--database", database.urlWithPassword, "--out", "-"])
        #expect(
            ArchiveCommandTests.records(ArchiveCommandTests.lines(again.standardOutput))
                == ArchiveCommandTests.records(archive))

        // The same bytes under the same ids: SQLite's SHA-256 of each original is PostgreSQL's.
        let source = try SQLiteStoryStore(path: sqlite)
        let store = try await PostgresStoryStore(location: database)
        var items: [MediaItem] = []
        for (id, picture) in pictures.sorted(by: { $0.key < $1.key }) {
            let original = try await store.mediaOriginal(id: id)
            #expect(original?.bytes == picture)
            #expect(original?.digest == (try await source.mediaOriginal(id: id))?.digest)
            if let item = try await store.media(id: id) { items.append(item) }
        }
        await store.shutdown()
        #expect(items.count == 2)

        // The web app on PostgreSQL makes a rendition of the moved picture at its address.
        let child = try CommandRunner.start([
            "serve", "--port", "0", "--no-demo", "--database", database.urlWithPassword,
        ])
        defer { if child.process.isRunning { child.process.terminate() } }
        let (home, printed) = try await CommandRunner.servedAddress(of: child)
        let address = try #require(home, "serve printed no URL; stdout so far: \(printed)")
        let item = try #require(items.first)
        let rendition = try #require(
            URL(string: "media/\(item.id)-\(item.digest.prefix(16))-320.jpg", relativeTo: address))
        let (data, response) = try await URLSession.shared.data(from: rendition)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") == "image/jpeg")
        #expect(data.starts(with: [0xFF, 0xD8, 0xFF]))

        try await Self.adminAPIMedia(at: address, database: database)
        kill(child.process.processIdentifier, SIGINT)
        child.process.waitUntilExit()
    }

    /// The admin API's media operations against the server on PostgreSQL: an upload is stored
    /// (201), an SVG is refused (415) with nothing stored, a delete removes the item.
    private static func adminAPIMedia(at address: URL, database: PostgresLocation) async throws {
        let url = database.urlWithPassword
        let added = try CommandRunner.run(
            ["users", "add", "--database", url, "--email", "ed@example.com", "--role", "editor", "--bcrypt-cost", "4"],
            input: Data("a long passphrase for ed\n".utf8))
        #expect(added.status == 0, "\(added.standardError)")
        let minted = try CommandRunner.run([
            "users", "token", "--database", url, "--email", "ed@example.com", "--name", "Media test",
        ])
        let token = try #require(
            minted.standardOutput.split(separator: "\n").last.map(String.init), "\(minted.standardError)")
        func upload(_ file: Data, name: String) async throws -> (Int, [String: Any]) {
            let boundary = "media-test-\(UUID().uuidString)"
            var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nA test\r\n".utf8)
            body += Data(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n\r\n".utf8)
            body += file + Data("\r\n--\(boundary)--\r\n".utf8)
            var request = URLRequest(url: try #require(URL(string: "api/v1/admin/media", relativeTo: address)))
            request.httpMethod = "POST"
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.setValue("multipart/form-data; boundary=\(boundary)", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
            let (data, response) = try await URLSession.shared.data(for: request)
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
        }
        let picture = try TestPictures.make(width: 360, height: 240, seed: 77)
        let (created, item) = try await upload(picture, name: "new.jpg")
        #expect(created == 201, "\(item)")
        let id = try #require(item["id"] as? Int)
        let (refused, error) = try await upload(Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8), name: "a.jpg")
        #expect(refused == 415)
        #expect((error["error"] as? [String: Any])?["code"] as? String == "svg_refused")

        let store = try await PostgresStoryStore(location: database)
        #expect(try await store.mediaOriginal(id: Int64(id))?.bytes == picture)
        #expect(try await store.mediaItems(MediaQuery()).count == 3)
        var delete = URLRequest(url: try #require(URL(string: "api/v1/admin/media/\(id)", relativeTo: address)))
        delete.httpMethod = "DELETE"
        delete.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, deleted) = try await URLSession.shared.data(for: delete)
        #expect((deleted as? HTTPURLResponse)?.statusCode == 204)
        #expect(try await store.media(id: Int64(id)) == nil)
        await store.shutdown()
    }
}
