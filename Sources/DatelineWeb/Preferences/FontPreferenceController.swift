import Hummingbird

/// "Decrease font" / "Enlarge font" without JavaScript: each is a small form posting here; the
/// new size goes into a cookie and the reader is sent back to the page they were on.
struct FontPreferenceController: Sendable {
    /// The form field naming the direction: "decrease" or "enlarge".
    static let changeField = "change"

    let site: ReaderSite

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.post(.init(stringLiteral: SitePaths.fontPreference), use: change)
        router.refuse(
            [.get, .put, .delete, .patch], at: .init(stringLiteral: SitePaths.fontPreference), allowing: [.post])
    }

    @Sendable func change(request: Request, context: ReaderRequestContext) async throws -> Response {
        var request = request
        let form = try await request.formFields(limit: context.maxUploadSize)
        try context.session.verifyFormToken(in: form)
        let destination = try ReturnPath(in: form)
        let current = context.session.fontStep
        let step: FontStep
        switch try form.single(Self.changeField) {
        case "enlarge": step = current.enlarged
        case "decrease": step = current.decreased
        default: throw ReaderError.badRequest("The font control sent an unknown change.")
        }
        var response = Response.seeOther(destination)
        response.setCookie(site.cookies.font(step))
        return response
    }
}
