import Testing

@testable import DatelineWeb

@Suite("Page numbers")
struct PageNumberTests {
    @Test("absent means the first page; whole numbers in range are accepted")
    func accepted() throws {
        #expect(try PageNumber(query: FormFields(decoding: "")).value == 1)
        #expect(try PageNumber(query: FormFields(decoding: "page=7")).value == 7)
        #expect(try PageNumber(query: FormFields(decoding: "page=10000")).value == PageNumber.maximum)
        #expect(try PageNumber(query: FormFields(decoding: "page=3")).offset(pageSize: 20) == 40)
    }

    @Test(
        "anything else is a 400",
        arguments: [
            "page=abc", "page=-1", "page=0", "page=", "page=1e3", "page=%2B1", "page=10001", "page=0x10",
            "page=99999999999999999999999999", "page=%D9%A3", "page=1&page=1",
        ])
    func refused(query: String) throws {
        let fields = try FormFields(decoding: Substring(query))
        #expect(throws: ReaderError.self) { try PageNumber(query: fields) }
    }
}
