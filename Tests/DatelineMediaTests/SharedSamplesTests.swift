import Foundation
import Testing

@testable import DatelineMedia

/// Real camera and phone photos from `../shared/data/images/exif-samples` (read there, never
/// copied): all eight orientations, GPS, HEIC, and broken files.
enum SharedSamples {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/images/exif-samples")

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("jpg").path) }

    /// Every sample file (not the READMEs), relative to the root, sorted.
    static var files: [String] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { path in
            let name = (path as NSString).lastPathComponent
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isFolder)
            return !isFolder.boolValue && !name.hasPrefix("README") && name != "SOURCE.txt"
        }.sorted()
    }

    static func data(_ path: String) throws -> Data { try Data(contentsOf: root.appendingPathComponent(path)) }
}

@Suite("Image pipeline on real camera and phone photos")
struct SharedSamplesTests {
    let pipeline = ImagePipeline()

    @Test(
        "every sample: clean, upright renditions or a clear error; never a crash",
        .enabled(if: SharedSamples.isAvailable, "needs ../shared/data (evaluation data) beside the repository"))
    func everySample() throws {
        let files = SharedSamples.files
        #expect(files.count > 80)
        var rendered: [String] = []
        var refused: [String: ImageError] = [:]
        for path in files {
            let data = try SharedSamples.data(path)
            let info: ImageInfo
            do {
                info = try pipeline.validate(data)
            } catch let error as ImageError {
                refused[path] = error
                continue
            }
            #expect(info.width > 0 && info.height > 0)
            for format in RenditionFormat.allCases {
                let rendition: Rendition
                do {
                    rendition = try pipeline.rendition(of: data, width: 320, format: format)
                } catch {
                    Issue.record("\(path): validated, then the \(format) rendition failed: \(error)")
                    continue
                }
                #expect(rendition.width == min(320, info.width), "\(path) \(format)")
                // The upright shape of the original is kept (within rounding).
                let expectedHeight = Double(info.height) * Double(rendition.width) / Double(info.width)
                #expect(abs(Double(rendition.height) - expectedHeight) <= 1.5, "\(path) \(format)")
                #expect(
                    try MetadataScanner.metadata(in: rendition.bytes, format: format.rawValue) == [],
                    "\(path) \(format)")
                #expect(MetadataScanner.rawTraces(in: rendition.bytes) == [], "\(path) \(format)")
            }
            rendered.append(path)
        }
        for (path, error) in refused.sorted(by: { $0.key < $1.key }) {
            print("refused \(path): \(error)")
            #expect(!error.description.isEmpty)
            if path.hasPrefix("tiff/") {
                #expect(error == .notAPicture(detected: "TIFF"), "\(path): \(error)")
            } else if case .damaged = error {
            } else {
                Issue.record("\(path): refused for an unexpected reason: \(error)")
            }
        }
        print("rendered \(rendered.count), refused \(refused.count) of \(files.count) samples")
        // Every HEIC/HEIF photo, every orientation sample and every GPS photo is usable.
        for path in files
        where path.hasPrefix("heic/") || path.hasPrefix("jpg/orientation/") || path.hasPrefix("jpg/gps/") {
            #expect(rendered.contains(path), "\(path): \(refused[path].map(String.init(describing:)) ?? "")")
        }
        #expect(refused["jpg/corrupted.jpg"] != nil)
    }

    @Test(
        "the orientation samples come out the same way up as orientation 1",
        .enabled(if: SharedSamples.isAvailable, "needs ../shared/data (evaluation data) beside the repository"))
    func orientationSamples() throws {
        for shape in ["landscape", "portrait"] {
            let reference = try render("jpg/orientation/\(shape)_1.jpg")
            // The photo is not symmetric, so a mirrored or turned copy would be caught.
            #expect(Self.difference(reference, Self.mirrored(reference)) > 25)
            for orientation in 2...8 {
                let pixels = try render("jpg/orientation/\(shape)_\(orientation).jpg")
                #expect(pixels.width == reference.width && pixels.height == reference.height, "\(shape)_\(orientation)")
                guard pixels.width == reference.width && pixels.height == reference.height else { continue }
                let difference = Self.difference(reference, pixels)
                #expect(difference < 12, "\(shape)_\(orientation): mean difference \(difference)")
            }
        }
    }

    @Test(
        "HEIC photos from phones decode on this server (libheif with libde265)",
        .enabled(if: SharedSamples.isAvailable, "needs ../shared/data (evaluation data) beside the repository"))
    func heic() throws {
        for path in SharedSamples.files where path.hasPrefix("heic/") {
            let data = try SharedSamples.data(path)
            #expect(try pipeline.probe(data).format == .heic, "\(path)")
            let rendition = try pipeline.rendition(of: data, width: 160, format: .jpeg)
            let pixels = try Fixtures.decode(rendition.bytes)
            // Real content, not a blank or grey frame.
            let spread = Set(stride(from: 0, to: pixels.bytes.count, by: 97).map { pixels.bytes[$0] / 16 }).count
            #expect(spread > 4, "\(path)")
        }
    }

    func render(_ path: String) throws -> Fixtures.Pixels {
        let rendition = try pipeline.rendition(of: try SharedSamples.data(path), width: 160, format: .jpeg)
        return try Fixtures.decode(rendition.bytes)
    }

    static func difference(_ a: Fixtures.Pixels, _ b: Fixtures.Pixels) -> Double {
        var total = 0
        for index in 0..<min(a.bytes.count, b.bytes.count) { total += abs(Int(a.bytes[index]) - Int(b.bytes[index])) }
        return Double(total) / Double(max(1, min(a.bytes.count, b.bytes.count)))
    }

    static func mirrored(_ pixels: Fixtures.Pixels) -> Fixtures.Pixels {
        var copy = pixels
        for row in 0..<pixels.height {
            for column in 0..<pixels.width {
                for band in 0..<pixels.bands {
                    copy.bytes[(row * pixels.width + column) * pixels.bands + band] =
                        pixels.bytes[(row * pixels.width + pixels.width - 1 - column) * pixels.bands + band]
                }
            }
        }
        return copy
    }
}
