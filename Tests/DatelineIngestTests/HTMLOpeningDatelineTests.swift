import DatelineCore
import Testing

@testable import DatelineIngest

@Suite("OpeningDateline")
struct HTMLOpeningDatelineTests {
    static let wireDatelines: [(String, String?, String?, String)] = [
        ("KUALA LUMPUR, Malaysia (AP) -- The minister said", "KUALA LUMPUR, Malaysia", "AP", "The minister said"),
        ("BUFFALO, N.Y. — Hours before the game", "BUFFALO, N.Y.", nil, "Hours before the game"),
        ("WASHINGTON - The Senate voted", "WASHINGTON", nil, "The Senate voted"),
        ("(CNN) -- A storm hit the coast", nil, "CNN", "A storm hit the coast"),
    ]

    @Test("wire datelines are read with place, source and the rest of the paragraph", arguments: wireDatelines)
    func datelines(paragraph: String, place: String?, source: String?, rest: String) throws {
        let opening = try #require(OpeningDateline(parsing: paragraph))
        #expect(opening.dateline == Dateline(place: place, source: source))
        #expect(opening.remainder == rest)
        #expect(opening.printed + " " + opening.remainder == paragraph)
    }

    @Test(
        "ordinary first sentences have no dateline",
        arguments: [
            "The council met on Tuesday - and agreed nothing.", "Gaming used to be so simple.",
            "NASA said — in a statement — that the launch was delayed.", "Prime Minister (left) greets the crowd",
        ])
    func noDateline(paragraph: String) {
        #expect(OpeningDateline(parsing: paragraph) == nil)
    }
}
