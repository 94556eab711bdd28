import Testing

@testable import DatelineWeb

@Suite("Return paths")
struct ReturnPathTests {
    @Test("paths on this site are accepted", arguments: ["/", "/story/a-b", "/section/world?page=2", "/saved#top"])
    func accepted(path: String) {
        #expect(ReturnPath(validating: path)?.path == path)
    }

    @Test(
        "anything that could leave the site is refused",
        arguments: [
            "", "//evil.example", "/\\evil.example", "https://evil.example/", "evil", "/a b", "/a\r\nLocation: x",
            "/\u{7F}", "/caf\u{E9}", "/x\"y", "/<script>", "\\\\evil",
        ])
    func refused(path: String) {
        #expect(ReturnPath(validating: path) == nil)
    }

    @Test("overlong paths are refused")
    func overlong() {
        #expect(ReturnPath(validating: "/" + String(repeating: "a", count: ReturnPath.maximumLength)) == nil)
    }

    @Test("a form without a return path goes to the fallback; a bad one is a 400")
    func fromForm() throws {
        #expect(try ReturnPath(in: FormFields(decoding: "x=1")) == .home)
        #expect(try ReturnPath(in: FormFields(decoding: "return_to=%2Fsaved")).path == "/saved")
        #expect(throws: ReaderError.self) { try ReturnPath(in: FormFields(decoding: "return_to=%2F%2Fevil")) }
    }
}
