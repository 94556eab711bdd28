import Testing

@testable import DatelineWeb

@Suite("HTMLSanitizer")
struct HTMLSanitizerTests {
    let sanitizer = HTMLSanitizer()

    @Test("allowed elements pass without their attributes")
    func allowed() {
        #expect(sanitizer.sanitize("<p class=\"x\" id=y>Hi <em>there</em></p>") == "<p>Hi <em>there</em></p>")
        #expect(
            sanitizer.sanitize("<h2>T</h2><ul><li>a</li></ul><blockquote>q</blockquote>")
                == "<h2>T</h2><ul><li>a</li></ul><blockquote>q</blockquote>")
        #expect(sanitizer.sanitize("<pre><code>x &lt; y</code></pre>") == "<pre><code>x &lt; y</code></pre>")
        #expect(sanitizer.sanitize("a<br/>b") == "a<br>b")
    }

    @Test("links keep only http, https and mailto targets and get rel=nofollow noopener")
    func links() {
        #expect(
            sanitizer.sanitize("<a href=\"https://x.org/?a=1&amp;b=2\" target=_blank>x</a>")
                == "<a href=\"https://x.org/?a=1&amp;b=2\" rel=\"nofollow noopener\">x</a>")
        #expect(sanitizer.sanitize("<a href=\"mailto:desk@x.org\">m</a>").hasPrefix("<a href=\"mailto:desk@x.org\""))
        for hostile in [
            "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
            "jav&#x09;ascript:alert(1)", "&#106;avascript:alert(1)", "data:text/html,<script>", "vbscript:x",
            "/relative",
        ] {
            #expect(sanitizer.sanitize("<a href=\"\(hostile)\">t</a>") == "t", "\(hostile)")
        }
    }

    @Test("script-like elements go with their content; other tags leave their text")
    func dropped() {
        #expect(sanitizer.sanitize("a<script>alert(1)</script>b") == "ab")
        #expect(sanitizer.sanitize("a<style>p{}</style>b") == "ab")
        #expect(sanitizer.sanitize("<svg onload=alert(1)><text>t</text></svg>ok") == "ok")
        #expect(sanitizer.sanitize("<div onclick=\"x\">kept</div>") == "kept")
        #expect(sanitizer.sanitize("<img src=x onerror=alert(1)>") == "")
        #expect(sanitizer.sanitize("<!-- <script>x</script> -->after") == "after")
    }

    @Test("text is decoded and re-escaped, so entities cannot smuggle tags")
    func entities() {
        #expect(sanitizer.sanitize("&lt;script&gt;alert(1)&lt;/script&gt;") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(sanitizer.sanitize("AT&T & \"quotes\" 'apos'") == "AT&amp;T &amp; &quot;quotes&quot; &#39;apos&#39;")
        #expect(sanitizer.sanitize("1 < 2 > 0") == "1 &lt; 2 &gt; 0")
        #expect(sanitizer.sanitize("&#0;&#x110000;") == "\u{FFFD}\u{FFFD}")
    }

    @Test("output is always balanced")
    func balanced() {
        #expect(sanitizer.sanitize("<p><em>open") == "<p><em>open</em></p>")
        #expect(sanitizer.sanitize("</p>stray</em>") == "stray")
        #expect(sanitizer.sanitize("<p><strong>a</p>b") == "<p><strong>a</strong></p>b")
        #expect(sanitizer.sanitize("<p unterminated") == "")
    }
}
