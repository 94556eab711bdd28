import DatelineCore
import DatelineIngest
import DatelineStore
import DatelineText
import Foundation
import Hummingbird

/// `/newsroom/stories/upload`: a page file (scraped text, HTML or gzip-compressed HTML) becomes a
/// draft through the same readers as `dateline import`, with highlights and topics proposed where
/// the page had none, for an editor to review before anything goes live.
struct UploadController: Sendable {
    let desk: NewsroomDesk

    /// The largest page file accepted.
    static let maximumFileBytes = 5 * 1024 * 1024
    static let fileField = "page"
    static let sectionField = "section"
    static let pictureField = "picture"

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("stories/upload", use: form)
        router.post("stories/upload", use: upload)
    }

    @Sendable func form(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        return try desk.respond(with: UploadPageView(header: desk.header(for: account, current: "upload")))
    }

    @Sendable func upload(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        guard let boundary = MultipartForm.boundary(in: request.headers[.contentType]) else {
            throw NewsroomError.badRequest("Upload the page with the form on the upload page.")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maximumFileBytes + 64 * 1024)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return try respond(
                account: account, section: "",
                error: "The file is larger than \(Self.maximumFileBytes / 1024 / 1024) MB; nothing was stored.",
                status: .contentTooLarge)
        }
        let form: MultipartForm
        do {
            form = try MultipartForm(body: Array(buffer: body), boundary: boundary)
        } catch {
            throw NewsroomError.badRequest("The upload could not be read: \(error.description). Try again.")
        }
        // Checked before anything else is looked at: a cross-site upload changes nothing.
        guard account.token.acceptsFormToken(form.part("csrf_token")?.text) else { throw NewsroomError.formExpired }
        let section = form.part(Self.sectionField)?.text.trimmingWhitespace() ?? ""
        let wantsPicture = form.part(Self.pictureField)?.text == "1"

        guard let file = form.part(Self.fileField), !file.body.isEmpty else {
            return try respond(
                account: account, section: section, picture: wantsPicture, error: "Choose a page file to upload.")
        }
        let fileName = Self.displayName(file.fileName)
        guard let format = PageFormat(fileName: fileName) else {
            return try respond(
                account: account, section: section, picture: wantsPicture,
                error:
                    "Dateline reads \(PageFormat.fileNameEndings.joined(separator: ", ")) files; \u{201C}\(fileName)\u{201D} is none of them."
            )
        }
        let page = RawPage(bytes: Data(file.body), location: fileName)
        var draft: StoryDraft
        var picture: LeadImage?
        do {
            if wantsPicture && format != .scrapedText {
                // Read once, keeping the lead image the HTML reader found.
                (draft, picture) = try HTMLPageReader(maximumBytes: Self.maximumFileBytes).readWithLeadImage(page)
            } else {
                draft = try PageReaders.standard(maximumBytes: Self.maximumFileBytes).reader(for: format).read(page)
            }
            draft = draft.fillingMissingSuggestions(using: Self.suggester)
        } catch {
            return try respond(
                account: account, section: section, picture: wantsPicture,
                error: "\u{201C}\(fileName)\u{201D} could not be read as \(format): \(error.message)")
        }
        if !section.isEmpty { draft.section = section } else if draft.section == nil { draft.section = "News" }
        // An upload is a new draft each time; the page's own address is not claimed, so the same
        // page can also be imported by `dateline import` without a clash.
        draft.source = nil
        // Asked for, the page's picture is fetched and stored first, so the draft can name it.
        // A draft may hold a picture without alt text or credit; publishing asks for them.
        var pictureNote: String?
        if wantsPicture {
            switch await fetchPicture(picture, format: format, account: account) {
            case .success(let item):
                draft.leadImage = item.id
                pictureNote =
                    item.isReadyToPublish
                    ? nil
                    : "The page's picture, image \(item.id) (\u{201C}\(item.fileName)\u{201D}), is the lead image; "
                        + "it needs \(item.missingForPublication.joined(separator: " and ")) before the story can be "
                        + "published (add them in the media library)."
            case .failure(let reason):
                pictureNote = "The page's picture was not brought in: \(reason)"
            }
        }
        let story: Story
        do {
            story = try await desk.store.createStory(draft, status: .draft, author: account.user.id)
        } catch {
            return try respond(
                account: account, section: section, picture: wantsPicture, fileName: fileName, failure: error)
        }
        // The log says where the story came from and what became of the picture.
        try await desk.store.recordActivity(
            NewStoryActivity(
                storyID: story.id, userID: account.user.id, kind: .created,
                note: "From the uploaded page \u{201C}\(fileName)\u{201D}.", time: desk.configuration.now()))
        if let pictureNote {
            try await desk.store.recordActivity(
                NewStoryActivity(
                    storyID: story.id, userID: account.user.id, kind: .note, note: pictureNote,
                    time: desk.configuration.now()))
        }
        let outcome = !wantsPicture ? "1" : draft.leadImage == nil ? "nopicture" : "picture"
        return .seeOtherPath(NewsroomPaths.story(story.id) + "?imported=\(outcome)")
    }

    /// The page's lead picture brought into the media library through the guarded fetcher, or a
    /// sentence saying why not.
    private func fetchPicture(_ picture: LeadImage?, format: PageFormat, account: SignedInAccount) async -> Result<
        MediaItem, ImageImportFailure
    > {
        guard format != .scrapedText else {
            return .failure(.init("scraped text carries no pictures; upload the page's HTML to keep its picture."))
        }
        guard let picture else {
            return .failure(.init("the page names no lead picture (no og:image and no figure in the article)."))
        }
        guard let media = desk.site.media?.store else {
            return .failure(.init("this database keeps no media library."))
        }
        let importer = LeadImageImporter(
            allowPrivate: desk.site.configuration.media.fetchesFromPrivateAddresses, store: media,
            privateAddressAdvice: "the server's operator can allow it with dateline serve --fetch-private-addresses")
        return await importer.importImage(picture, uploadedBy: account.user.id).map(\.item)
    }

    /// The upload form again when the page read but its story did not validate; other failures propagate.
    private func respond(
        account: SignedInAccount, section: String, picture: Bool, fileName: String, failure: StoreError
    ) throws -> Response {
        guard case .invalid(let invalid) = failure else { throw failure }
        let list = invalid.problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        return try respond(
            account: account, section: section, picture: picture,
            error: "\u{201C}\(fileName)\u{201D} was read but does not make a story yet (\(list)).")
    }

    private func respond(
        account: SignedInAccount, section: String, picture: Bool = false, error: String,
        status: HTTPResponse.Status = .unprocessableContent
    ) throws -> Response {
        try desk.respond(
            with: UploadPageView(
                header: desk.header(for: account, current: "upload"), section: section, picture: picture, error: error),
            status: status)
    }

    /// The file's base name, without any folder a browser sent, at most 200 characters.
    static func displayName(_ name: String?) -> String {
        let base = (name ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return clean.isEmpty ? "upload" : String(clean.prefix(200))
    }

    static let suggester = StorySuggester()
}

/// The upload form, with the problem next to the file field when there is one.
struct UploadPageView: NewsroomView {
    static let template = NewsroomTemplate.upload

    let header: NewsroomHeader
    let section: FieldView
    let error: String?
    let maximumMegabytes: Int
    let endings: String
    /// The "also bring in the page's picture" box stays as the uploader left it.
    let picture: Bool

    init(header: NewsroomHeader, section: String = "", picture: Bool = false, error: String? = nil) {
        self.picture = picture
        self.header = header
        self.section = FieldView(
            name: UploadController.sectionField, label: "Section (optional)", value: section, error: nil,
            hint: "Leave empty to use the section the page names, or News.")
        self.error = error
        maximumMegabytes = UploadController.maximumFileBytes / 1024 / 1024
        endings = PageFormat.fileNameEndings.joined(separator: ", ")
    }
}
