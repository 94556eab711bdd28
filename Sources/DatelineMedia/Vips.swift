import CVips
import Foundation

/// libvips, started once for the process and set up for a server: one worker thread per
/// operation (requests are the parallelism), no operation cache (every original is seen once per
/// rendition, and a cache would hold decoded pixels), and only the accepted formats' loaders.
enum Vips {
    private static let started: String? = {
        if dl_vips_init("dateline") != 0 { return takeError() }
        vips_concurrency_set(1)
        vips_cache_set_max(0)
        vips_cache_set_max_mem(0)
        vips_cache_set_max_files(0)
        dl_vips_allow_only_accepted_loaders()
        return nil
    }()

    /// Starts libvips (the first call only; later calls return at once).
    static func start() throws {
        if let failure = started { throw ImageError.processingFailed("libvips did not start: \(failure)") }
    }

    /// What libvips reported for the last failure, on one line, and clears it.
    static func takeError() -> String {
        guard let text = dl_vips_take_error() else { return "unknown error" }
        defer { dl_vips_free(text) }
        // libvips repeats itself (one line per failed read of a damaged file): keep the first
        // two different lines, short enough to show a person.
        var lines: [String] = []
        for line in String(cString: text).split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty && !lines.contains(trimmed) { lines.append(trimmed) }
        }
        let joined = lines.prefix(2).joined(separator: "; ")
        return joined.isEmpty ? "unknown error" : String(joined.prefix(200))
    }

    /// The loader Dateline's own sniffing picked.
    static func loader(for format: ImageFormat) -> Int32 {
        switch format {
        case .jpeg: Int32(DL_VIPS_JPEG)
        case .png: Int32(DL_VIPS_PNG)
        case .webp: Int32(DL_VIPS_WEBP)
        case .avif, .heic: Int32(DL_VIPS_HEIF)
        case .gif: Int32(DL_VIPS_GIF)
        }
    }

    /// An error for a file libvips could not read: a missing codec for HEIF/AVIF, otherwise damage.
    static func readError(_ format: ImageFormat, _ detail: String) -> ImageError {
        let lowered = detail.lowercased()
        let missingCodec = ["no decoding plugin", "unsupported codec", "unsupported feature", "decoder plugin"]
        if format == .heic || format == .avif, missingCodec.contains(where: lowered.contains) {
            return .codecUnavailable(format: format, detail: detail)
        }
        return .damaged(format: format, detail: detail)
    }

    /// Copies a buffer libvips allocated into Swift memory and frees it.
    static func takeBuffer(_ pointer: UnsafeMutableRawPointer?, _ length: Int) -> [UInt8] {
        guard let pointer else { return [] }
        defer { dl_vips_free(pointer) }
        return Array(UnsafeRawBufferPointer(start: pointer, count: length))
    }
}
