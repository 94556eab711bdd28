import Foundation

/// Why a picture was refused or could not be processed. `description` is a sentence a person can
/// act on, to show next to the upload field or in an API error.
public enum ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is empty.
    case empty
    /// The file is bigger than the upload limit.
    case tooLarge(bytes: Int, limit: Int)
    /// The bytes are not one of the accepted formats; `detected` names what they look like, if known.
    case notAPicture(detected: String?)
    /// An SVG drawing: refused because it can carry scripts.
    case svg
    /// More pixels (width × height × frames) than the limit.
    case tooManyPixels(pixels: Int, limit: Int)
    /// An animation with more frames than the limit.
    case tooManyFrames(frames: Int, limit: Int)
    /// The header gives a width or height of zero.
    case noPixels
    /// The file is cut short or damaged; `detail` is what the decoder said.
    case damaged(format: ImageFormat, detail: String)
    /// This server's libheif cannot decode the picture's codec (HEVC for HEIC, AV1 for AVIF).
    case codecUnavailable(format: ImageFormat, detail: String)
    /// A rendition width outside the ladder's range.
    case widthOutOfRange(Int)
    /// libvips itself failed (not the file's fault as far as Dateline can tell).
    case processingFailed(String)

    public var description: String {
        switch self {
        case .empty:
            return "The file is empty. Choose the picture again and upload it."
        case .tooLarge(let bytes, let limit):
            return
                "The file is \(Self.size(bytes)) (\(bytes) bytes); the limit is \(Self.size(limit)) (\(limit) bytes). "
                + "Save the picture smaller or at a lower quality and upload it again."
        case .notAPicture(let detected):
            let what = detected.map { "it is a \($0) file" } ?? "its content is not a picture format Dateline knows"
            return "This file is not a picture Dateline can use: \(what), whatever its name says. "
                + "Upload a JPEG, PNG, WebP, AVIF, GIF or HEIC picture."
        case .svg:
            return "This file is not a picture Dateline can use: it is an SVG drawing, and SVG can carry "
                + "scripts. Export it as PNG (or JPEG) and upload that."
        case .tooManyPixels(let pixels, let limit):
            return "The picture is \(Self.megapixels(pixels)) megapixels; the limit is \(Self.megapixels(limit)). "
                + "Make it smaller (for example 8000 pixels on the long side) and upload it again."
        case .tooManyFrames(let frames, let limit):
            return "The animation has \(frames) frames; the limit is \(limit). "
                + "Shorten it, or upload a still picture or a video instead."
        case .noPixels:
            return "This file is not a picture Dateline can use: its header gives it no width or height."
        case .damaged(let format, let detail):
            return "This \(format.displayName) file is damaged or cut short, so Dateline cannot use it "
                + "(\(detail)). Upload the original file again."
        case .codecUnavailable(let format, let detail):
            return "\(format.displayName) pictures are not supported on this server: its image library "
                + "cannot decode them (\(detail)). Save the picture as JPEG and upload that."
        case .widthOutOfRange(let width):
            return "A rendition \(width) pixels wide is not one Dateline makes: the widths run from 1 to "
                + "\(ImagePipeline.ladder.last ?? 0)."
        case .processingFailed(let detail):
            return "Dateline could not process this picture (\(detail)). Try again; if it fails again, "
                + "save it as JPEG and upload that."
        }
    }

    static func size(_ bytes: Int) -> String {
        let megabytes = Double(bytes) / Double(1024 * 1024)
        if bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MB" }
        return String(format: "%.2f MB", megabytes)
    }

    static func megapixels(_ pixels: Int) -> String {
        if pixels % 1_000_000 == 0 { return "\(pixels / 1_000_000)" }
        let value = Double(pixels) / 1_000_000
        if value >= 100 { return String(format: "%.0f", value) }
        // Just over a round limit, one decimal would read as the limit itself ("50.0").
        let short = String(format: "%.1f", value)
        return Double(short) == value.rounded(.down) ? String(format: "%.3f", value) : short
    }
}
