import DatelineCore
import Testing

@testable import DatelineIngest

@Suite("Leading dateline")
struct LeadingDatelineTests {
    @Test(
        arguments: [
            ("(CNN) -- Serbs voted on Sunday.", nil, "CNN", "Serbs voted on Sunday."),
            (
                "KUALA LUMPUR, Malaysia (AP) -- The minister spoke.", "KUALA LUMPUR, Malaysia", "AP",
                "The minister spoke."
            ),
            ("TORONTO (AP) -Raptors guard returned.", "TORONTO", "AP", "Raptors guard returned."),
            ("LISBON, Portugal (Dateline) -- Trams ran again.", "LISBON, Portugal", "Dateline", "Trams ran again."),
            ("ST. LOUIS, Missouri (CNN) — Rain fell.", "ST. LOUIS, Missouri", "CNN", "Rain fell."),
            ("Washington (CNN) -- Congress met.", "Washington", "CNN", "Congress met."),
            (
                "Rio de Janeiro, Brazil (Reuters) – Crowds gathered.", "Rio de Janeiro, Brazil", "Reuters",
                "Crowds gathered."
            ),
            ("(CNN) --", nil, "CNN", ""),
        ] as [(String, String?, String, String)])
    func parsesDatelines(paragraph: String, place: String?, source: String, remainder: String) throws {
        let parsed = try #require(LeadingDateline(parsing: paragraph))
        #expect(parsed.dateline == Dateline(place: place, source: source))
        #expect(parsed.remainder == remainder)
    }

    @Test(arguments: [
        "The minister said (in private) -- and then left.",
        "(cnn) -- lower-case source",
        "He left (AP) nothing.",
        "Officials in the capital (AP) -- not a place.",
        "Serbia defiant as Kosovo breakaway looms",
        "1999 (CNN) -- numbers are not places",
    ])
    func rejectsOtherText(paragraph: String) {
        #expect(LeadingDateline(parsing: paragraph) == nil)
    }
}
