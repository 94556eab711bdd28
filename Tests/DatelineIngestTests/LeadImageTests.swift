import DatelineCore
import Foundation
import Testing

@testable import DatelineIngest

/// The lead image's words (issue 14): caption, credit and alt text as the page gives them.
@Suite struct LeadImageTests {
    let reader = HTMLPageReader()

    static func page(head: String = "", figure: String) -> RawPage {
        let html = """
            <html><head><title>Gulls return to the pier</title>\(head)</head><body><article>
            <h1>Gulls return to the pier</h1>\(figure)
            <p>NORTHGATE (Courier) -- The gulls came back to the old pier on Monday after two years away, and the \
            harbour master said the new fish market had brought them.</p>
            <p>Fishermen said the birds were louder than they remembered, and bolder about the catch.</p>
            </article></body></html>
            """
        return RawPage(
            bytes: Data(html.utf8), location: "gulls.html", url: URL(string: "https://courier.example/gulls"))
    }

    @Test("a figure's credit is taken out of its caption; its img alt is the alt text")
    func figureWithCredit() throws {
        let page = Self.page(
            figure: """
                <figure><img src="/img/gulls.jpg" alt="Gulls on the pier rail">
                <figcaption>Gulls on the old pier. <span class="credit">Photo: Ann Lee/Courier</span></figcaption></figure>
                """)
        let (_, image) = try reader.readWithLeadImage(page)
        #expect(image?.url == "https://courier.example/img/gulls.jpg")
        #expect(image?.caption == "Gulls on the old pier.")
        #expect(image?.credit == "Photo: Ann Lee/Courier")
        #expect(image?.alt == "Gulls on the pier rail")
    }

    @Test("no credit marked: nil, never guessed; og:image of another picture does not take the figure's alt")
    func noCredit() throws {
        let page = Self.page(
            head:
                #"<meta property="og:image" content="https://cdn.example/share.jpg"><meta property="og:image:alt" content="A gull in flight">"#,
            figure:
                #"<figure><img src="/img/other.jpg" alt="Not this one"><figcaption>Gulls at dawn.</figcaption></figure>"#
        )
        let (draft, image) = try reader.readWithLeadImage(page)
        #expect(draft.headline == "Gulls return to the pier")
        #expect(image?.url == "https://cdn.example/share.jpg")
        #expect(image?.credit == nil)
        #expect(image?.alt == "A gull in flight")
    }
}
