import DatelineStore
import Foundation
import Testing

/// `dateline import --url`: the fetch guard as a person meets it. The fetcher itself (redirects,
/// size and type limits against a local server) is tested in DatelineIngestTests.
@Suite struct ImportURLTests {
    @Test(arguments: [
        "http://127.0.0.1:9/page.html", "http://localhost:9/", "http://169.254.169.254/latest/meta-data/",
    ])
    func refusesLoopbackAndMetadataAddressesWithoutAllowPrivate(url: String) async throws {
        let scratch = try ScratchFolder()
        let database = scratch.path("site.sqlite")
        let outcome = try CommandRunner.run(["import", "--database", database, "--url", url])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("--allow-private"), "stderr: \(outcome.standardError)")
        #expect(outcome.standardError.contains("1 failed"))
        #expect(try await SQLiteStoryStore(path: database).storyCount() == 0)
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://example.com/page.html", "not a url"])
    func refusesAddressesThatAreNotHTTP(url: String) throws {
        let scratch = try ScratchFolder()
        let outcome = try CommandRunner.run(["import", "--database", scratch.path("site.sqlite"), "--url", url])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("http or https"))
    }
}
