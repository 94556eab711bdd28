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

    @Test(
        "dot segments and doubled slashes are resolved as a browser would",
        arguments: [
            ("/newsroom/../..//evil.test", "/evil.test"), ("/newsroom/./stories", "/newsroom/stories"),
            ("/newsroom//stories", "/newsroom/stories"), ("/newsroom/%2e%2e/%2E%2E/x", "/x"),
            ("/a/b/..", "/a/"), ("/..", "/"), ("/story/a?next=/../x", "/story/a?next=/../x"),
            ("/section/world/", "/section/world/"),
        ])
    func normalised(text: String, expected: String) {
        #expect(ReturnPath(validating: text)?.path == expected)
    }

    @Test("a sign-in return path must lead inside the newsroom once resolved")
    func insideNewsroom() {
        #expect(NewsroomPaths.insideNewsroom("/newsroom/../..//evil.test") == nil)
        #expect(NewsroomPaths.insideNewsroom("/newsroom/..") == nil)
        #expect(NewsroomPaths.insideNewsroom("/newsroom/%2e%2e/story/x") == nil)
        #expect(NewsroomPaths.insideNewsroom("/newsroom/./stories?status=draft") == "/newsroom/stories?status=draft")
        #expect(NewsroomPaths.insideNewsroom("/newsroomx") == nil)
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
