import DatelineCore
import DatelineMedia
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird

/// The admin API's media library: `/api/v1/admin/media`. Uploads take the newsroom's own path
/// (``MediaUpload`` and ``MediaDesk/checkedImage(_:)``), so both accept and refuse the same
/// files; the rights are the newsroom's too: everyone on the desk uploads and lists, writers
/// change what they uploaded, editors anything, and only editors delete (forcing a delete of a
/// picture published stories use).
struct AdminMediaAPIController: Sendable {
    let desk: NewsroomDesk
    let media: MediaDesk

    /// The multipart part that carries the picture.
    static let fileField = "file"
    /// The text parts beside it.
    static let detailFields: Set<String> = ["alt", "credit", "caption"]

    func addRoutes(to routes: APIRouteRegistrar) {
        routes.add(.get, "media", use: list)
        routes.add(.post, "media", use: upload)
        routes.add(.get, "media/{id}", use: show)
        routes.add(.patch, "media/{id}", use: patch)
        routes.add(.put, "media/{id}", use: put)
        routes.add(.delete, "media/{id}", use: delete)
        routes.add(.put, "media/{id}/file", use: replaceFile)
    }

    // MARK: Reading

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        let fields = try context.query(of: request)
        let paging = try APIPaging(fields)
        let text = try APIQuery.single("q", in: fields)
        if let text, text.count > 200 || text.firstControlCharacter() != nil {
            throw APIError(
                status: .badRequest, code: "bad_query",
                message: "“q” must be at most 200 characters of text, without control characters.",
                fields: ["q": "at most 200 characters, no control characters"])
        }
        let items = try await media.store.mediaItems(
            MediaQuery(text: text, limit: paging.perPage + 1, offset: paging.offset))
        let origin = desk.site.origin(for: request)
        let envelope = paging.envelope(
            items: items.prefix(paging.perPage).map { APIMediaJSON.item($0, origin: origin) }, key: "media",
            total: nil, hasNext: items.count > paging.perPage, request: request, origin: origin)
        return noStore(.json(envelope))
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        let item = try await item(context)
        return itemResponse(item, request: request)
    }

    // MARK: Writing

    @Sendable func upload(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let form = try await readForm(request, allowing: Self.detailFields)
        let details = MediaDetails(
            altText: form.part("alt")?.text, credit: form.part("credit")?.text, caption: form.part("caption")?.text)
        // The details are checked before the picture is decoded: a mistake in them is cheap to report.
        do {
            _ = try details.checked()
        } catch {
            throw APIMediaError.from(error)
        }
        let image = try await checkedImage(in: form)
        let added: MediaAddition
        do {
            added = try await media.store.addMedia(
                NewMedia(image: image, details: details, uploadedBy: account.user.id, time: desk.configuration.now()))
        } catch {
            throw APIMediaError.from(error)
        }
        // The same bytes again give the item already there, unchanged: 200, not 201.
        var response = itemResponse(added.item, request: request, status: added.created ? .created : .ok)
        response.headers[.location] = Self.path(added.item.id)
        return response
    }

    /// PATCH changes the details it names (null or "" clears one) and keeps the others.
    @Sendable func patch(request: Request, context: APIRequestContext) async throws -> Response {
        try await updateDetails(request: request, context: context, replacingAll: false)
    }

    /// PUT sets all three details: one left out is cleared.
    @Sendable func put(request: Request, context: APIRequestContext) async throws -> Response {
        try await updateDetails(request: request, context: context, replacingAll: true)
    }

    private func updateDetails(request: Request, context: APIRequestContext, replacingAll: Bool) async throws
        -> Response
    {
        let account = try context.requireAccount()
        let item = try await item(context)
        var request = request
        let object = try await request.apiJSONObject()
        var problems: [String: String] = [:]
        var details = replacingAll ? MediaDetails() : item.details
        for (key, value) in object {
            let text: String?
            switch value {
            case let string as String: text = string
            case is NSNull: text = nil
            default:
                problems[key] = Self.detailFields.contains(key) ? "a string or null" : "unknown field"
                continue
            }
            switch key {
            case "alt": details.altText = text
            case "credit": details.credit = text
            case "caption": details.caption = text
            default: problems[key] = "unknown field"
            }
        }
        guard problems.isEmpty else { throw APIError.invalidFields(problems) }
        try requireEditable(item, by: account.user)
        let updated: MediaItem?
        do {
            updated = try await media.store.updateMedia(id: item.id, details: details, at: desk.configuration.now())
        } catch {
            throw APIMediaError.from(error)
        }
        guard let updated else { throw APIMediaError.missing }
        return itemResponse(updated, request: request)
    }

    /// PUT …/file puts a new picture in place of the old: same id and details, a new version and
    /// new rendition addresses.
    @Sendable func replaceFile(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let item = try await item(context)
        try requireEditable(item, by: account.user)
        let form = try await readForm(request, allowing: [])
        let image = try await checkedImage(in: form)
        let replaced: MediaItem?
        do {
            replaced = try await media.store.replaceMedia(id: item.id, with: image, at: desk.configuration.now())
        } catch {
            throw APIMediaError.from(error)
        }
        guard let replaced else { throw APIMediaError.missing }
        return itemResponse(replaced, request: request)
    }

    /// DELETE refuses (409, naming the stories) while published stories use the picture, unless
    /// `force=true`; only editors and admins delete.
    @Sendable func delete(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try context.query(of: request)
        var force = false
        switch try APIQuery.single("force", in: fields) {
        case nil, "false": force = false
        case "true": force = true
        default:
            throw APIError(
                status: .badRequest, code: "bad_query", message: "“force” must be true or false.",
                fields: ["force": "true or false"])
        }
        let id = try mediaID(context)
        guard account.user.role >= .editor else { throw APIError.forbidden }
        switch try await media.store.deleteMedia(id: id, force: force) {
        case .deleted:
            return noStore(Response(status: .noContent))
        case .notFound:
            throw APIMediaError.missing
        case .inUse(let stories):
            var error = APIError(
                status: .conflict, code: "media_in_use",
                message: "Published stories use this image (\(stories.map { "story \($0)" }.joined(separator: ", "))); "
                    + "take it out of them first, or send ?force=true to delete it anyway. Nothing was deleted.")
            error.stories = stories
            throw error
        }
    }

    // MARK: Helpers

    static func path(_ id: Int64) -> String { "\(APIPaths.version1)/admin/media/\(id)" }

    /// The multipart body with a `file` part and, at most, the named text parts; any other part is
    /// refused (422), as an unknown JSON field is.
    private func readForm(_ request: Request, allowing names: Set<String>) async throws -> MultipartForm {
        let form: MultipartForm
        switch try await MediaUpload.read(request) {
        case .form(let read): form = read
        case .tooLarge:
            throw APIError(
                status: .contentTooLarge, code: "file_too_large", message: MediaUpload.tooLargeMessage,
                fields: [Self.fileField: "larger than \(ImagePipeline.maxUploadBytes) bytes"])
        case .notMultipart:
            throw APIError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                message: "Send the picture as multipart/form-data, the file in a part named “file”.")
        case .malformed(let problem):
            throw APIError.badRequest(
                "The multipart body could not be read: \(problem). Nothing was stored.", code: "malformed_multipart")
        }
        var problems: [String: String] = [:]
        var seen = Set<String>()
        for part in form.parts {
            if part.name != Self.fileField && !names.contains(part.name) {
                problems[part.name] = "unknown field"
            } else if !seen.insert(part.name).inserted {
                problems[part.name] = "given twice"
            } else if part.name != Self.fileField && part.fileName != nil {
                problems[part.name] = "a text field, not a file"
            }
        }
        if form.part(Self.fileField) == nil { problems[Self.fileField] = "required: the picture" }
        guard problems.isEmpty else { throw APIError.invalidFields(problems) }
        return form
    }

    /// The `file` part through the pipeline; its refusals as JSON errors.
    private func checkedImage(in form: MultipartForm) async throws -> MediaImage {
        guard let file = form.part(Self.fileField) else {
            throw APIError.invalidFields([Self.fileField: "required: the picture"])
        }
        do {
            return try await media.checkedImage(file)
        } catch let error as ImageError {
            throw APIMediaError.from(error)
        }
    }

    private func mediaID(_ context: APIRequestContext) throws(APIError) -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else { throw APIMediaError.missing }
        return id
    }

    private func item(_ context: APIRequestContext) async throws -> MediaItem {
        guard let item = try await media.store.media(id: try mediaID(context)) else { throw APIMediaError.missing }
        return item
    }

    private func requireEditable(_ item: MediaItem, by user: User) throws(APIError) {
        guard MediaLibraryController.canEdit(item, by: user) else { throw APIError.forbidden }
    }

    private func itemResponse(_ item: MediaItem, request: Request, status: HTTPResponse.Status = .ok) -> Response {
        noStore(.json(APIMediaJSON.item(item, origin: desk.site.origin(for: request)), status: status))
    }

    private func noStore(_ response: Response) -> Response {
        var response = response
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

/// The media library's refusals as API errors.
enum APIMediaError {
    static let missing = APIError.notFound("There is no such image in the media library: it may have been deleted.")

    /// A picture the pipeline refused: 413 over the size limit, 415 for what is not a picture
    /// Dateline takes (whatever its name or content type said, SVG included), 422 for a damaged or
    /// over-limit picture.
    static func from(_ error: ImageError) -> APIError {
        let status: HTTPResponse.Status
        let code: String
        switch error {
        case .tooLarge: (status, code) = (.contentTooLarge, "file_too_large")
        case .svg: (status, code) = (.unsupportedMediaType, "svg_refused")
        case .notAPicture: (status, code) = (.unsupportedMediaType, "not_a_picture")
        case .codecUnavailable: (status, code) = (.unsupportedMediaType, "codec_unavailable")
        case .tooManyPixels: (status, code) = (.unprocessableContent, "too_many_pixels")
        case .tooManyFrames: (status, code) = (.unprocessableContent, "too_many_frames")
        case .empty: (status, code) = (.unprocessableContent, "empty_file")
        case .noPixels, .damaged: (status, code) = (.unprocessableContent, "damaged_picture")
        case .widthOutOfRange, .processingFailed: (status, code) = (.unprocessableContent, "unprocessable_picture")
        }
        return APIError(
            status: status, code: code, message: error.description + " Nothing was stored.",
            fields: [AdminMediaAPIController.fileField: error.description])
    }

    /// A store refusal: a detail too long or with control characters (422, per field), or the
    /// same bytes already kept as another item (409).
    static func from(_ error: StoreError) -> any Error {
        guard case .invalid(let invalid) = error else { return error }
        var fields: [String: String] = [:]
        for problem in invalid.problems where fields[problem.field] == nil { fields[problem.field] = problem.message }
        let message = invalid.problems.map(\.message).joined(separator: "; ")
        if fields.keys.contains("file") {
            return APIError(
                status: .conflict, code: "duplicate_image", message: "Not stored: \(message).", fields: fields)
        }
        return APIError(
            status: .unprocessableContent, code: "validation_failed",
            message: "The image's details are not valid: \(message). Nothing was stored.", fields: fields)
    }
}

/// The JSON of a media item.
enum APIMediaJSON {
    static func item(_ item: MediaItem, origin: String) -> [String: Any] {
        let widths = ImagePipeline.ladder(forOriginalWidth: item.width)
        let renditions: [[String: Any]] = RenditionFormat.allCases.flatMap { format in
            widths.map { width -> [String: Any] in
                [
                    "url": origin + MediaAddress(item: item, width: width, format: format).path,
                    "width": width, "format": format.fileExtension, "type": format.mimeType,
                ]
            }
        }
        var uploader: Any = NSNull()
        if let id = item.uploadedBy {
            uploader = ["id": id, "name": APIStoryJSON.nullable(item.uploadedByName)] as [String: Any]
        }
        return [
            "id": item.id,
            "version": item.version,
            "sha256": item.digest,
            "file_name": item.fileName,
            "format": item.format,
            "width": item.width,
            "height": item.height,
            "byte_count": item.byteCount,
            "alt": APIStoryJSON.nullable(item.details.altText),
            "credit": APIStoryJSON.nullable(item.details.credit),
            "caption": APIStoryJSON.nullable(item.details.caption),
            "ready_to_publish": item.isReadyToPublish,
            "missing_for_publication": item.missingForPublication,
            "uploaded_by": uploader,
            "created_at": APIStoryJSON.date(item.createdAt),
            "updated_at": APIStoryJSON.date(item.updatedAt),
            "renditions": renditions,
        ]
    }
}
