import Foundation

@testable import DatelineIngest

/// Small invented HTML pages for the HTML reader's tests, and where the evaluation data lives.
enum HTMLFixtures {
    /// A news page in a common layout: navigation, a share bar, the story with a dateline,
    /// a figure, a related-stories rail, comments and a footer.
    static let newsPage = """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <title>Harbour ferry goes electric - The Northgate Courier</title>
        <meta property="og:title" content="Harbour ferry goes electric">
        <meta property="og:site_name" content="The Northgate Courier">
        <meta property="og:image" content="/images/ferry.jpg">
        <meta property="article:section" content="Business">
        <meta name="news_keywords" content="Northgate, ferries, batteries">
        <link rel="canonical" href="https://courier.example/2024/05/harbour-ferry">
        <script type="application/ld+json">
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour ferry goes electric",
         "datePublished": "2024-05-02T08:30:00+01:00", "dateModified": "2024-05-02T10:00:00Z",
         "author": {"@type": "Person", "name": "Mira Castell"}}
        </script>
        </head>
        <body>
        <nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/business">Business</a></li>
        <li><a href="/sport">Sport</a></li></ul></nav>
        <div class="page">
          <article class="story">
            <h1>Harbour ferry goes electric</h1>
            <p class="byline">By Mira Castell</p>
            <div class="share-tools"><a href="#">E-mail to a friend</a> <a href="#">Share</a></div>
            <figure><img src="/images/ferry.jpg" alt=""><figcaption>The new ferry at its berth. Photo: Courier</figcaption></figure>
            <div class="story-body">
              <p>NORTHGATE, Wales (Courier) -- The town&#8217;s oldest ferry route switched to battery power on Thursday, \
        ending eighty years of diesel crossings between the two quays.</p>
              <p>The crossing takes nine minutes and the boat charges at the north quay while passengers board, \
        the operator said. Tickets keep their old price until the end of the year.</p>
              <h2>A quieter harbour</h2>
              <p>Residents along the water said the first morning was the quietest they could remember, and the \
        harbour master expects fewer complaints about fumes in the summer months.</p>
              <p>The council paid for the charging point from its climate fund &amp; expects to add a second one \
        at the south quay next spring if the trial goes well.</p>
            </div>
          </article>
          <aside class="related-stories"><h3>Related</h3><ul>
            <li><a href="/a">Council votes on harbour fees after a long and lively debate</a></li>
            <li><a href="/b">Ferry timetable changes for the summer season on both routes</a></li></ul></aside>
          <section id="comments"><h3>Comments</h3>
            <div class="comment"><p>What a great idea, I hope the other routes follow soon because diesel is so loud.</p></div>
          </section>
        </div>
        <footer><p>Copyright The Northgate Courier. All rights reserved.</p></footer>
        </body>
        </html>
        """

    /// A 2008-style story page with a "Story Highlights" list.
    static let highlightsPage = """
        <html><head><title>CNN.com - Lighthouse keeper retires after forty years</title></head>
        <body><div id="header"><a href="/">Home</a> <a href="/world">World</a></div>
        <div id="content"><h1>Lighthouse keeper retires after forty years</h1>
        <ul><li class="hiliteHeader">Story Highlights</li>
        <li>The last keeper of the Solway light hands over the keys on Friday
        <li>The lamp has been automatic since 1998 but he stayed on to look after it
        <li>A museum will open in the keeper's cottage next year
        <li class="next"><a href="/next">Next Article in World &raquo;</a></li></ul>
        <p>SOLWAY, Scotland (CNN) -- For forty years Tomas Reid climbed the hundred and twelve steps of the Solway \
        light every evening, and on Friday he will climb them for the last time.</p>
        <p>"It was never lonely," he said, standing at the top with the sea loud below. "The ships kept me company, \
        and the gulls were always there to argue with."</p>
        <p>The lamp has been run by a computer since 1998, but the owners asked him to stay to keep the brass bright \
        and the windows clean, a job he says he would have done for nothing.</p>
        </div></body></html>
        """

    /// `text` as UTF-8 bytes in a raw page named `location`.
    static func page(_ text: String, location: String = "test.html", charset: String? = nil) -> RawPage {
        RawPage(bytes: Data(text.utf8), location: location, declaredCharset: charset)
    }

    /// The evaluation data beside the repository (`../shared/data`), found from this file's path.
    static let sharedData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")

    /// The extraction benchmark's development set.
    static let zyteDev = sharedData.appendingPathComponent("extraction/zyte-dev")

    /// True when the extraction benchmark's pages are present.
    static var hasBenchmark: Bool {
        FileManager.default.fileExists(atPath: zyteDev.appendingPathComponent("ground-truth.json").path)
    }

    /// The labelled 2008 CNN pages.
    static let cnn2008 = sharedData.appendingPathComponent("scraped/cnn-2008")

    /// True when the labelled 2008 CNN pages are present.
    static var hasCNN2008: Bool { FileManager.default.fileExists(atPath: cnn2008.path) }
}
