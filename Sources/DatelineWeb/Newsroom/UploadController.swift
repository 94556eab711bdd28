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

        guard let file = form.part(Self.fileField), !file.body.isEmpty else {
            return try respond(account: account, section: section, error: "Choose a page file to upload.")
        }
        let fileName = Self.displayName(file.fileName)
        guard let format = PageFormat(fileName: fileName) else {
            return try respond(
                account: account, section: section,
                error:
                    "Dateline reads \(PageFormat.fileNameEndings.joined(separator: ", ")) files; \u{201C}\(fileName)\u{201D} is none of them."
            )
        }
        let reader = PageReaders.standard(maximumBytes: Self.maximumFileBytes).reader(for: format)
        var draft: StoryDraft
        do {
            draft = try reader.read(RawPage(bytes: Data(file.body), location: fileName)).fillingMissingSuggestions(
                using: Self.suggester)
        } catch {
            return try respond(
                account: account, section: section,
                error: "\u{201C}\(fileName)\u{201D} could not be read as \(format): \(error.message)")
        }
        if !section.isEmpty { draft.section = section } else if draft.section == nil { draft.section = "News" }
        // An upload is a new draft each time; the page's own address is not claimed, so the same
        // page can also be imported by `dateline import` without a clash.
        draft.source = nil
        do {
            let story = try await desk.store.createStory(draft, status: .draft, author: account.user.id)
            return .seeOtherPath(NewsroomPaths.story(story.id) + "?imported=1")
        } catch {
            return try respond(account: account, section: section, fileName: fileName, failure: error)
        }
    }

    /// The upload form again when the page read but its story did not validate; other failures propagate.
    private func respond(
        account: SignedInAccount, section: String, fileName: String, failure: StoreError
    ) throws -> Response {
        guard case .invalid(let invalid) = failure else { throw failure }
        let list = invalid.problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        return try respond(
            account: account, section: section,
            error: "\u{201C}\(fileName)\u{201D} was read but does not make a story yet (\(list)).")
    }

    private func respond(
        account: SignedInAccount, section: String, error: String, status: HTTPResponse.Status = .unprocessableContent
    ) throws -> Response {
        try desk.respond(
            with: UploadPageView(header: desk.header(for: account, current: "upload"), section: section, error: error),
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

    init(header: NewsroomHeader, section: String = "", error: String? = nil) {
        self.header = header
        self.section = FieldView(
            name: UploadController.sectionField, label: "Section (optional)", value: section, error: nil,
            hint: "Leave empty to use the section the page names, or News.")
        self.error = error
        maximumMegabytes = UploadController.maximumFileBytes / 1024 / 1024
        endings = PageFormat.fileNameEndings.joined(separator: ", ")
    }
}
