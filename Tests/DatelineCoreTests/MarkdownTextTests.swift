import DatelineCore
import Testing

@Suite("Markdown reduced to plain text")
struct MarkdownTextTests {
    static let cases: [(String, String)] = [
        ("See the [city's planning portal](https://x.test/p) today.", "See the city's planning portal today."),
        ("![A harbour](/img.jpg) photo", "A harbour photo"),
        ("a [ref][1] link", "a ref link"),
        (
            "mail <mailto:desk@example.com> or <https://x.test/a> now",
            "mail mailto:desk@example.com or https://x.test/a now"
        ),
        ("<b>bold</b> text<br/>", "bold text"),
        ("**strong** and __also__", "strong and also"),
        ("an *emphasis* here", "an emphasis here"),
        ("an _emphasis_ here", "an emphasis here"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("2 * 3 * 4 stays", "2 * 3 * 4 stays"),
        ("run `code` now", "run code now"),
        ("## Heading", "Heading"),
        ("> quoted", "quoted"),
        ("- item", "item"),
        ("  * star item", "star item"),
        ("12) item", "item"),
        ("Prices rose 3-4 percent (roughly) + more.", "Prices rose 3-4 percent (roughly) + more."),
        ("First para\n\n- second stays a list line", "First para\n\n- second stays a list line"),
        ("No marks at all", "No marks at all"),
        ("[**Bold link**](https://x.test) and *[em link](https://y.test)*", "Bold link and em link"),
    ]

    @Test("each rule, and text that only looks like a rule", arguments: cases.indices)
    func rule(_ index: Int) {
        let (markdown, plain) = Self.cases[index]
        #expect(MarkdownText.plain(markdown) == plain, "\(markdown.debugDescription)")
    }
}
