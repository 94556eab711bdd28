import DatelineMedia
import DatelineStore
import Foundation
import Logging

/// The media library's shared parts for the web: the store, the pipeline, the threads it runs
/// on and this server's rendition cache.
struct MediaDesk: Sendable {
    let store: any MediaStore
    let pipeline: ImagePipeline
    let workers: ImageWorkers
    let cache: RenditionCache

    init(
        store: any MediaStore, configuration: MediaConfiguration, pipeline: ImagePipeline = ImagePipeline(),
        workers: ImageWorkers = .shared
    ) {
        self.store = store
        self.pipeline = pipeline
        self.workers = workers
        cache = RenditionCache(folder: configuration.folder, byteLimit: configuration.renditionCacheBytes)
    }

    /// Checks an upload off the event loop: ``ImagePipeline/validate(_:)`` (size, format, limits,
    /// a full decode). Throws `ImageError`.
    func validate(_ bytes: Data) async throws -> ImageInfo {
        let pipeline = self.pipeline
        return try await workers.run { try pipeline.validate(bytes) }
    }

    /// The bytes at `address` for `item` (which the address names), or nil when the image was
    /// replaced or deleted meanwhile. Made once through the pipeline off the event loop, then from disk.
    func rendition(at address: MediaAddress, of item: MediaItem) async throws -> Data? {
        guard address.names(item) else { return nil }
        let store = self.store
        let pipeline = self.pipeline
        let workers = self.workers
        let digest = item.digest
        do {
            return try await cache.rendition(named: address.cacheName) {
                // The image may have been replaced since: never keep new bytes under an old key.
                guard let original = try await store.mediaOriginal(id: address.id), original.digest == digest else {
                    throw RenditionGone()
                }
                let made = try await workers.run {
                    try pipeline.rendition(of: original.bytes, width: address.width, format: address.format)
                }
                return Data(made.bytes)
            }
        } catch is RenditionGone {
            return nil
        }
    }

    private struct RenditionGone: Error {}
}

/// The media desk when the store keeps media; nil otherwise.
func makeMediaDesk(site: ReaderSite) -> MediaDesk? {
    guard let store = site.store as? any MediaStore else { return nil }
    return MediaDesk(store: store, configuration: site.configuration.media)
}
