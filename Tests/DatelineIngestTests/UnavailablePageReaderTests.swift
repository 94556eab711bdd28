import Foundation
import Testing

@testable import DatelineIngest

@Suite("Unavailable page reader")
struct UnavailablePageReaderTests {
    @Test func refusesEveryPageWithItsMessage() {
        let reader = UnavailablePageReader(message: "HTML import is not available yet")
        #expect {
            _ = try reader.read(RawPage(bytes: Data("<html></html>".utf8), location: "a.html"))
        } throws: { error in
            (error as? IngestError) == IngestError(location: "a.html", message: "HTML import is not available yet")
        }
    }
}
