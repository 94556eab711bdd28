import DatelineCore
import Testing

@Suite struct SlugTests {
    @Test func makesLowerCaseHyphenatedSlugsFromHeadlines() {
        #expect(
            Slug(from: "Serbia defiant as Kosovo breakaway looms")?.rawValue
                == "serbia-defiant-as-kosovo-breakaway-looms")
        #expect(Slug(from: "  Health minister's sex scandal  ")?.rawValue == "health-ministers-sex-scandal")
    }

    @Test func joinsAbbreviationsAndStripsAccents() {
        #expect(Slug(from: "U.N.")?.rawValue == "un")
        #expect(Slug(from: "Beşiktaş")?.rawValue == "besiktas")
        #expect(Slug(from: "Besiktas") == Slug(from: "Beşiktaş"))
    }

    @Test func refusesTextWithoutLettersOrDigits() {
        #expect(Slug(from: "") == nil)
        #expect(Slug(from: "—!?") == nil)
        #expect(Slug(from: "<script>") == Slug(validating: "script"))
    }

    @Test func validatesSlugsFromURLs() {
        #expect(Slug(validating: "kosovo") != nil)
        #expect(Slug(validating: "Kosovo") == nil)
        #expect(Slug(validating: "-kosovo") == nil)
        #expect(Slug(validating: "kos--ovo") == nil)
        #expect(Slug(validating: "kosovo-") == nil)
        #expect(Slug(validating: "-") == nil)
        #expect(Slug(validating: "") == nil)
        #expect(Slug(validating: "kosovó") == nil)
        #expect(Slug(validating: "a-b-1") != nil)
        #expect(Slug(validating: String(repeating: "a", count: Slug.maximumLength)) != nil)
        #expect(Slug(validating: "../etc/passwd") == nil)
        #expect(Slug(validating: String(repeating: "a", count: Slug.maximumLength + 1)) == nil)
    }

    @Test func cutsLongNamesAtAWordBoundary() throws {
        let long = Array(repeating: "kosovo", count: 30).joined(separator: " ")
        let slug = try #require(Slug(from: long))
        #expect(slug.rawValue.count <= Slug.maximumLength)
        #expect(!slug.rawValue.hasSuffix("-"))
        #expect(slug.rawValue.split(separator: "-").allSatisfy { $0 == "kosovo" })
    }

    @Test func numbersStayWithinTheLimit() throws {
        let slug = try #require(Slug(from: String(repeating: "b", count: Slug.maximumLength)))
        let numbered = slug.numbered(12)
        #expect(numbered.rawValue.hasSuffix("-12"))
        #expect(numbered.rawValue.count <= Slug.maximumLength)
        #expect(Slug(validating: numbered.rawValue) == numbered)
    }
}
