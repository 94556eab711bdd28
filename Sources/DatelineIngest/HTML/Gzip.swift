import CLibXML2
import Foundation

/// Inflates gzip-compressed pages (`.html.gz`), refusing output beyond a size limit so a
/// small compressed bomb cannot exhaust memory.
enum Gzip {
    /// Why inflating failed, in words for an ``IngestError``.
    struct Failure: Error {
        var message: String
    }

    /// True when `data` starts with the gzip magic number.
    static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// The inflated bytes of every gzip member in `data`, at most `limit` bytes of them.
    static func inflate(_ data: Data, limit: Int) throws(Failure) -> Data {
        var stream = z_stream()
        // 15 window bits + 32: let zlib recognise the gzip (or zlib) header itself.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(message: "cannot start gzip decompression")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunkSize = 64 * 1024
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        defer { chunk.deallocate() }
        var failure: Failure?
        data.withUnsafeBytes { (inputBuffer: UnsafeRawBufferPointer) in
            guard let base = inputBuffer.bindMemory(to: UInt8.self).baseAddress else { return }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(inputBuffer.count)
            while true {
                stream.next_out = chunk
                stream.avail_out = uInt(chunkSize)
                let status = CLibXML2.inflate(&stream, Z_NO_FLUSH)
                output.append(chunk, count: chunkSize - Int(stream.avail_out))
                if output.count > limit {
                    failure = Failure(message: "the page inflates to more than \(limit / 1_000_000) MB")
                    return
                }
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    // Concatenated gzip members form one file.
                    guard stream.avail_in >= 2, stream.next_in[0] == 0x1f, stream.next_in[1] == 0x8b else { return }
                    inflateReset(&stream)
                case Z_BUF_ERROR where stream.avail_in == 0:
                    // The input ended mid-stream: keep what inflated, as a browser shows a cut-off page.
                    return
                default:
                    if output.isEmpty { failure = Failure(message: "the gzip data is corrupt") }
                    return
                }
            }
        }
        if let failure { throw failure }
        return output
    }
}
