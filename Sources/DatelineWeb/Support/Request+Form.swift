import Hummingbird

extension Request {
    /// The query string's fields, strictly decoded (see ``FormFields``).
    func queryFields() throws(ReaderError) -> FormFields {
        try FormFields(decoding: Substring(uri.query ?? ""))
    }

    /// The posted form's fields. Only URL-encoded bodies within `limit` bytes are read: our
    /// forms produce nothing else, and anything bigger is not worth buffering.
    mutating func formFields(limit: Int) async throws -> FormFields {
        let contentType = headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw ReaderError.badRequest("The form was sent in a format this site does not read.")
        }
        let body: ByteBuffer
        do {
            body = try await collectBody(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw ReaderError.tooLarge
        }
        return try FormFields(decoding: Substring(String(buffer: body)))
    }
}
