import Testing

@testable import DatelineWeb

@Suite("Form and query decoding")
struct FormFieldsTests {
    @Test("decodes percent-escapes, plus signs and UTF-8")
    func decodes() throws {
        let fields = try FormFields(decoding: "q=Hashim+Thaci&city=Pri%C5%A1tina&empty=&flag")
        #expect(try fields.single("q") == "Hashim Thaci")
        #expect(try fields.single("city") == "Priština")
        #expect(try fields.single("empty") == "")
        #expect(try fields.single("flag") == "")
        #expect(try fields.single("missing") == nil)
    }

    @Test(
        "refuses broken escapes and invalid UTF-8", arguments: ["a=%", "a=%4", "a=%GG", "a=%FF", "%ZZ=1", "a=%C0%AF"])
    func refuses(query: String) {
        #expect(throws: ReaderError.self) { try FormFields(decoding: Substring(query)) }
    }

    @Test("a repeated name is ambiguous")
    func repeated() throws {
        let fields = try FormFields(decoding: "page=1&page=2")
        #expect(throws: ReaderError.self) { try fields.single("page") }
    }

    @Test("too many fields are refused")
    func tooMany() {
        let query = (0...FormFields.maximumCount).map { "f\($0)=1" }.joined(separator: "&")
        #expect(throws: ReaderError.self) { try FormFields(decoding: Substring(query)) }
    }
}
