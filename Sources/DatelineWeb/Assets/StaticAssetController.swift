import Foundation
import Hummingbird

/// Serves the bundled assets under `/static/`. A request carrying the current version
/// (`?v=digest`) may be cached for a year; any other gets a short lifetime, so a stale link
/// never pins an old file.
struct StaticAssetController: Sendable {
    let assets: StaticAssets

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get("/static/**", use: serve)
        router.refuseWrites(at: "/static/**")
        router.get(RouterPath(stringLiteral: SitePaths.offlineWorker), use: serveWorker)
        router.refuseWrites(at: RouterPath(stringLiteral: SitePaths.offlineWorker))
    }

    /// The offline worker (Static/sw.js) at the site's root, the only place from which it may
    /// answer for every page. Browsers check it for updates on their own; `no-cache` makes them
    /// ask every time, and the ETag keeps that cheap.
    @Sendable func serveWorker(request: Request, context: ReaderRequestContext) async throws -> Response {
        guard let asset = assets.asset(at: "sw.js") else {
            throw ReaderError.notFound("There is no file at this address.")
        }
        let tag = "\"\(asset.digest)\""
        var headers = HTTPFields()
        headers[.eTag] = tag
        headers[.cacheControl] = "no-cache"
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.body))
    }

    @Sendable func serve(request: Request, context: ReaderRequestContext) async throws -> Response {
        let path = context.parameters.getCatchAll().joined(separator: "/")
        guard let asset = assets.asset(at: path) else {
            throw ReaderError.notFound("There is no file at this address.")
        }
        let query = try request.queryFields()
        let isVersioned = (try? query.single("v")) == asset.digest
        let tag = "\"\(asset.digest)\""
        var headers = HTTPFields()
        headers[.eTag] = tag
        headers[.cacheControl] = isVersioned ? "public, max-age=31536000, immutable" : "public, max-age=300"
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.body))
    }
}
