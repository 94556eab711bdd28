import Testing

@testable import DatelineWeb

@Suite("ETags")
struct EntityTagTests {
    private func tag(_ parts: [String], session: ReaderSession) -> EntityTag {
        var builder = EntityTag.Builder(page: "story", siteVersion: "v1")
        for part in parts { builder.add(part) }
        builder.add(session)
        return builder.finish()
    }

    @Test("the tag changes with content and with reader state, and parts cannot run together")
    func sensitivity() {
        let token = CSRFToken.random()
        let reader = ReaderSession(csrfToken: token, tokenIsNew: false)
        let base = tag(["a", "b"], session: reader)
        #expect(base == tag(["a", "b"], session: reader))
        #expect(base != tag(["ab"], session: reader))
        #expect(base != tag(["a", "c"], session: reader))
        var larger = reader
        larger.fontStep = FontStep(2)
        #expect(base != tag(["a", "b"], session: larger))
        #expect(base != tag(["a", "b"], session: ReaderSession(csrfToken: .random(), tokenIsNew: false)))
        #expect(base.headerValue.hasPrefix("\"") && base.headerValue.hasSuffix("\""))
    }
}
