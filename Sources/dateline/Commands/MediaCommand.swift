import ArgumentParser
import DatelineCore
import DatelineMedia
import DatelineStore
import Foundation

/// `dateline media`: the media library from the command line.
struct MediaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "Add pictures to the media library.",
        subcommands: [Add.self]
    )

    /// `dateline media add FILE --alt TEXT --credit TEXT [--caption TEXT]`: checks the picture
    /// as the newsroom's upload does, stores it, and prints its media id alone on standard output
    /// (other tools read it). The same bytes stored before print the id they already have.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a picture (JPEG, PNG, WebP, AVIF, GIF or HEIC) and print its media id.")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "The picture file.")
        var file: String

        @Option(help: "What the picture shows, for readers who cannot see it.")
        var alt: String

        @Option(help: "Who made the picture (\"Jane Arden/Dateline\").")
        var credit: String

        @Option(help: "The caption shown under it.")
        var caption: String?

        func run() async throws {
            let bytes = try Self.read(file)
            let info: ImageInfo
            do {
                info = try ImagePipeline().validate(bytes)
            } catch let error as ImageError {
                throw CommandFailure("\(file): \(error.description)")
            }
            let image = MediaImage(
                bytes: bytes, fileName: URL(fileURLWithPath: file).lastPathComponent, format: info.format.rawValue,
                width: info.width, height: info.height)
            let details = MediaDetails(altText: alt, credit: credit, caption: caption)
            try await databaseOptions.withStore { store in
                guard let media = store as? any MediaStore else {
                    throw CommandFailure("this database cannot keep pictures")
                }
                let added: MediaAddition
                do {
                    added = try await media.addMedia(
                        NewMedia(image: image, details: details, uploadedBy: nil, time: Date()))
                } catch let error as StoreError {
                    guard case .invalid(let invalid) = error else { throw error }
                    throw CommandFailure(
                        invalid.problems.map { "--\($0.field): \($0.message)" }.joined(separator: "; "))
                }
                print(added.item.id)
            }
        }

        /// The file's bytes, refusing one over the upload limit before reading it.
        static func read(_ path: String) throws -> Data {
            let attributes: [FileAttributeKey: Any]
            do {
                attributes = try FileManager.default.attributesOfItem(atPath: path)
            } catch {
                throw CommandFailure("cannot read \(path): no such file, or it cannot be opened")
            }
            if let size = attributes[.size] as? Int, size > ImagePipeline.maxUploadBytes {
                throw CommandFailure(
                    "\(path): "
                        + ImageError.tooLarge(bytes: size, limit: ImagePipeline.maxUploadBytes).description)
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("cannot read \(path)")
            }
            return data
        }
    }
}
