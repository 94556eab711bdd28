import DatelineCore
import DatelineMedia
import DatelineStore
import Foundation
import Hummingbird

/// `/newsroom/media`: the media library. Everyone on the desk uploads and searches; writers edit
/// and replace what they uploaded, editors everything; only editors delete, after a confirmation.
struct MediaLibraryController: Sendable {
    let desk: NewsroomDesk
    let media: MediaDesk

    /// Items on one page of the grid.
    static let pageSize = 48
    static let fileField = "image"
    /// What the file picker offers; the bytes decide in the end.
    static let accept = "image/jpeg,image/png,image/webp,image/avif,image/gif,image/heic,image/heif,.heic,.heif"

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("media", use: list)
        router.post("media", use: upload)
        router.get("media/{id}", use: show)
        router.post("media/{id}", use: update)
        router.post("media/{id}/replace", use: replace)
        router.post("media/{id}/delete", use: delete)
    }

    // MARK: Library

    @Sendable func list(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let search = (try context.query.single("q") ?? "").trimmingWhitespace()
        let page = max(1, Int(try context.query.single("page") ?? "") ?? 1)
        var notice: String?
        if try context.query.single("deleted") != nil { notice = "The image was deleted." }
        return try await respondLibrary(
            account: account, search: search, page: page, form: MediaUploadForm(), notice: notice)
    }

    @Sendable func upload(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let form: MultipartForm
        switch try await readMultipart(request) {
        case .form(let read): form = read
        case .tooLarge:
            return try await respondLibrary(
                account: account, form: MediaUploadForm(fileError: Self.tooLargeMessage), status: .contentTooLarge)
        }
        guard account.token.acceptsFormToken(form.part("csrf_token")?.text) else { throw NewsroomError.formExpired }
        var entered = MediaUploadForm(
            alt: form.part("alt")?.text ?? "", credit: form.part("credit")?.text ?? "",
            caption: form.part("caption")?.text ?? "")
        guard let file = form.part(Self.fileField), !file.body.isEmpty else {
            entered.fileError = "Choose a picture to upload."
            return try await respondLibrary(account: account, form: entered, status: .unprocessableContent)
        }
        let image: MediaImage
        do {
            image = try await checkedImage(file)
        } catch let error as ImageError {
            entered.fileError = error.description
            return try await respondLibrary(account: account, form: entered, status: .unprocessableContent)
        }
        let added: MediaAddition
        do {
            added = try await media.store.addMedia(
                NewMedia(
                    image: image, details: entered.details, uploadedBy: account.user.id, time: desk.configuration.now())
            )
        } catch {
            guard case .invalid(let invalid) = error else { throw error }
            entered.apply(invalid)
            return try await respondLibrary(account: account, form: entered, status: .unprocessableContent)
        }
        let done = added.created ? "uploaded" : "duplicate"
        return .seeOtherPath(NewsroomPaths.media(added.item.id) + "?done=\(done)")
    }

    // MARK: One item

    @Sendable func show(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let item = try await item(context)
        let notice: String? =
            switch try context.query.single("done") {
            case "uploaded": "Uploaded."
            case "duplicate": "This picture was in the library already; here it is."
            case "saved": "Saved."
            case "replaced": "Replaced: the picture has new addresses, and pages show the new one."
            default: nil
            }
        return try respondItem(account: account, item: item, notice: notice)
    }

    @Sendable func update(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let item = try await item(context)
        try requireEditable(item, by: account)
        var request = request
        let fields = try await request.formFields(limit: NewsroomRequestContext.formLimit)
        guard account.token.acceptsFormToken(try fields.single("csrf_token")) else { throw NewsroomError.formExpired }
        var entered = MediaUploadForm(
            alt: try fields.single("alt") ?? "", credit: try fields.single("credit") ?? "",
            caption: try fields.single("caption") ?? "")
        let updated: MediaItem?
        do {
            updated = try await media.store.updateMedia(
                id: item.id, details: entered.details, at: desk.configuration.now())
        } catch {
            guard case .invalid(let invalid) = error else { throw error }
            entered.apply(invalid)
            return try respondItem(account: account, item: item, form: entered, status: .unprocessableContent)
        }
        guard updated != nil else { throw NewsroomError.notFound(Self.missing) }
        return .seeOtherPath(NewsroomPaths.media(item.id) + "?done=saved")
    }

    @Sendable func replace(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let item = try await item(context)
        try requireEditable(item, by: account)
        let form: MultipartForm
        switch try await readMultipart(request) {
        case .form(let read): form = read
        case .tooLarge:
            return try respondItem(
                account: account, item: item, replaceError: Self.tooLargeMessage, status: .contentTooLarge)
        }
        guard account.token.acceptsFormToken(form.part("csrf_token")?.text) else { throw NewsroomError.formExpired }
        guard let file = form.part(Self.fileField), !file.body.isEmpty else {
            return try respondItem(
                account: account, item: item, replaceError: "Choose the new picture.", status: .unprocessableContent)
        }
        let image: MediaImage
        do {
            image = try await checkedImage(file)
        } catch let error as ImageError {
            return try respondItem(
                account: account, item: item, replaceError: error.description, status: .unprocessableContent)
        }
        let replaced: MediaItem?
        do {
            replaced = try await media.store.replaceMedia(id: item.id, with: image, at: desk.configuration.now())
        } catch {
            guard case .invalid(let invalid) = error else { throw error }
            let message = invalid.problems.map(\.message).joined(separator: "; ")
            return try respondItem(
                account: account, item: item, replaceError: "Not replaced: \(message).", status: .unprocessableContent)
        }
        guard replaced != nil else { throw NewsroomError.notFound(Self.missing) }
        return .seeOtherPath(NewsroomPaths.media(item.id) + "?done=replaced")
    }

    @Sendable func delete(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        guard account.user.role >= .editor else { throw NewsroomError.forbidden }
        let item = try await item(context)
        var request = request
        let fields = try await request.formFields(limit: NewsroomRequestContext.formLimit)
        guard account.token.acceptsFormToken(try fields.single("csrf_token")) else { throw NewsroomError.formExpired }
        let users = try await media.store.publishedStories(usingMedia: item.id)
        guard try fields.single("confirm") == "yes" else {
            return try desk.respond(
                with: MediaDeleteView(header: desk.header(for: account, current: "media"), item: item, usedBy: users))
        }
        let force = try fields.single("force") == "yes"
        switch try await media.store.deleteMedia(id: item.id, force: force) {
        case .deleted: return .seeOtherPath(NewsroomPaths.mediaLibrary + "?deleted=1")
        case .notFound: throw NewsroomError.notFound(Self.missing)
        case .inUse(let stories):
            return try desk.respond(
                with: MediaDeleteView(
                    header: desk.header(for: account, current: "media"), item: item, usedBy: stories,
                    error: "Published stories use this picture; tick the box to delete it anyway."),
                status: .conflict)
        }
    }

    // MARK: Helpers

    static let missing = "There is no such picture in the library: it may have been deleted."

    /// For a body over the limit (see ``MediaUpload/tooLargeMessage``).
    static let tooLargeMessage = MediaUpload.tooLargeMessage

    /// "2.4 MB", "310 KB".
    static func size(_ bytes: Int) -> String {
        if bytes >= 1024 * 1024 {
            return String(format: "%.1f MB", Double(bytes) / 1024 / 1024)
        }
        return "\(max(1, (bytes + 1023) / 1024)) KB"
    }

    private enum Multipart {
        case form(MultipartForm)
        case tooLarge
    }

    /// The shared reading of an upload (``MediaUpload/read(_:)``), with the newsroom's answers.
    private func readMultipart(_ request: Request) async throws -> Multipart {
        switch try await MediaUpload.read(request) {
        case .form(let form): return .form(form)
        case .tooLarge: return .tooLarge
        case .notMultipart: throw NewsroomError.badRequest("Upload the picture with the form on the media page.")
        case .malformed(let problem):
            throw NewsroomError.badRequest("The upload could not be read: \(problem). Try again.")
        }
    }

    /// The uploaded file checked through the pipeline (off the event loop). Throws `ImageError`.
    private func checkedImage(_ file: MultipartForm.Part) async throws -> MediaImage {
        try await media.checkedImage(file)
    }

    private func item(_ context: NewsroomRequestContext) async throws -> MediaItem {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0,
            let item = try await media.store.media(id: id)
        else { throw NewsroomError.notFound(Self.missing) }
        return item
    }

    static func canEdit(_ item: MediaItem, by user: User) -> Bool {
        user.role >= .editor || (item.uploadedBy != nil && item.uploadedBy == user.id)
    }

    private func requireEditable(_ item: MediaItem, by account: SignedInAccount) throws(NewsroomError) {
        guard Self.canEdit(item, by: account.user) else { throw .forbidden }
    }

    private func respondLibrary(
        account: SignedInAccount, search: String = "", page: Int = 1, form: MediaUploadForm, notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let items = try await media.store.mediaItems(
            MediaQuery(text: search, limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize))
        let view = MediaLibraryView(
            header: desk.header(for: account, current: "media"), items: Array(items.prefix(Self.pageSize)),
            search: search, page: page, hasMore: items.count > Self.pageSize, form: form, notice: notice)
        return try desk.respond(with: view, status: status)
    }

    private func respondItem(
        account: SignedInAccount, item: MediaItem, form: MediaUploadForm? = nil, notice: String? = nil,
        replaceError: String? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let view = MediaItemView(
            header: desk.header(for: account, current: "media"), item: item,
            form: form
                ?? MediaUploadForm(
                    alt: item.details.altText ?? "", credit: item.details.credit ?? "",
                    caption: item.details.caption ?? ""),
            canEdit: Self.canEdit(item, by: account.user), canDelete: account.user.role >= .editor,
            clock: desk.site.clock, notice: notice, replaceError: replaceError)
        return try desk.respond(with: view, status: status)
    }
}

/// The words entered with an upload or an edit, with a problem per field.
struct MediaUploadForm: Sendable {
    var alt = ""
    var credit = ""
    var caption = ""
    var fileError: String?
    var altError: String?
    var creditError: String?
    var captionError: String?

    var details: MediaDetails { MediaDetails(altText: alt, credit: credit, caption: caption) }

    /// Puts each problem the store named next to its field.
    mutating func apply(_ invalid: StoryValidationError) {
        for problem in invalid.problems {
            let message = problem.message.prefix(1).uppercased() + problem.message.dropFirst() + "."
            switch problem.field {
            case "alt": altError = message
            case "credit": creditError = message
            case "caption": captionError = message
            default: fileError = message
            }
        }
    }

    var altField: FieldView {
        FieldView(
            name: "alt", label: "Alt text", value: alt, error: altError,
            hint:
                "What the picture shows, for readers who cannot see it (at most \(MediaRules.altTextLimit) characters). "
                + "Needed before the picture can be published.")
    }

    var creditField: FieldView {
        FieldView(
            name: "credit", label: "Credit", value: credit, error: creditError,
            hint: "Who made it, e.g. Jane Arden/Dateline. Needed before the picture can be published.")
    }

    var captionField: FieldView {
        FieldView(
            name: "caption", label: "Caption (optional)", value: caption, error: captionError,
            hint: "At most \(MediaRules.captionLimit) characters.")
    }
}

/// One picture in the grid.
struct MediaTileView: Sendable {
    let url: String
    let thumbnail: String
    let alt: String
    let fileName: String
    let credit: String?
    let size: String
    let needs: String?

    init(_ item: MediaItem) {
        url = NewsroomPaths.media(item.id)
        thumbnail = MediaPicture.thumbnail(of: item)
        alt = item.details.altText ?? ""
        fileName = item.fileName
        credit = item.details.credit
        size = "\(item.width) × \(item.height)"
        needs = item.isReadyToPublish ? nil : "Needs " + item.missingForPublication.joined(separator: " and ")
    }
}

/// `/newsroom/media`: upload form, search and the grid.
struct MediaLibraryView: NewsroomView {
    static let template = NewsroomTemplate.media

    let header: NewsroomHeader
    let tiles: [MediaTileView]
    let hasTiles: Bool
    let search: String
    let notice: String?
    let form: MediaUploadForm
    let altField: FieldView
    let creditField: FieldView
    let captionField: FieldView
    let maximumMegabytes = ImagePipeline.maxUploadBytes / 1024 / 1024
    let accept = MediaLibraryController.accept
    let olderURL: String?
    let newerURL: String?

    init(
        header: NewsroomHeader, items: [MediaItem], search: String, page: Int, hasMore: Bool, form: MediaUploadForm,
        notice: String?
    ) {
        self.header = header
        tiles = items.map(MediaTileView.init)
        hasTiles = !tiles.isEmpty
        self.search = search
        self.notice = notice
        self.form = form
        altField = form.altField
        creditField = form.creditField
        captionField = form.captionField
        func link(_ page: Int) -> String {
            var query = ["page=\(page)"]
            if !search.isEmpty {
                query.insert("q=" + (search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""), at: 0)
            }
            return NewsroomPaths.mediaLibrary + "?" + query.joined(separator: "&")
        }
        olderURL = hasMore ? link(page + 1) : nil
        newerURL = page > 1 ? link(page - 1) : nil
    }
}

/// `/newsroom/media/{id}`: the picture, its details to edit, replace and delete.
struct MediaItemView: NewsroomView {
    static let template = NewsroomTemplate.mediaItem

    let header: NewsroomHeader
    let id: Int64
    let fileName: String
    let picture: MediaPicture
    let format: String
    let size: String
    let uploadedBy: String
    let uploaded: TimeView
    let ready: Bool
    let needs: String
    let altField: FieldView
    let creditField: FieldView
    let captionField: FieldView
    let canEdit: Bool
    let canDelete: Bool
    let notice: String?
    let replaceError: String?
    let updateURL: String
    let replaceURL: String
    let deleteURL: String
    let accept = MediaLibraryController.accept
    let maximumMegabytes = ImagePipeline.maxUploadBytes / 1024 / 1024
    let addresses: [String]
    /// The Markdown that places the picture in a story's body, to copy.
    let markdown: String

    init(
        header: NewsroomHeader, item: MediaItem, form: MediaUploadForm, canEdit: Bool, canDelete: Bool,
        clock: StoryClock, notice: String?, replaceError: String?
    ) {
        self.header = header
        id = item.id
        fileName = item.fileName
        picture = MediaPicture(item: item, sizes: "(min-width: 50em) 40em, 100vw")
        format = ImageFormat(rawValue: item.format)?.displayName ?? item.format
        size = "\(item.width) × \(item.height) pixels, \(MediaLibraryController.size(item.byteCount))"
        uploadedBy = item.uploadedByName ?? "a tool"
        uploaded = TimeView(item.createdAt, clock: clock)
        ready = item.isReadyToPublish
        needs = item.missingForPublication.joined(separator: " and ")
        altField = form.altField
        creditField = form.creditField
        captionField = form.captionField
        self.canEdit = canEdit
        self.canDelete = canDelete
        self.notice = notice
        self.replaceError = replaceError
        updateURL = NewsroomPaths.media(item.id)
        replaceURL = NewsroomPaths.media(item.id) + "/replace"
        deleteURL = NewsroomPaths.media(item.id) + "/delete"
        addresses = ImagePipeline.ladder(forOriginalWidth: item.width).map {
            MediaAddress(item: item, width: $0, format: .jpeg).path
        }
        markdown = StoryImages.syntax(
            mediaID: item.id, alt: item.details.altText ?? "", caption: item.details.caption)
    }
}

/// The question before a picture is deleted, naming the published stories that use it.
struct MediaDeleteView: NewsroomView {
    static let template = NewsroomTemplate.mediaDelete

    struct User: Sendable {
        let url: String
        let label: String
    }

    let header: NewsroomHeader
    let fileName: String
    let thumbnail: String
    let alt: String
    let deleteURL: String
    let itemURL: String
    let users: [User]
    let inUse: Bool
    let error: String?

    init(header: NewsroomHeader, item: MediaItem, usedBy stories: [Int64], error: String? = nil) {
        self.header = header
        fileName = item.fileName
        thumbnail = MediaPicture.thumbnail(of: item)
        alt = item.details.altText ?? ""
        deleteURL = NewsroomPaths.media(item.id) + "/delete"
        itemURL = NewsroomPaths.media(item.id)
        users = stories.map { User(url: NewsroomPaths.story($0), label: "Story \($0)") }
        inUse = !stories.isEmpty
        self.error = error
    }
}
