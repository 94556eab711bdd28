import CVips
import Foundation
import Testing

@testable import DatelineMedia

@Suite("Image pipeline: renditions")
struct RenditionTests {
    let pipeline = ImagePipeline()

    @Test("every EXIF orientation comes out upright, in every format", arguments: 1...8)
    func orientation(_ orientation: Int) throws {
        let original = try Fixtures.orientedJPEG(orientation: orientation)
        let info = try pipeline.probe(original)
        #expect(info == ImageInfo(format: .jpeg, width: 400, height: 300, frameCount: 1, hasAlpha: false))
        for format in RenditionFormat.allCases {
            let rendition = try pipeline.rendition(of: original, width: 200, format: format)
            #expect(rendition.format == format)
            #expect(
                rendition.width == 200 && rendition.height == 150, "\(format): \(rendition.width)×\(rendition.height)")
            let pixels = try Fixtures.decode(rendition.bytes)
            #expect(pixels.width == 200 && pixels.height == 150)
            let corners = [
                ("top left", pixels.topLeft, Fixtures.RGB.red), ("top right", pixels.topRight, .green),
                ("bottom left", pixels.bottomLeft, .blue), ("bottom right", pixels.bottomRight, .white),
            ]
            for (name, seen, expected) in corners {
                #expect(
                    seen.distance(to: expected) < 48,
                    "orientation \(orientation), \(format): \(name) is \(seen), expected \(expected)")
            }
        }
    }

    @Test("renditions carry no EXIF, XMP, GPS, IPTC or ICC profile", arguments: RenditionFormat.allCases)
    func noMetadata(_ format: RenditionFormat) throws {
        let original = try Fixtures.orientedJPEG(orientation: 6)
        // The original really carries what must go: its EXIF has the camera and a GPS position.
        let originalBytes = [UInt8](original)
        #expect(MetadataScanner.rawTraces(in: originalBytes).contains("DatelineTestCamera"))
        #expect(try MetadataScanner.jpeg(originalBytes).contains(MetadataScanner.Found(kind: "JPEG APP1 Exif")))
        for width in [100, 300] {
            let rendition = try pipeline.rendition(of: original, width: width, format: format)
            #expect(try MetadataScanner.metadata(in: rendition.bytes, format: format.rawValue) == [])
            #expect(MetadataScanner.rawTraces(in: rendition.bytes) == [])
        }
    }

    @Test("the scanner finds metadata when it is there (so an empty result means something)")
    func scannerSeesMetadata() throws {
        let jpeg = [UInt8](try Fixtures.orientedJPEG(orientation: 3))
        #expect(try MetadataScanner.jpeg(jpeg).map(\.kind).contains("JPEG APP1 Exif"))
        let webp = [UInt8](
            try Fixtures.encode(
                pixels: [UInt8](repeating: 9, count: 48), width: 4, height: 4, bands: 3, suffix: ".webp", gps: true))
        #expect(try MetadataScanner.webp(webp).map(\.kind).contains("WebP EXIF chunk"))
        // libvips 8.14 writes EXIF into WebP whatever `strip` says; the pipeline takes it out.
        let stripped = try WebPMetadata.strip(webp)
        #expect(try MetadataScanner.webp(stripped) == [])
        #expect(stripped.count < webp.count)
        let before = try Fixtures.decode(webp)
        let after = try Fixtures.decode(stripped)
        #expect(after.bytes == before.bytes && after.width == 4)
        let avif = [UInt8](
            try Fixtures.encode(
                pixels: [UInt8](repeating: 9, count: 48 * 4), width: 8, height: 8, bands: 3,
                suffix: ".avif[compression=av1,effort=0]", gps: true))
        #expect(try MetadataScanner.isoMedia(avif).map(\.kind).contains("ISO item Exif"))
    }

    @Test("never wider than the original; the size reported is the rendition's")
    func noUpscaling() throws {
        let original = try Fixtures.solid(width: 300, height: 200, suffix: ".png")
        for format in RenditionFormat.allCases {
            let rendition = try pipeline.rendition(of: original, width: 2048, format: format)
            #expect(rendition.width == 300 && rendition.height == 200)
            let decoded = try Fixtures.decode(rendition.bytes)
            #expect(decoded.width == 300 && decoded.height == 200)
        }
        let smaller = try pipeline.rendition(of: original, width: 120, format: .webp)
        #expect(smaller.width == 120 && smaller.height == 80)
        #expect(throws: ImageError.widthOutOfRange(4096)) {
            try pipeline.rendition(of: original, width: 4096, format: .jpeg)
        }
        #expect(throws: ImageError.widthOutOfRange(0)) { try pipeline.rendition(of: original, width: 0, format: .jpeg) }
    }

    @Test("transparency: kept in WebP and AVIF, put on white in JPEG")
    func transparency() throws {
        let original = try Fixtures.solid(width: 64, height: 64, colour: .blue, alpha: 0, suffix: ".png")
        #expect(try pipeline.probe(original).hasAlpha)
        let jpeg = try Fixtures.decode(try pipeline.rendition(of: original, width: 64, format: .jpeg).bytes)
        #expect(jpeg.bands == 3)
        #expect(jpeg.topLeft.distance(to: .white) < 8, "\(jpeg.topLeft)")
        let webp = try Fixtures.decode(try pipeline.rendition(of: original, width: 64, format: .webp).bytes)
        #expect(webp.bands == 4 && webp.bytes[3] < 8)
    }

    @Test("a CMYK JPEG and a 16-bit PNG come out as 8-bit sRGB in the right colour")
    func colourSpaces() throws {
        // CMYK 1, 231, 225, 27 is what libvips makes of sRGB 200, 30, 30 with its CMYK profile.
        let cmyk = try Fixtures.encode(
            pixels: (0..<(64 * 48)).flatMap { _ in [1, 231, 225, 27] as [UInt8] },
            width: 64, height: 48, bands: 4, suffix: ".jpg", interpretation: VIPS_INTERPRETATION_CMYK)
        // 16-bit RGB 51400, 7710, 7710 is sRGB 200, 30, 30.
        var deep: [UInt8] = []
        for _ in 0..<(64 * 48) {
            for value in [UInt16(51400), 7710, 7710] { withUnsafeBytes(of: value) { deep += $0 } }
        }
        let png = try Fixtures.encode(
            pixels: deep, width: 64, height: 48, bands: 3, suffix: ".png[bitdepth=16]",
            bandFormat: VIPS_FORMAT_USHORT, interpretation: VIPS_INTERPRETATION_RGB16)
        for (name, original) in [("CMYK JPEG", cmyk), ("16-bit PNG", png)] {
            for format in RenditionFormat.allCases {
                let rendition = try pipeline.rendition(of: original, width: 32, format: format)
                let pixels = try Fixtures.decode(rendition.bytes)
                #expect(pixels.bands == 3 && pixels.width == 32, "\(name) \(format)")
                let expected = Fixtures.RGB(red: 200, green: 30, blue: 30)
                #expect(pixels.topLeft.distance(to: expected) < 40, "\(name) \(format): \(pixels.topLeft)")
            }
        }
    }

    @Test("an animated GIF's rendition is its first frame")
    func gifFirstFrame() throws {
        let gif = Fixtures.animatedGIF(frames: 3)
        let info = try pipeline.probe(gif)
        #expect(info.format == .gif && info.frameCount == 3 && info.width == 1)
        let rendition = try pipeline.rendition(of: gif, width: 320, format: .webp)
        let pixels = try Fixtures.decode(rendition.bytes)
        #expect(pixels.width == 1 && pixels.height == 1)
        #expect(pixels.topLeft.distance(to: .red) < 16, "\(pixels.topLeft)")
    }

    @Test("renditions of WebP, AVIF and GIF originals, sniffed and probed")
    func otherFormats() throws {
        for (suffix, format) in [
            (".webp", ImageFormat.webp), (".avif[compression=av1,effort=0]", .avif), (".gif", .gif),
        ] {
            let original = try Fixtures.solid(width: 640, height: 480, colour: .green, suffix: suffix)
            let info = try pipeline.validate(original)
            // libvips reads every GIF with an alpha band (GIF has a transparent palette entry).
            #expect(
                info == ImageInfo(format: format, width: 640, height: 480, frameCount: 1, hasAlpha: format == .gif))
            let rendition = try pipeline.rendition(of: original, width: 320, format: .jpeg)
            #expect(rendition.width == 320 && rendition.height == 240)
            #expect(try Fixtures.decode(rendition.bytes).topLeft.distance(to: .green) < 24)
        }
    }
}

@Suite("Image pipeline: ladder")
struct LadderTests {
    @Test("the widths for an original: ladder widths below it, then its own width capped at 2048")
    func ladder() {
        #expect(ImagePipeline.ladder == [320, 480, 640, 960, 1280, 1600, 2048])
        #expect(ImagePipeline.ladder(forOriginalWidth: 200) == [200])
        #expect(ImagePipeline.ladder(forOriginalWidth: 320) == [320])
        #expect(ImagePipeline.ladder(forOriginalWidth: 1000) == [320, 480, 640, 960, 1000])
        #expect(ImagePipeline.ladder(forOriginalWidth: 1280) == [320, 480, 640, 960, 1280])
        #expect(ImagePipeline.ladder(forOriginalWidth: 6000) == ImagePipeline.ladder)
        #expect(ImagePipeline.ladder(forOriginalWidth: 0) == [])
        for width in [1, 321, 2047, 2049] {
            let widths = ImagePipeline.ladder(forOriginalWidth: width)
            #expect(!widths.isEmpty && widths.max()! <= width && widths == widths.sorted())
        }
    }

    @Test("an original's ladder uses its upright width")
    func uprightLadder() throws {
        let portrait = try OriginalImage(try Fixtures.orientedJPEG(orientation: 6, width: 400, height: 600))
        #expect(portrait.info.width == 400 && portrait.info.height == 600)
        #expect(portrait.ladder == [320, 400])
    }
}

@Suite("Image pipeline: bad input")
struct BadInputTests {
    let pipeline = ImagePipeline()

    @Test("formats are sniffed from the bytes, whatever the file is called")
    func sniffing() throws {
        let png = try Fixtures.solid(width: 8, height: 8, suffix: ".png")
        let renamed = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-\(UUID()).jpg")
        try png.write(to: renamed)
        defer { try? FileManager.default.removeItem(at: renamed) }
        #expect(try pipeline.probe(try Data(contentsOf: renamed)).format == .png)
        #expect(ImageFormat.sniff(try Fixtures.orientedJPEG(orientation: 1)) == .accepted(.jpeg))
        #expect(ImageFormat.sniff(try Fixtures.solid(width: 4, height: 4, suffix: ".webp")) == .accepted(.webp))
        #expect(ImageFormat.sniff(Fixtures.animatedGIF(frames: 1)) == .accepted(.gif))
        #expect(
            ImageFormat.sniff(try Fixtures.solid(width: 4, height: 4, suffix: ".avif[compression=av1]"))
                == .accepted(.avif))
        var heic = Data([0, 0, 0, 24]) + Data("ftypheic".utf8) + Data([0, 0, 0, 0])
        heic += Data("mif1heic".utf8)
        #expect(ImageFormat.sniff(heic) == .accepted(.heic))
        let mp4 = Data([0, 0, 0, 20]) + Data("ftypisom".utf8) + Data([0, 0, 2, 0]) + Data("isommp41".utf8)
        #expect(ImageFormat.sniff(mp4) == .refused("video or other ISO media"))
        #expect(ImageFormat.sniff(Data("II*\u{0}abcdefgh".utf8)) == .refused("TIFF"))
    }

    @Test("SVG is refused, with or without an XML declaration")
    func svg() {
        let drawings = [
            "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "\u{FEFF}  <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
            "<!-- a drawing --><svg onload=\"alert(1)\"></svg>",
        ]
        for drawing in drawings {
            #expect(throws: ImageError.svg) { try pipeline.probe(Data(drawing.utf8)) }
        }
        #expect(ImageError.svg.description.hasPrefix("This file is not a picture Dateline can use"))
    }

    @Test("garbage, an empty file and a refused format each get their own message")
    func garbage() throws {
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) } + [0x00])
        #expect(throws: ImageError.notAPicture(detected: nil)) { try pipeline.probe(Data("hello, world".utf8) + noise) }
        #expect(throws: ImageError.empty) { try pipeline.probe(Data()) }
        #expect(throws: ImageError.notAPicture(detected: "PDF")) { try pipeline.probe(Data("%PDF-1.7\n".utf8)) }
        let message = ImageError.notAPicture(detected: nil).description
        #expect(message.hasPrefix("This file is not a picture Dateline can use:") && message.contains("JPEG, PNG"))
        // JPEG magic and then garbage: the header cannot be read.
        let fakeJPEG = Data([0xFF, 0xD8, 0xFF, 0xE0]) + noise
        #expect {
            try pipeline.probe(fakeJPEG)
        } throws: { error in
            guard case ImageError.damaged(.jpeg, let detail) = error else { return false }
            return !detail.isEmpty
        }
    }

    @Test("a truncated JPEG or PNG is an error, not a half-grey picture")
    func truncated() throws {
        let whole = try Fixtures.orientedJPEG(orientation: 1)
        let jpeg = whole.prefix(whole.count / 2)
        #expect(try pipeline.probe(jpeg).width == 400)  // the header is intact
        for check in [
            { _ = try pipeline.validate(jpeg) }, { _ = try pipeline.rendition(of: jpeg, width: 200, format: .webp) },
        ] {
            #expect {
                try check()
            } throws: { error in
                guard case ImageError.damaged(.jpeg, _) = error else { return false }
                return "\(error)".contains("damaged or cut short")
            }
        }
        var pixels = [UInt8]()
        for index in 0..<(300 * 300 * 3) { pixels.append(UInt8(truncatingIfNeeded: (index &* 2_654_435_761) >> 13)) }
        let wholePNG = try Fixtures.encode(pixels: pixels, width: 300, height: 300, bands: 3, suffix: ".png")
        let png = wholePNG.prefix(wholePNG.count * 2 / 3)
        #expect {
            try pipeline.validate(png)
        } throws: { error in
            if case ImageError.damaged(.png, _) = error { return true }
            return false
        }
        #expect(try pipeline.validate(whole).width == 400)
    }

    @Test("a decompression bomb is refused from its header, before decoding")
    func decompressionBomb() throws {
        let bomb = Fixtures.pngClaiming(width: 30000, height: 30000)
        #expect(bomb.count < 100)
        for check in [
            { _ = try pipeline.probe(bomb) }, { _ = try pipeline.validate(bomb) },
            {
                _ = try pipeline.rendition(of: bomb, width: 320, format: .jpeg)
            },
        ] {
            #expect(throws: ImageError.tooManyPixels(pixels: 900_000_000, limit: 50_000_000)) { try check() }
        }
        // The refusal names the header's size: nothing was decoded (a decoder would have failed
        // on the 60-byte file's missing pixels with another error, or run out of memory).
        #expect(
            ImageError.tooManyPixels(pixels: 90_000_000, limit: 50_000_000).description.hasPrefix(
                "The picture is 90 megapixels; the limit is 50."))
        #expect("\(ImageError.tooManyPixels(pixels: 50_005_000, limit: 50_000_000))".contains("50.005 megapixels"))
        #expect("\(ImageError.tooManyPixels(pixels: 63_400_000, limit: 50_000_000))".contains("63.4 megapixels"))
        // Just under the limit passes the probe (50 megapixels exactly).
        #expect(try pipeline.probe(Fixtures.pngClaiming(width: 10000, height: 5000)).width == 10000)
        #expect(throws: ImageError.tooManyPixels(pixels: 50_005_000, limit: 50_000_000)) {
            try pipeline.probe(Fixtures.pngClaiming(width: 10001, height: 5000))
        }
    }

    @Test("an animated GIF over the frame limit is refused; at the limit it passes")
    func tooManyFrames() throws {
        #expect(throws: ImageError.tooManyFrames(frames: 301, limit: 300)) {
            try pipeline.probe(Fixtures.animatedGIF(frames: 301))
        }
        #expect(try pipeline.probe(Fixtures.animatedGIF(frames: 300)).frameCount == 300)
        // libvips' GIF reader stops counting a little past 4096 frames; refused all the same.
        #expect {
            try pipeline.probe(Fixtures.animatedGIF(frames: 5000))
        } throws: { error in
            guard case ImageError.tooManyFrames(let frames, 300) = error else { return false }
            return frames > 4000
        }
    }

    @Test("25 MB is the limit: one byte more is refused before anything is read")
    func uploadLimit() throws {
        #expect(ImagePipeline.maxUploadBytes == 25 * 1024 * 1024)
        #expect(ImageLimits.standard.maxBytes == 26_214_400)
        var tooBig = Data(count: ImagePipeline.maxUploadBytes + 1)
        tooBig.replaceSubrange(0..<3, with: [0xFF, 0xD8, 0xFF])
        #expect(throws: ImageError.tooLarge(bytes: 26_214_401, limit: 26_214_400)) { try pipeline.probe(tooBig) }
        #expect(throws: ImageError.tooLarge(bytes: 26_214_401, limit: 26_214_400)) { try pipeline.sniff(tooBig) }
        #expect("\(ImageError.tooLarge(bytes: 26_214_401, limit: 26_214_400))".contains("the limit is 25 MB"))
        let atLimit = tooBig.prefix(ImagePipeline.maxUploadBytes)
        #expect(try pipeline.sniff(atLimit) == .jpeg)
    }

    @Test("a HEIC or AVIF file this server's libheif cannot decode says so, not 'damaged'")
    func codecUnavailable() {
        let missing = "heifload: No decoding plugin installed for this compression format (11.2)"
        let error = Vips.readError(.heic, missing)
        #expect(error == .codecUnavailable(format: .heic, detail: missing))
        #expect(error.description.hasPrefix("HEIC/HEIF pictures are not supported on this server"))
        #expect(
            Vips.readError(.avif, "heifload: Unsupported codec")
                == .codecUnavailable(format: .avif, detail: "heifload: Unsupported codec"))
        #expect(Vips.readError(.jpeg, "Unsupported codec") == .damaged(format: .jpeg, detail: "Unsupported codec"))
        #expect(
            Vips.readError(.heic, "heifload: Invalid input: bad box")
                == .damaged(format: .heic, detail: "heifload: Invalid input: bad box"))
    }

    @Test("pipelines run on many threads at once")
    func concurrent() async throws {
        let original = try Fixtures.orientedJPEG(orientation: 8)
        let bomb = Fixtures.pngClaiming(width: 30000, height: 30000)
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let pipeline = ImagePipeline()
                    if index % 4 == 3 { return (try? pipeline.probe(bomb)) == nil }
                    guard let rendition = try? pipeline.rendition(of: original, width: 160, format: .webp),
                        let pixels = try? Fixtures.decode(rendition.bytes)
                    else { return false }
                    return pixels.topLeft.distance(to: .red) < 48 && rendition.height == 120
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 16 && results.allSatisfy { $0 })
    }
}
