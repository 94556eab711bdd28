import Crypto
import Foundation

/// Reads an archive's bytes as records and refuses anything but a whole archive of this
/// version: a header first, then records, then one trailer whose line count, record counts
/// and SHA-256 match every byte before it.
///
/// A missing trailer means the file was cut short (`head -n 90`, a full disk, a copy stopped
/// half-way); a digest that does not match means it was changed; lines after the trailer mean
/// something was appended or two archives were joined. Each is refused with the line where it
/// shows, so an import never stores part of a site as if it were the whole.
public enum ArchiveReader {
    /// The records of `data`, the trailer last, or the first thing that makes it not a whole archive.
    public static func records(from data: Data) throws(ArchiveDefect) -> [ArchiveRecord] {
        let lines = Self.lines(of: data)
        guard let first = lines.first, lines.contains(where: { !$0.isBlank(in: data) }) else {
            throw ArchiveDefect("the file is empty; it is not a Dateline archive")
        }
        guard case .header(let header) = try decode(first, in: data, lines: lines) else {
            throw ArchiveDefect(
                line: 1, "the first record must be the archive header; is this a file written by `dateline export`?")
        }
        if let refusal = header.refusal { throw ArchiveDefect(line: 1, refusal) }
        guard let last = lines.last(where: { !$0.isBlank(in: data) }), last.number > 1,
            case .trailer(let trailer)? = try? ArchiveRecord(jsonLine: data[last.range])
        else {
            try explainMissingTrailer(lines, in: data)
        }
        if last.number != lines.count {
            throw ArchiveDefect(
                line: lines.count,
                "blank lines follow the trailer (line \(last.number)); the archive was changed after export")
        }
        let digest = ArchiveLineWriter.hex(SHA256.hash(data: data[data.startIndex..<last.range.lowerBound]))
        guard digest == trailer.sha256 else {
            try explainInnerTrailer(lines.dropLast(lines.count - last.number + 1), in: data)
            let crlf = data[data.startIndex..<last.range.lowerBound].contains(0x0D)
            throw ArchiveDefect(
                "the archive's bytes do not match the SHA-256 in its trailer (line \(last.number)): it was changed "
                    + "or damaged after export"
                    + (crlf ? " (it holds CR LF line breaks, as a Windows tool or a text-mode transfer writes)" : "")
                    + "; use an untouched copy, or export it again")
        }
        guard trailer.lines == last.number - 1 else {
            throw ArchiveDefect(
                line: last.number,
                "the trailer counts \(trailer.lines) lines before it but there are \(last.number - 1); lines were "
                    + "removed or added after export")
        }
        var records: [ArchiveRecord] = [.header(header)]
        var counts = ArchiveCounts()
        for line in lines[1..<(last.number - 1)] where !line.isBlank(in: data) {
            let record = try decode(line, in: data, lines: lines)
            switch record {
            case .header:
                throw ArchiveDefect(line: line.number, "a second header; archives cannot be joined")
            case .trailer:
                throw ArchiveDefect(line: line.number, "a second trailer; archives cannot be joined")
            default:
                counts.count(record)
                records.append(record)
            }
        }
        let differences = counts.differences(fromTrailer: trailer.counts)
        guard differences.isEmpty else {
            throw ArchiveDefect(
                line: last.number,
                "the archive holds \(differences.joined(separator: ", ")); records were removed or added after export")
        }
        records.append(.trailer(trailer))
        return records
    }

    /// Says why an archive whose last line is not its trailer is refused: a trailer earlier
    /// on (something follows it), a line cut in the middle, a bad line, or no trailer at all.
    private static func explainMissingTrailer(_ lines: [Line], in data: Data) throws(ArchiveDefect) -> Never {
        for line in lines.dropFirst() where !line.isBlank(in: data) {
            let record: ArchiveRecord
            do {
                record = try ArchiveRecord(jsonLine: data[line.range])
            } catch {
                if line.number == lines.count && !line.isTerminated {
                    throw ArchiveDefect(
                        "the archive ends in the middle of line \(line.number), without its trailer: it was cut "
                            + "short; export it again")
                }
                throw ArchiveDefect(line: line.number, "not a valid archive record (\(describe(error)))")
            }
            switch record {
            case .trailer:
                throw ArchiveDefect(
                    line: line.number,
                    "the archive's trailer is followed by \(lines.count - line.number) more lines; something was "
                        + "appended after export, or archives were joined: use the file `dateline export` wrote")
            case .header:
                throw ArchiveDefect(line: line.number, "a second header; archives cannot be joined")
            default: continue
            }
        }
        let end = lines.last(where: { !$0.isBlank(in: data) })?.number ?? 1
        throw ArchiveDefect(
            "the archive ends after line \(end) without its trailer: it was cut short; export it again")
    }

    /// Refuses, as joined archives, lines whose middle holds a header or a trailer; used to
    /// say more than "the digest does not match" when that is what happened.
    private static func explainInnerTrailer(_ lines: ArraySlice<Line>, in data: Data) throws(ArchiveDefect) {
        for line in lines.dropFirst() {
            switch try? ArchiveRecord(jsonLine: data[line.range]) {
            case .trailer?:
                throw ArchiveDefect(
                    line: line.number,
                    "a trailer in the middle of the archive: archives were joined, or lines were added after "
                        + "export; use the file `dateline export` wrote")
            case .header?:
                throw ArchiveDefect(line: line.number, "a second header; archives cannot be joined")
            default: continue
            }
        }
    }

    /// One line of the file: its bytes without the line break, its number from 1, and whether a
    /// line break ended it.
    private struct Line {
        var range: Range<Data.Index>
        var number: Int
        var isTerminated: Bool

        func isBlank(in data: Data) -> Bool {
            data[range].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        }
    }

    /// The lines of `data`; a last line break does not start another line.
    private static func lines(of data: Data) -> [Line] {
        var lines: [Line] = []
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0x0A)
            lines.append(Line(range: start..<(end ?? data.endIndex), number: lines.count + 1, isTerminated: end != nil))
            start = end.map { data.index(after: $0) } ?? data.endIndex
        }
        return lines
    }

    /// The record on `line`, or a defect naming the line.
    private static func decode(_ line: Line, in data: Data, lines: [Line]) throws(ArchiveDefect) -> ArchiveRecord {
        do {
            return try ArchiveRecord(jsonLine: data[line.range])
        } catch {
            if line.number == lines.count && !line.isTerminated && line.number > 1 {
                throw ArchiveDefect(
                    "the archive ends in the middle of line \(line.number), without its trailer: it was cut short; "
                        + "export it again")
            }
            throw ArchiveDefect(line: line.number, "not a valid archive record (\(describe(error)))")
        }
    }

    /// A decoding error in a few words: what is wrong and where in the record.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).joined(separator: ".")
            return keys.isEmpty ? "" : " at '\(keys)'"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.debugDescription + path(context)
        @unknown default: return "\(error)"
        }
    }
}
