import DatelineMedia
import DatelineStore
import Foundation
import Hummingbird

/// `GET /media/{id}-{key}-{width}.{avif|webp|jpg}`: one rendition of a media item, made on first
/// request and cached on this server's disk. The bytes at an address never change, so answers
/// may be kept for a year; an address of a replaced image, or a width off the image's ladder, is 404.
struct MediaRenditionController: Sendable {
    let media: MediaDesk

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get("/media/{file}", use: serve)
        router.refuseWrites(at: "/media/{file}")
    }

    @Sendable func serve(request: Request, context: ReaderRequestContext) async throws -> Response {
        guard let name = context.parameters.get("file"), let address = MediaAddress(fileName: name),
            let item = try await media.store.media(id: address.id), address.names(item)
        else { throw Self.gone }
        var headers = HTTPFields()
        headers[.eTag] = address.entityTag
        headers[.cacheControl] = "public, max-age=31536000, immutable"
        headers[.xContentTypeOptions] = "nosniff"
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == address.entityTag }
            )
        {
            return Response(status: .notModified, headers: headers)
        }
        guard let bytes = try await media.rendition(at: address, of: item) else { throw Self.gone }
        headers[.contentType] = address.format.mimeType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private static let gone = ReaderError.notFound(
        "There is no image at this address: it may have been replaced or deleted.")
}
