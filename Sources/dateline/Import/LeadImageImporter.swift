import DatelineCore
import DatelineIngest
import DatelineMedia
import DatelineStore
import Foundation

/// `dateline import --images`: fetches a page's lead image through the same SSRF-guarded fetcher
/// as `--url` (public addresses only unless `--allow-private`, every address checked after DNS and
/// on every redirect, time, size and redirect limits), checks it through the image pipeline as an
/// upload is checked, and adds it to the media library with the alt text, credit and caption the
/// page gave (a missing credit stays empty, so an editor must supply one before publishing).
struct LeadImageImporter {
    /// The content types taken as a picture; the bytes decide in the end.
    static let acceptedTypes: Set<String> = [
        "image/jpeg", "image/png", "image/webp", "image/avif", "image/gif", "image/heic", "image/heif",
        "application/octet-stream",
    ]

    let fetcher: PageFetcher
    let pipeline: ImagePipeline
    let store: any MediaStore

    init(allowPrivate: Bool, store: any MediaStore, pipeline: ImagePipeline = ImagePipeline()) {
        fetcher = PageFetcher(
            policy: FetchPolicy(
                allowPrivate: allowPrivate, maximumBytes: pipeline.limits.maxBytes,
                acceptedContentTypes: Self.acceptedTypes))
        self.pipeline = pipeline
        self.store = store
    }

    /// Fetches, checks and stores `image`; the item (an existing one when the library holds the
    /// same bytes already), or a sentence saying why nothing was stored.
    func importImage(_ image: LeadImage) async -> Result<MediaAddition, ImageImportFailure> {
        guard let url = URL(string: image.url) else { return .failure(.init("its address '\(image.url)' is unusable")) }
        let bytes: Data
        do {
            bytes = try await fetcher.fetch(url).bytes
        } catch {
            return .failure(.init(error.description))
        }
        let info: ImageInfo
        do {
            info = try pipeline.validate(bytes)
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
                        details: Self.fitting(details), uploadedBy: nil, time: Date())))
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
struct ImageImportFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
