import CVips
import Foundation

/// Dateline's image pipeline on libvips: sniffs and checks an uploaded original, then makes
/// renditions from it — upright, sRGB, stripped of every piece of metadata, never wider than the
/// original — in WebP, AVIF and JPEG at the widths of a fixed ladder.
///
/// Every call is synchronous and CPU-bound (a rendition of a phone photo takes tens to hundreds
/// of milliseconds): run it off the event loop, with as many at once as there are cores. Calls
/// may run on any threads at the same time. All errors thrown are ``ImageError``.
public struct ImagePipeline: Sendable {
    /// The largest upload accepted: 25 MB, 25 × 1024 × 1024 bytes (one byte more is refused).
    public static let maxUploadBytes = 25 * 1024 * 1024

    /// The widths renditions are made at, narrowest first.
    public static let ladder = [320, 480, 640, 960, 1280, 1600, 2048]

    /// The widths to make for an original `width` pixels wide (upright): every ladder width
    /// narrower than it, then the original width itself capped at the ladder's widest. Never
    /// empty for a positive width, and never wider than the original.
    public static func ladder(forOriginalWidth width: Int) -> [Int] {
        guard width > 0 else { return [] }
        let widest = min(width, ladder[ladder.count - 1])
        return ladder.filter { $0 < widest } + [widest]
    }

    public var limits: ImageLimits

    public init(limits: ImageLimits = .standard) {
        self.limits = limits
    }

    /// Checks size and format from the bytes alone, without libvips.
    public func sniff(_ data: Data) throws -> ImageFormat {
        if data.isEmpty { throw ImageError.empty }
        if data.count > limits.maxBytes { throw ImageError.tooLarge(bytes: data.count, limit: limits.maxBytes) }
        switch ImageFormat.sniff(data) {
        case .accepted(let format): return format
        case .refused("SVG"): throw ImageError.svg
        case .refused(let name): throw ImageError.notAPicture(detected: name)
        case .unknown: throw ImageError.notAPicture(detected: nil)
        }
    }

    /// Reads the header only (no pixels are decoded) and checks the limits: size, format,
    /// dimensions, pixel count (width × height × frames) and frame count. Cheap enough to call on
    /// every upload before anything else is done with it.
    public func probe(_ data: Data) throws -> ImageInfo {
        let format = try sniff(data)
        try Vips.start()
        return try data.withUnsafeBytes { raw in
            let image = try open(raw, format)
            defer { dl_vips_unref(image) }
            return try check(image, format)
        }
    }

    /// ``probe(_:)`` and then a full decode of the (first) frame, streamed through without
    /// keeping the pixels: finds a file that is cut short or damaged after its header. What an
    /// upload should call before storing anything.
    public func validate(_ data: Data) throws -> ImageInfo {
        let format = try sniff(data)
        try Vips.start()
        return try data.withUnsafeBytes { raw in
            let image = try open(raw, format)
            defer { dl_vips_unref(image) }
            let info = try check(image, format)
            if dl_vips_decode_all(image) != 0 { throw Vips.readError(format, Vips.takeError()) }
            return info
        }
    }

    /// Makes one rendition of `data`: see ``OriginalImage/rendition(width:format:)``. Probes first.
    public func rendition(of data: Data, width: Int, format: RenditionFormat) throws -> Rendition {
        try OriginalImage(data, pipeline: self).rendition(width: width, format: format)
    }

    private func open(_ raw: UnsafeRawBufferPointer, _ format: ImageFormat) throws -> UnsafeMutablePointer<VipsImage> {
        var image: UnsafeMutablePointer<VipsImage>?
        if dl_vips_header(Vips.loader(for: format), raw.baseAddress, raw.count, &image) != 0 || image == nil {
            throw Vips.readError(format, Vips.takeError())
        }
        return image!
    }

    private func check(_ image: UnsafeMutablePointer<VipsImage>, _ format: ImageFormat) throws -> ImageInfo {
        var width = Int(vips_image_get_width(image))
        var height = Int(vips_image_get_height(image))
        if width <= 0 || height <= 0 { throw ImageError.noPixels }
        // Animated GIF and WebP count every frame; a HEIF file's other images (thumbnails, depth
        // maps) are never decoded, so only its primary image counts.
        let frames = format == .gif || format == .webp ? max(1, Int(dl_vips_n_pages(image))) : 1
        if frames > limits.maxFrames { throw ImageError.tooManyFrames(frames: frames, limit: limits.maxFrames) }
        let (area, overflow) = width.multipliedReportingOverflow(by: height)
        let (pixels, overflow2) = area.multipliedReportingOverflow(by: frames)
        if overflow || overflow2 || pixels > limits.maxPixels {
            throw ImageError.tooManyPixels(pixels: overflow || overflow2 ? Int.max : pixels, limit: limits.maxPixels)
        }
        if vips_image_get_orientation_swap(image) != 0 { swap(&width, &height) }
        return ImageInfo(
            format: format, width: width, height: height, frameCount: frames,
            hasAlpha: vips_image_hasalpha(image) != 0)
    }
}

/// An original that passed ``ImagePipeline/probe(_:)``, ready to make renditions from.
public struct OriginalImage: Sendable {
    public let data: Data
    public let info: ImageInfo
    public let pipeline: ImagePipeline

    /// Probes `data` (header only) and keeps it.
    public init(_ data: Data, pipeline: ImagePipeline = ImagePipeline()) throws {
        self.data = data
        self.info = try pipeline.probe(data)
        self.pipeline = pipeline
    }

    /// The ladder widths that apply to this original.
    public var ladder: [Int] { ImagePipeline.ladder(forOriginalWidth: info.width) }

    /// Quality settings per format: chosen so the three come out at a similar look.
    static func quality(_ format: RenditionFormat) -> (quality: Int32, effort: Int32) {
        switch format {
        case .jpeg: (80, 0)
        case .webp: (75, 4)
        case .avif: (50, 2)
        }
    }

    /// A rendition at most `width` pixels wide (any width from 1 to the ladder's widest; the
    /// ladder's widths are the ones to serve). Upright by the EXIF orientation, converted to sRGB,
    /// first frame only for an animation, never wider than the original, transparency put on
    /// white for JPEG, and no metadata at all in the bytes. The returned size is the upright one.
    public func rendition(width: Int, format: RenditionFormat) throws -> Rendition {
        guard width >= 1, width <= ImagePipeline.ladder[ImagePipeline.ladder.count - 1] else {
            throw ImageError.widthOutOfRange(width)
        }
        try Vips.start()
        let sourceFormat = info.format
        let hasAlpha = info.hasAlpha
        return try data.withUnsafeBytes { raw in
            // The thumbnail reads from `raw` lazily, so everything happens inside this closure.
            var thumbnail: UnsafeMutablePointer<VipsImage>?
            if dl_vips_thumbnail(raw.baseAddress, raw.count, &thumbnail, Int32(width)) != 0 || thumbnail == nil {
                throw Vips.readError(sourceFormat, Vips.takeError())
            }
            var image = thumbnail!
            defer { dl_vips_unref(image) }
            if format == .jpeg && hasAlpha {
                var flat: UnsafeMutablePointer<VipsImage>?
                if dl_vips_flatten_white(image, &flat) != 0 || flat == nil {
                    throw ImageError.processingFailed(Vips.takeError())
                }
                dl_vips_unref(image)
                image = flat!
            }
            var bare: UnsafeMutablePointer<VipsImage>?
            if dl_vips_without_metadata(image, &bare) != 0 || bare == nil {
                throw ImageError.processingFailed(Vips.takeError())
            }
            dl_vips_unref(image)
            image = bare!
            let (quality, effort) = Self.quality(format)
            var buffer: UnsafeMutableRawPointer?
            var length = 0
            let status: Int32
            switch format {
            case .jpeg: status = dl_vips_save_jpeg(image, &buffer, &length, quality)
            case .webp: status = dl_vips_save_webp(image, &buffer, &length, quality, effort)
            case .avif: status = dl_vips_save_avif(image, &buffer, &length, quality, effort)
            }
            // Decoding happens during the save, so a file damaged past its header fails here.
            if status != 0 {
                let detail = Vips.takeError()
                dl_vips_free(buffer)
                throw Vips.readError(sourceFormat, detail)
            }
            var bytes = Vips.takeBuffer(buffer, length)
            if format == .webp { bytes = try WebPMetadata.strip(bytes) }
            return Rendition(
                bytes: bytes, format: format, width: Int(vips_image_get_width(image)),
                height: Int(vips_image_get_height(image)))
        }
    }
}
