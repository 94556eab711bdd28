import DatelineCore
import Hummingbird

extension SignedInAccount {
    /// The posted form, refused (``NewsroomError/formExpired``, nothing changed) unless it carries
    /// this session's form token.
    func postedFields(of request: Request) async throws -> FormFields {
        var request = request
        let fields = try await request.formFields(limit: NewsroomRequestContext.formLimit)
        guard token.acceptsFormToken(try fields.single("csrf_token")) else { throw NewsroomError.formExpired }
        return fields
    }

    /// Refuses contributors and writers: the trash and the sections are an editor's call, as
    /// publishing and deleting others' stories are.
    func requireEditor() throws(NewsroomError) {
        guard user.role >= .editor else { throw .forbidden }
    }
}
