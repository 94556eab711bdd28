import DatelineMedia
import DatelineStore

/// What a `<picture>` element needs to show a media item: AVIF and WebP sources and a JPEG
/// fallback, each with a `srcset` over the item's ladder widths, and the `width`/`height` that
/// reserve its box before it loads (no layout shift).
struct MediaPicture: Sendable, Hashable {
    struct Source: Sendable, Hashable {
        /// The MIME type for `<source type>`.
        let type: String
        let srcset: String
    }

    /// AVIF first, then WebP: the browser takes the first it can show.
    let sources: [Source]
    /// The JPEG `srcset` for the `<img>`.
    let srcset: String
    /// The `<img src>`: a JPEG of middling width, for browsers that ignore `srcset`.
    let src: String
    /// The `sizes` attribute.
    let sizes: String
    let width: Int
    let height: Int
    /// The alt text ("" when the item has none yet: an unfinished image is decorative at best).
    let alt: String

    /// The picture of `item`; `sizes` says how wide it shows ("100vw", "(min-width: 60em) 40em, 100vw").
    init(item: MediaItem, sizes: String = "100vw") {
        let widths = ImagePipeline.ladder(forOriginalWidth: item.width)
        func makeSrcset(_ format: RenditionFormat) -> String {
            widths.map { "\(MediaAddress(item: item, width: $0, format: format).path) \($0)w" }
                .joined(separator: ", ")
        }
        sources = [RenditionFormat.avif, .webp].map { Source(type: $0.mimeType, srcset: makeSrcset($0)) }
        srcset = makeSrcset(.jpeg)
        let middle = widths.last(where: { $0 <= 960 }) ?? widths.first ?? item.width
        src = MediaAddress(item: item, width: middle, format: .jpeg).path
        self.sizes = sizes
        let widest = widths.last ?? item.width
        width = widest
        height = max(1, Int((Double(widest) * Double(item.height) / Double(max(1, item.width))).rounded()))
        alt = item.details.altText ?? ""
    }

    /// The address of a small JPEG-or-better thumbnail, for grids: the narrowest ladder width.
    static func thumbnail(of item: MediaItem, format: RenditionFormat = .webp) -> String {
        let width = ImagePipeline.ladder(forOriginalWidth: item.width).first ?? item.width
        return MediaAddress(item: item, width: width, format: format).path
    }
}
