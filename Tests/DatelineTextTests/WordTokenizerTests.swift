import DatelineText
import Testing

@Suite struct WordTokenizerTests {
    @Test func keepsAbbreviationsNumbersAndContractionsWhole() {
        let words = WordTokenizer.words(in: "The U.S. paid $41.1 million, 1,200 jobs; don't ask al-Assad.").map(\.text)
        #expect(words == ["The", "U.S.", "paid", "41.1", "million", "1,200", "jobs", "don't", "ask", "al-Assad"])
    }

    @Test func marksClauseOpenersAndPunctuation() {
        let words = WordTokenizer.words(in: "Rain fell. \"Storms come,\" Ana said, Oslo")
        #expect(words.map(\.opensClause) == [true, false, true, false, false, false, false])
        #expect(words.last?.followsPunctuation == true)
        #expect(words.map(\.isCapitalized) == [true, false, true, false, true, false, true])
    }

    @Test func capitalsAndDigits() {
        let words = WordTokenizer.words(in: "NATO and U.N. met in 2015")
        #expect(words.map(\.isAllCapitals) == [true, false, true, false, false, false])
        #expect(words.last?.hasDigit == true)
        #expect(WordTokenizer.words(in: "").isEmpty)
        #expect(WordTokenizer.words(in: "—  …  !!").isEmpty)
    }
}
