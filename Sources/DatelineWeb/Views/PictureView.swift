import DatelineCore
import DatelineMarkup
import DatelineStore
import Foundation

/// A media library image as templates draw it: `<picture>` with AVIF and WebP sources, a JPEG
/// `<img>` with `srcset`, `sizes`, `width` and `height` (the box is kept before the image loads,
/// so nothing shifts), and the caption and credit shown beneath.
struct PictureView: Sendable {
    struct SourceView: Sendable {
        let type: String
        let srcset: String
    }

    let sources: [SourceView]
    let src: String
    let srcset: String
    let sizes: String
    let width: Int
    let height: Int
    let alt: String
    let caption: String?
    let credit: String?
    let hasFigcaption: Bool

    /// The picture of `item`, at most `maximumWidth` pixels wide in its `srcset` when given
    /// (thumbnails need no wide renditions).
    init(item: MediaItem, sizes: String, maximumWidth: Int? = nil) {
        let picture = MediaPicture(item: item, sizes: sizes, maximumWidth: maximumWidth)
        sources = picture.sources.map { SourceView(type: $0.type, srcset: $0.srcset) }
        srcset = picture.srcset
        src = picture.src
        width = picture.width
        height = picture.height
        self.sizes = sizes
        alt = picture.alt
        caption = item.details.caption?.trimmingWhitespace().nilIfEmpty
        credit = item.details.credit?.trimmingWhitespace().nilIfEmpty
        hasFigcaption = caption != nil || credit != nil
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension PictureView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "sources": return sources.templateValue
        case "src": return src.templateValue
        case "srcset": return srcset.templateValue
        case "sizes": return sizes.templateValue
        case "width": return width.templateValue
        case "height": return height.templateValue
        case "alt": return alt.templateValue
        case "caption": return caption.templateValue
        case "credit": return credit.templateValue
        case "hasFigcaption": return hasFigcaption.templateValue
        default: return .missing
        }
    }
}

extension PictureView.SourceView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "type": return type.templateValue
        case "srcset": return srcset.templateValue
        default: return .missing
        }
    }
}
