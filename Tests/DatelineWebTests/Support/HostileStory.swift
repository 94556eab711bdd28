import DatelineCore
import Foundation

extension Fixtures {
    /// Markup and script in every text field: must come out as inert text everywhere.
    static let hostileHeadline = "Breaking</script><script>alert(1)</script> & <b>\"quotes\"</b> 'too'"

    /// A story whose every field tries to break out of HTML, XML or JSON.
    static let hostile = StoryDraft(
        headline: hostileHeadline,
        section: "World",
        byline: "By <img src=x onerror=alert(2)>",
        body: ["A body with <script>alert(3)</script> and ]]> and \u{2028} separators & ampersands."],
        highlights: ["Highlight with <em>tags</em> & </script>", "Second \"highlight\""],
        topics: ["Cross <Site>", "Scripting & Co"],
        publishedAt: hoursBefore(0.25))
}
