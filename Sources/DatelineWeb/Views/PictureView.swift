import DatelineCore
import DatelineStore
import Foundation
import Mustache

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
        let picture = MediaPicture(item: item, sizes: sizes)
        func trimmed(_ srcset: String) -> String {
            guard let maximumWidth else { return srcset }
            let entries = srcset.components(separatedBy: ", ")
            let kept = entries.filter { entry in
                guard let width = entry.split(separator: " ").last.flatMap({ Int($0.dropLast()) }) else { return true }
                return width <= maximumWidth
            }
            return (kept.isEmpty ? Array(entries.prefix(1)) : kept).joined(separator: ", ")
        }
        sources = picture.sources.map { SourceView(type: $0.type, srcset: trimmed($0.srcset)) }
        srcset = trimmed(picture.srcset)
        if let maximumWidth {
            // The box keeps the picture's shape at the narrowest width offered.
            let first = srcset.components(separatedBy: ", ").first?.split(separator: " ").first.map(String.init)
            src = first ?? picture.src
            width = min(picture.width, maximumWidth)
            height = max(1, Int((Double(width) * Double(picture.height) / Double(max(1, picture.width))).rounded()))
        } else {
            src = picture.src
            width = picture.width
            height = picture.height
        }
        self.sizes = sizes
        alt = picture.alt
        caption = item.details.caption?.trimmingWhitespace().nilIfEmpty
        credit = item.details.credit?.trimmingWhitespace().nilIfEmpty
        hasFigcaption = caption != nil || credit != nil
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension PictureView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "sources": return sources
        case "src": return src
        case "srcset": return srcset
        case "sizes": return sizes
        case "width": return width
        case "height": return height
        case "alt": return alt
        case "caption": return caption
        case "credit": return credit
        case "hasFigcaption": return hasFigcaption
        default: return nil
        }
    }
}

extension PictureView.SourceView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "type": return type
        case "srcset": return srcset
        default: return nil
        }
    }
}
