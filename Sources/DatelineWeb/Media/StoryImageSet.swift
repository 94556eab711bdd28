import DatelineCore
import DatelineMarkup
import DatelineMedia
import DatelineStore
import Foundation

/// The media library items some stories show (lead images and, for a story page, the images in
/// its body), read once per page so views can draw them without asking the store.
///
/// An id the library does not hold is simply absent: the page leaves that image out.
struct StoryImageSet: Sendable {
    var items: [Int64: MediaItem] = [:]

    static let empty = StoryImageSet()

    /// The story's lead image, when it has one the library holds.
    func lead(of story: Story) -> MediaItem? {
        story.leadImage.flatMap { items[$0] }
    }

    /// Adds each item's identity and version to a page's tag, so a new caption, credit or
    /// picture gives the page a new ETag.
    func add(to builder: inout EntityTag.Builder) {
        for id in items.keys.sorted() {
            guard let item = items[id] else { continue }
            builder.add("media:\(id):\(item.version):\(item.updatedAt.timeIntervalSince1970)")
        }
    }

    /// The JPEG rendition at least `width` pixels wide where the original allows (else the
    /// widest there is), with its size: for share cards, structured data and feeds.
    static func jpeg(of item: MediaItem, atLeast width: Int) -> (path: String, width: Int, height: Int) {
        let widths = ImagePipeline.ladder(forOriginalWidth: item.width)
        let chosen = widths.first(where: { $0 >= width }) ?? widths.last ?? item.width
        let height = max(1, Int((Double(chosen) * Double(item.height) / Double(max(1, item.width))).rounded()))
        return (MediaAddress(item: item, width: chosen, format: .jpeg).path, chosen, height)
    }
}

extension ReaderSite {
    /// The lead images of `stories`, and with `body` the images their bodies place too.
    func images(for stories: [Story], body: Bool = false) async throws -> StoryImageSet {
        guard let media = store as? any MediaStore else { return .empty }
        var ids = Set(stories.compactMap(\.leadImage))
        if body { for story in stories { ids.formUnion(StoryImages.mediaIDs(in: story.body)) } }
        return StoryImageSet(items: try await media.media(ids: ids))
    }
}

/// A `<figure>` for an image placed in a story body, written here from the item's stored
/// details (every value escaped), never from the body's HTML: the sanitiser lets no `<img>`,
/// `<picture>` or `<source>` through, so these are the only images a body can show.
enum MediaFigure {
    /// How wide a body figure shows: the body column's width on wide screens, else the screen's.
    static let bodySizes = "(min-width: 64em) 40em, 100vw"

    /// The figure's HTML: the picture (lazy: body images sit below the fold), then the caption
    /// (the one written in the body, else the item's) and the credit.
    static func html(item: MediaItem, placement: StoryImages.Placement) -> String {
        let picture = MediaPicture(item: item, sizes: bodySizes)
        let alt = placement.alt.isEmpty ? picture.alt : placement.alt
        let caption = placement.caption ?? item.details.caption
        return figureHTML(
            picture: picture, alt: alt, caption: caption, credit: item.details.credit, className: "story-figure",
            loading: "loading=\"lazy\" decoding=\"async\"")
    }

    static func figureHTML(
        picture: MediaPicture, alt: String, caption: String?, credit: String?, className: String, loading: String
    ) -> String {
        let escape = HTMLEscaping.escape
        var html = "<figure class=\"\(className)\"><picture>"
        for source in picture.sources {
            html +=
                "<source type=\"\(escape(source.type))\" srcset=\"\(escape(source.srcset))\" sizes=\"\(escape(picture.sizes))\">"
        }
        html +=
            "<img src=\"\(escape(picture.src))\" srcset=\"\(escape(picture.srcset))\" sizes=\"\(escape(picture.sizes))\""
            + " width=\"\(picture.width)\" height=\"\(picture.height)\" alt=\"\(escape(alt))\" \(loading)>"
        html += "</picture>"
        let caption = caption?.trimmingWhitespace().nilIfEmpty
        let credit = credit?.trimmingWhitespace().nilIfEmpty
        if caption != nil || credit != nil {
            html += "<figcaption>"
            if let caption { html += "<span class=\"figure-caption\">\(escape(caption))</span>" }
            if caption != nil, credit != nil { html += " " }
            if let credit { html += "<span class=\"figure-credit\">\(escape(credit))</span>" }
            html += "</figcaption>"
        }
        return html + "</figure>"
    }
}

extension MarkdownBody {
    /// The body's blocks as safe HTML, with each image placed in the body drawn as a
    /// ``MediaFigure`` from `images` (an image `images` does not hold is left out).
    static func html(_ blocks: [String], images: StoryImageSet) -> [SanitizedHTML] {
        html(blocks) { placement in
            images.items[placement.mediaID].map { MediaFigure.html(item: $0, placement: placement) }
        }
    }
}
