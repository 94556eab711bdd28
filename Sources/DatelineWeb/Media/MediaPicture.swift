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
    /// With `maximumWidth` (thumbnails need no wide renditions) the `srcset`s offer only the ladder's
    /// widths up to it (the narrowest when none is), `src` is the narrowest, and the box keeps the
    /// picture's shape at most that wide.
    init(item: MediaItem, sizes: String = "100vw", maximumWidth: Int? = nil) {
        let key = LadderKey(
            id: item.id, digest: item.digest, width: item.width, height: item.height, maximumWidth: maximumWidth)
        let ladder = Self.ladders.value(for: key) { Ladder(item: item, maximumWidth: maximumWidth) }
        sources = ladder.sources
        srcset = ladder.srcset
        src = ladder.src
        self.sizes = sizes
        width = ladder.width
        height = ladder.height
        alt = item.details.altText ?? ""
    }

    /// What a picture's addresses and box depend on: the file (its id and digest), its size and the bound.
    private struct LadderKey: Hashable, Sendable {
        let id: Int64
        let digest: String
        let width: Int
        let height: Int
        let maximumWidth: Int?
    }

    /// The addresses and box of a picture: fifteen or so addresses written for every picture on
    /// every rendered front page cost a tenth of its time, so they are made once per file and bound.
    private struct Ladder: Sendable {
        let sources: [Source]
        let srcset: String
        let src: String
        let width: Int
        let height: Int

        init(item: MediaItem, maximumWidth: Int?) {
            let ladder = ImagePipeline.ladder(forOriginalWidth: item.width)
            var widths = ladder
            if let maximumWidth {
                widths = ladder.filter { $0 <= maximumWidth }
                if widths.isEmpty { widths = Array(ladder.prefix(1)) }
            }
            func makeSrcset(_ format: RenditionFormat) -> String {
                widths.map { "\(MediaAddress(item: item, width: $0, format: format).path) \($0)w" }
                    .joined(separator: ", ")
            }
            sources = [RenditionFormat.avif, .webp].map { Source(type: $0.mimeType, srcset: makeSrcset($0)) }
            srcset = makeSrcset(.jpeg)
            let shown =
                maximumWidth != nil
                ? widths.first ?? item.width : widths.last(where: { $0 <= 960 }) ?? widths.first ?? item.width
            src = MediaAddress(item: item, width: shown, format: .jpeg).path
            let widest = ladder.last ?? item.width
            width = maximumWidth.map { min(widest, $0) } ?? widest
            height = max(1, Int((Double(width) * Double(item.height) / Double(max(1, item.width))).rounded()))
        }
    }

    private static let ladders = BoundedMemo<LadderKey, Ladder>(limit: 4_096)

    /// The address of a small JPEG-or-better thumbnail, for grids: the narrowest ladder width.
    static func thumbnail(of item: MediaItem, format: RenditionFormat = .webp) -> String {
        let width = ImagePipeline.ladder(forOriginalWidth: item.width).first ?? item.width
        return MediaAddress(item: item, width: width, format: format).path
    }
}
