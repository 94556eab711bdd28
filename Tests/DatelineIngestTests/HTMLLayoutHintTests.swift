import Testing

@testable import DatelineIngest

@Suite("LayoutHint")
struct HTMLLayoutHintTests {
    @Test(
        "story containers are recognised",
        arguments: [
            "article-body", "story-body__inner", "entry-content", "post-content clearfix", "articleBody", "storytext",
        ])
    func content(name: String) {
        #expect(LayoutHint(classAndID: name) == .content)
    }

    @Test(
        "furniture is recognised",
        arguments: [
            "share-tools", "social-links", "related-stories", "comments", "ad-slot", "adslot3", "ad300x250",
            "newsletter-signup", "breadcrumbs", "site-footer", "sidebar", "byline", "wp-caption-text", "sr-only",
            "hidden", "outbrain-widget",
        ])
    func furniture(name: String) {
        #expect(LayoutHint(classAndID: name) == .furniture)
    }

    @Test(
        "words inside longer words do not count", arguments: ["header-shadow", "reading-list-x", "loaded", "address"])
    func noFalseMatches(name: String) {
        #expect(LayoutHint(classAndID: name) != .furniture)
    }

    @Test("classes that describe a state are ignored", arguments: ["box article modal-enabled", "post has-comments"])
    func stateClasses(name: String) {
        #expect(LayoutHint(classAndID: name) == .content)
    }

    @Test(
        "joined names of readers' comments are furniture and say so", arguments: ["commentbody by-ann", "commentsArea"])
    func joinedCommentNames(name: String) {
        #expect(LayoutHint(classAndID: name) == .furniture)
        #expect(LayoutHint.Evidence(classList: name).discussion)
    }

    @Test("credit names are told apart from other furniture")
    func creditNames() {
        #expect(LayoutHint.Evidence(classList: "byline-author").creditOnly)
        #expect(LayoutHint.Evidence(classList: "post-date").creditOnly)
        #expect(!LayoutHint.Evidence(classList: "author-bio").creditOnly)
        #expect(!LayoutHint.Evidence(classList: "byline share-tools").creditOnly)
    }

    @Test("opinion pieces are not comments", arguments: ["commentary-body", "commentator"])
    func commentary(name: String) {
        #expect(LayoutHint(classAndID: name) != .furniture)
        #expect(!LayoutHint.Evidence(classList: name).discussion)
    }

    @Test("a responsive hiding class is not furniture")
    func responsiveHiding() {
        #expect(LayoutHint(classAndID: "hidden-xs") != .furniture)
    }

    @Test("an element named both ways is mixed")
    func mixed() {
        #expect(LayoutHint(classAndID: "article-body share-enabled-x social") == .mixed)
    }
}
