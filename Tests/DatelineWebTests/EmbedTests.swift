import Testing

@testable import DatelineMarkup
@testable import DatelineWeb

@Suite("Embeds: a block that is only a link to a video or a post")
struct EmbedTests {
    @Test(
        "YouTube and Vimeo links become click-to-play videos",
        arguments: [
            ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", Embed.video(.youtube, id: "dQw4w9WgXcQ")),
            ("https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42", .video(.youtube, id: "dQw4w9WgXcQ")),
            ("https://m.youtube.com/watch?v=a_b-C1d2E3f", .video(.youtube, id: "a_b-C1d2E3f")),
            ("https://youtu.be/dQw4w9WgXcQ?si=abc", .video(.youtube, id: "dQw4w9WgXcQ")),
            ("https://www.youtube.com/shorts/dQw4w9WgXcQ", .video(.youtube, id: "dQw4w9WgXcQ")),
            ("  <https://vimeo.com/76979871>  ", .video(.vimeo, id: "76979871")),
            ("https://player.vimeo.com/video/76979871", .video(.vimeo, id: "76979871")),
        ])
    func videos(block: String, expected: Embed) {
        #expect(Embed(block: block) == expected)
    }

    @Test(
        "posts on X, Bluesky, Mastodon and Instagram become quoted blocks with a rebuilt link",
        arguments: [
            (
                "https://twitter.com/CityDesk/status/1234567890?s=20",
                Embed.post(.x, url: "https://x.com/CityDesk/status/1234567890", author: "@CityDesk")
            ),
            ("https://x.com/a_b/status/9", .post(.x, url: "https://x.com/a_b/status/9", author: "@a_b")),
            (
                "https://bsky.app/profile/desk.example.com/post/3kxyz2abc",
                .post(
                    .bluesky, url: "https://bsky.app/profile/desk.example.com/post/3kxyz2abc",
                    author: "@desk.example.com")
            ),
            (
                "https://mastodon.social/@reporter/112233445566",
                .post(
                    .mastodon, url: "https://mastodon.social/@reporter/112233445566",
                    author: "@reporter@mastodon.social")
            ),
            (
                "https://www.instagram.com/p/C0dEfGh_1-2/?igsh=xyz",
                .post(.instagram, url: "https://www.instagram.com/p/C0dEfGh_1-2/", author: nil)
            ),
            (
                "https://instagram.com/reel/Abc123",
                .post(.instagram, url: "https://www.instagram.com/reel/Abc123/", author: nil)
            ),
        ])
    func posts(block: String, expected: Embed) {
        #expect(Embed(block: block) == expected)
    }

    @Test(
        "a link on an unknown host, or with an id that fails its pattern, stays an ordinary link",
        arguments: [
            "https://example.org/watch?v=dQw4w9WgXcQ", "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXc", "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload",
            "https://youtu.be/<script>alert(1)</script>", "https://vimeo.com/12ab", "https://vimeo.com/channels/staff",
            "https://x.com/home", "https://bsky.app/profile/a\"b/post/1", "https://example.org/@user/notdigits",
            "https://user@youtube.com/watch?v=dQw4w9WgXcQ",
        ])
    func ordinaryLinks(block: String) {
        guard let embed = Embed(block: block) else {
            // Not even a link (a host part no URL can have): Ink renders it as text.
            #expect(block.contains("@") || block.contains("\"") || block.contains("<"))
            return
        }
        #expect(embed == .link(block))
        let html = MarkdownBody.html([block])[0].sanitizedHTML
        #expect(!html.contains("<figure") && !html.contains("<iframe") && !html.contains("embed-post"))
    }

    @Test("not a lone link: text around it, another scheme, two links")
    func notEmbeds() {
        #expect(Embed(block: "Watch https://youtu.be/dQw4w9WgXcQ now") == nil)
        #expect(Embed(block: "javascript:alert(1)") == nil)
        #expect(Embed(block: "https://youtu.be/dQw4w9WgXcQ\nhttps://youtu.be/dQw4w9WgXcQ") == nil)
        #expect(Embed(block: "ftp://youtu.be/dQw4w9WgXcQ") == nil)
    }

    @Test("story bodies render embeds through the sanitiser: no iframe, no third-party resource")
    func rendered() {
        let html = MarkdownBody.html([
            "https://youtu.be/dQw4w9WgXcQ", "https://bsky.app/profile/desk.example.com/post/3kxyz2abc",
            "https://example.org/report",
        ]).map(\.sanitizedHTML)
        #expect(
            html[0]
                == "<figure class=\"embed-video\" data-embed=\"youtube\" data-video-id=\"dQw4w9WgXcQ\">"
                + "<a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\" rel=\"nofollow noopener\">Watch on YouTube</a>"
                + "</figure>")
        #expect(html[1].hasPrefix("<blockquote class=\"embed-post\"><p><strong>Post on Bluesky</strong>"))
        #expect(html[1].contains(">View the post on Bluesky</a>"))
        #expect(
            html[2]
                == "<p><a href=\"https://example.org/report\" rel=\"nofollow noopener\">https://example.org/report</a></p>"
        )
        for block in html {
            #expect(!block.contains("<iframe") && !block.contains("<img") && !block.contains("<script"))
            #expect(!block.contains("youtube-nocookie"))
        }
    }
}

@Suite("Markdown tables")
struct MarkdownTableTests {
    @Test("a GFM table renders as a real table (it used to come out as 'ab12')")
    func table() {
        let block = MarkdownBody.html(["| Town | Votes |\n|:-----|------:|\n| Aldport | 1,204 |\n| Brindle | 987 |"])[0]
        let html = block.sanitizedHTML
        #expect(
            html
                == HTMLSanitizer.tableWrapper
                + "<table><thead><tr><th scope=\"col\" class=\"align-left\">Town</th>"
                + "<th scope=\"col\" class=\"align-right\">Votes</th></tr></thead><tbody>"
                + "<tr><td class=\"align-left\">Aldport</td><td class=\"align-right\">1,204</td></tr>"
                + "<tr><td class=\"align-left\">Brindle</td><td class=\"align-right\">987</td></tr></tbody></table></div>"
        )
        #expect(MarkdownBody.paragraphContent(block) == nil)
    }

    @Test("cells keep inline formatting and links, and lose anything hostile")
    func cells() {
        let html = MarkdownBody.html([
            "| a | b |\n|---|---|\n| *x* | [l](https://example.org) [bad](javascript:alert(1)) |"
        ])[0].sanitizedHTML
        #expect(html.contains("<td><em>x</em></td>"))
        #expect(html.contains("<a href=\"https://example.org\" rel=\"nofollow noopener\">l</a>"))
        #expect(html.contains("bad</td>") && !html.contains("javascript"))
    }
}

@Suite("Markdown tables without outer pipes")
struct PipedTableTests {
    @Test("a table written without outer pipes still renders as a table; other blocks are unchanged")
    func withoutOuterPipes() {
        #expect(MarkdownBody.pipedTable("a | b\n--- | ---\n1 | 2") == "| a | b |\n| --- | --- |\n| 1 | 2 |")
        #expect(MarkdownBody.html(["a | b\n--- | ---\n1 | 2"])[0].sanitizedHTML.contains("<td>1</td><td>2</td>"))
        for block in ["Either | or", "a | b\nno delimiter | here", "| a |\n|---|", "a - b\n---"] {
            #expect(MarkdownBody.pipedTable(block) == block)
        }
    }
}
