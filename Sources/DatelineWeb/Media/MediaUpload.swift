import DatelineMedia
import DatelineStore
import Foundation
import Hummingbird

/// Reading an uploaded picture: the one path the newsroom's media library and the admin API both
/// take, so the two accept and refuse exactly the same files. The body is read up to the upload
/// limit plus room for the form's text fields, split by ``MultipartForm``, and the file checked by
/// ``MediaDesk/checkedImage(_:)`` (the pipeline's `validate`: size, format by its bytes whatever
/// the name or content type says, pixel and frame limits before decoding, then a full decode).
enum MediaUpload {
    /// Room for the form's other fields beside the file.
    static let formSlack = 64 * 1024

    /// What reading the body came to.
    enum Body {
        case form(MultipartForm)
        /// The body is larger than the upload limit plus ``formSlack``; it was not read to the end.
        case tooLarge
        /// The request is not `multipart/form-data` with a usable boundary.
        case notMultipart
        /// The body is multipart but cannot be split into parts (cut short, no closing boundary…).
        case malformed(String)
    }

    static func read(_ request: Request) async throws -> Body {
        guard let boundary = MultipartForm.boundary(in: request.headers[.contentType]) else { return .notMultipart }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: ImagePipeline.maxUploadBytes + formSlack)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return .tooLarge
        }
        do {
            return .form(try MultipartForm(body: Array(buffer: body), boundary: boundary))
        } catch {
            return .malformed(error.description)
        }
    }

    /// For a body over the limit: the pipeline's own message needs the file's size, which is not
    /// known when the body was cut off at the limit.
    static let tooLargeMessage =
        "The file is larger than the limit of \(ImagePipeline.maxUploadBytes / 1024 / 1024) MB "
        + "(\(ImagePipeline.maxUploadBytes) bytes). Save the picture smaller or at a lower quality and upload it again. "
        + "Nothing was stored."
}

extension MediaDesk {
    /// An uploaded file checked through the pipeline (off the event loop), ready to store.
    /// Throws `ImageError`.
    func checkedImage(_ file: MultipartForm.Part) async throws -> MediaImage {
        try await checkedImage(Data(file.body), fileName: file.fileName)
    }

    /// Bytes from anywhere (an upload, a fetched page's image) checked through the pipeline.
    /// Throws `ImageError`.
    func checkedImage(_ bytes: Data, fileName: String?) async throws -> MediaImage {
        let info = try await validate(bytes)
        return MediaImage(
            bytes: bytes, fileName: UploadController.displayName(fileName), format: info.format.rawValue,
            width: info.width, height: info.height)
    }
}
