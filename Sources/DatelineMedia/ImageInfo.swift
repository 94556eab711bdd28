/// What the media library stores about an original, from its header.
public struct ImageInfo: Sendable, Equatable, Hashable, Codable {
    /// The format sniffed from the bytes.
    public var format: ImageFormat
    /// Width and height as the picture is shown: after turning it upright by its EXIF orientation.
    public var width: Int
    public var height: Int
    /// Frames in an animated GIF or WebP; 1 for a still picture (and for HEIC, whose primary
    /// image is what Dateline uses).
    public var frameCount: Int
    /// Whether the picture has an alpha channel (transparency).
    public var hasAlpha: Bool

    public init(format: ImageFormat, width: Int, height: Int, frameCount: Int, hasAlpha: Bool) {
        self.format = format
        self.width = width
        self.height = height
        self.frameCount = frameCount
        self.hasAlpha = hasAlpha
    }
}

/// One encoded rendition, ready to store or serve.
public struct Rendition: Sendable, Equatable {
    /// The encoded bytes: no metadata at all (no EXIF, XMP, IPTC or ICC profile), sRGB pixels.
    public var bytes: [UInt8]
    public var format: RenditionFormat
    /// The rendition's upright size, for the `width` and `height` attributes.
    public var width: Int
    public var height: Int

    public init(bytes: [UInt8], format: RenditionFormat, width: Int, height: Int) {
        self.bytes = bytes
        self.format = format
        self.width = width
        self.height = height
    }
}

/// The limits an original must meet. `standard` is what uploads get.
public struct ImageLimits: Sendable, Equatable {
    /// Largest accepted file, in bytes.
    public var maxBytes: Int
    /// Most pixels, width × height × frames.
    public var maxPixels: Int
    /// Most frames in an animation.
    public var maxFrames: Int

    public init(maxBytes: Int, maxPixels: Int, maxFrames: Int) {
        self.maxBytes = maxBytes
        self.maxPixels = maxPixels
        self.maxFrames = maxFrames
    }

    /// 25 MB (25 × 1024 × 1024 bytes), 50 megapixels, 300 frames.
    public static let standard = ImageLimits(
        maxBytes: ImagePipeline.maxUploadBytes, maxPixels: 50_000_000, maxFrames: 300)
}
