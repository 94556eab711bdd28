import DatelineArchive
import Foundation
import FuzzerDriver

/// One fuzz input, read two ways; any broken promise stops the fuzzer with the input saved.
///
/// As given: ``ArchiveReader`` must return records or an ``ArchiveDefect`` with a reason, never
/// crash or hang, and what it accepts must be shaped like an archive. Random bytes almost never
/// carry a matching SHA-256, so the input's lines are also decoded one by one, written out again
/// as a sealed archive (header, records, a true trailer) and read back: that must give back
/// exactly the records written, which takes the fuzzer past the digest into every record type.
func readArchive(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = start.map { Data(bytes: $0, count: count) } ?? Data()
    checkAsGiven(bytes)
    checkSealed(recordsIn: bytes)
    return 0
}

/// Reads `bytes` as an archive file.
func checkAsGiven(_ bytes: Data) {
    let records: [ArchiveRecord]
    do {
        records = try ArchiveReader.records(from: bytes)
    } catch {
        if error.reason.trimmingCharacters(in: .whitespaces).isEmpty {
            fatalError("a refusal without a reason (line \(String(describing: error.line)))")
        }
        if let line = error.line, line < 1 { fatalError("a refusal naming line \(line): \(error)") }
        return
    }
    guard case .header(let header)? = records.first, header.refusal == nil else {
        fatalError(
            "accepted an archive that does not start with a readable header: \(records.first.map(\.type) ?? "none")")
    }
    guard case .trailer? = records.last, records.count >= 2 else {
        fatalError("accepted an archive that does not end with its trailer")
    }
    for record in records.dropFirst().dropLast() {
        switch record {
        case .header, .trailer: fatalError("accepted a second \(record.type) in the middle of an archive")
        default: continue
        }
    }
}

/// Writes the decodable records among `bytes`' lines as a sealed archive and reads it back.
func checkSealed(recordsIn bytes: Data) {
    var body: [ArchiveRecord] = []
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
        guard let record = try? ArchiveRecord(jsonLine: String(decoding: line, as: UTF8.self)) else { continue }
        switch record {
        case .header, .trailer: continue
        default: body.append(record)
        }
    }
    let header = ArchiveRecord.header(
        ArchiveRecord.Header(exportedAt: ArchiveTime(microseconds: 1_204_329_600_000_000), source: "fuzz"))
    var writer = ArchiveLineWriter()
    var archive = Data()
    do {
        for record in [header] + body { archive.append(try writer.line(for: record)) }
        archive.append(try writer.trailerLine())
    } catch {
        fatalError("a decoded record could not be written again: \(error)")
    }
    let readBack: [ArchiveRecord]
    do {
        readBack = try ArchiveReader.records(from: archive)
    } catch {
        fatalError("refused an archive the writer sealed: \(error)\n\(String(decoding: archive, as: UTF8.self))")
    }
    guard readBack.count == body.count + 2, readBack.first == header,
        readBack.dropFirst().dropLast().elementsEqual(body)
    else {
        fatalError(
            "a sealed archive read back differently: wrote \(body.count) records, read \(readBack.count - 2)\n"
                + String(decoding: archive, as: UTF8.self))
    }
}

/// The same entry under libFuzzer's conventional name, for when the linker takes libFuzzer's own `main`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 { readArchive(start, count) }

exit(dateline_run_fuzzer(CommandLine.argc, CommandLine.unsafeArgv, readArchive))
