import DatelineCore
import DatelineFetch
import DatelineIngest
import DatelineMedia
import DatelineStore
import Foundation

/// A page's lead image brought into the media library, for `dateline import --images` and the
/// newsroom's "Upload a page" (when the uploader asks for it): fetched through the same
/// SSRF-guarded fetcher as `import --url` (public addresses only unless private ones are allowed,
/// every address checked after DNS and on every redirect, time, size and redirect limits),
/// checked through the image pipeline as an upload is checked, and added with the alt text,
/// credit and caption the page gave (a missing credit stays empty, so an editor must supply one
/// before publishing).
public struct LeadImageImporter: Sendable {
    /// The content types taken as a picture; the bytes decide in the end.
    static let acceptedTypes: Set<String> = [
        "image/jpeg", "image/png", "image/webp", "image/avif", "image/gif", "image/heic", "image/heif",
        "application/octet-stream",
    ]

    let fetcher: PageFetcher
    let pipeline: ImagePipeline
    let store: any MediaStore

    /// `privateAddressAdvice` tells the reader of a refused private address how to allow it.
    public init(
        allowPrivate: Bool, store: any MediaStore, pipeline: ImagePipeline = ImagePipeline(),
        privateAddressAdvice: String? = nil
    ) {
        var policy = FetchPolicy(
            allowPrivate: allowPrivate, maximumBytes: pipeline.limits.maxBytes, acceptedContentTypes: Self.acceptedTypes
        )
        if let privateAddressAdvice { policy.privateAddressAdvice = privateAddressAdvice }
        fetcher = PageFetcher(policy: policy)
        self.pipeline = pipeline
        self.store = store
    }

    /// Fetches, checks and stores `image`, recorded as uploaded by `uploader` when a person asked;
    /// the item (an existing one when the library holds the same bytes already), or a sentence
    /// saying why nothing was stored.
    public func importImage(_ image: LeadImage, uploadedBy uploader: Int64? = nil) async -> Result<
        MediaAddition, ImageImportFailure
    > {
        guard let url = URL(string: image.url) else { return .failure(.init("its address '\(image.url)' is unusable")) }
        let bytes: Data
        do {
            bytes = try await fetcher.fetch(url).bytes
        } catch {
            return .failure(.init(error.description))
        }
        let info: ImageInfo
        do {
            // A full decode: off the calling thread, as an upload's is.
            let pipeline = self.pipeline
            info = try await ImageWorkers.shared.run { try pipeline.validate(bytes) }
        } catch let error as ImageError {
            return .failure(.init("\(image.url): \(error.description)"))
        } catch {
            return .failure(.init("\(image.url): \(error)"))
        }
        let name = url.lastPathComponent.isEmpty || url.lastPathComponent == "/" ? "lead-image" : url.lastPathComponent
        let details = MediaDetails(altText: image.alt, credit: image.credit, caption: image.caption)
        do {
            return .success(
                try await store.addMedia(
                    NewMedia(
                        image: MediaImage(
                            bytes: bytes, fileName: name, format: info.format.rawValue, width: info.width,
                            height: info.height),
                        details: Self.fitting(details), uploadedBy: uploader, time: Date())))
        } catch {
            return .failure(.init("\(image.url): \(error)"))
        }
    }

    /// The page's words cut to the library's limits (a page's caption may run long), so a long
    /// caption does not cost the picture.
    static func fitting(_ details: MediaDetails) -> MediaDetails {
        func cut(_ text: String?, _ limit: Int) -> String? {
            // Control characters (a page's stray line breaks and tabs among them) become spaces.
            guard let text else { return nil }
            let scalars = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) }
            let clean = String(scalars).collapsingWhitespace()
            return clean.count > limit ? String(clean.prefix(limit - 1)) + "…" : clean
        }
        return MediaDetails(
            altText: cut(details.altText, MediaRules.altTextLimit), credit: cut(details.credit, MediaRules.creditLimit),
            caption: cut(details.caption, MediaRules.captionLimit))
    }
}

/// Why a lead image was not stored.
public struct ImageImportFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
