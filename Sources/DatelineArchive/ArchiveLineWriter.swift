import Crypto
import DatelineCore
import Foundation

/// Turns records into an archive's lines and, once they are all written, the trailer that
/// vouches for them: the lines counted, the records counted by kind, and the SHA-256 of every
/// byte so far.
public struct ArchiveLineWriter {
    private var hasher = SHA256()
    private var lines = 0
    /// The records written so far, by kind.
    public private(set) var counts = ArchiveCounts()

    /// Starts an archive.
    public init() {}

    /// The line for `record`, line break included, taken into the trailer's digest and counts.
    /// Refuses a trailer: the writer makes that one itself.
    public mutating func line(for record: ArchiveRecord) throws(StoreError) -> Data {
        if case .trailer = record { throw .failed("an archive's trailer is written by finishing it, not as a record") }
        var line: Data
        do {
            line = Data(try record.jsonLine().utf8)
        } catch {
            throw .failed("a \(record.type) record could not be written as JSON: \(error)")
        }
        line.append(0x0A)
        hasher.update(data: line)
        lines += 1
        counts.count(record)
        return line
    }

    /// The trailer line for everything written so far; the archive's last line.
    public func trailerLine() throws(StoreError) -> Data {
        let trailer = ArchiveRecord.Trailer(lines: lines, counts: counts, sha256: Self.hex(hasher.finalize()))
        do {
            var line = Data(try ArchiveRecord.trailer(trailer).jsonLine().utf8)
            line.append(0x0A)
            return line
        } catch {
            throw .failed("the archive's trailer could not be written as JSON: \(error)")
        }
    }

    /// A digest as lower-case hex, the way the trailer writes it.
    public static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(SHA256.byteCount * 2)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
