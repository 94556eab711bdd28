import DatelineIngest
import Foundation
import FuzzerDriver

/// One fuzz input: it must end in a draft or an `IngestError`, never a crash or a hang.
func readHTML(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = start.map { Data(bytes: $0, count: count) } ?? Data()
    // The first byte picks a declared charset, so the charset fallbacks are fuzzed too.
    let charsets: [String?] = [nil, "utf-8", "windows-1252", "utf-16", "shift_jis", "koi8-r", "bogus"]
    let declared = bytes.first.map { charsets[Int($0) % charsets.count] } ?? nil
    let page = RawPage(bytes: bytes, location: "fuzz.html", declaredCharset: declared)
    let reader = HTMLPageReader(maximumBytes: 1_000_000)
    _ = try? reader.read(page)
    _ = try? reader.extractText(page)
    return 0
}

/// The same entry under libFuzzer's conventional name, for when the linker takes libFuzzer's own `main`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 { readHTML(start, count) }

exit(dateline_run_fuzzer(CommandLine.argc, CommandLine.unsafeArgv, readHTML))
