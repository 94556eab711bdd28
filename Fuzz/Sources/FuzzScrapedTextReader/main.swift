import DatelineIngest
import Foundation
import FuzzerDriver

/// One fuzz input: it must end in a draft or an `IngestError`, never a crash or a hang.
func readScrapedText(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = start.map { Data(bytes: $0, count: count) } ?? Data()
    _ = try? ScrapedTextReader(maximumBytes: 1_000_000).read(RawPage(bytes: bytes, location: "fuzz.txt"))
    return 0
}

/// The same entry under libFuzzer's conventional name, for when the linker takes libFuzzer's own `main`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 { readScrapedText(start, count) }

exit(dateline_run_fuzzer(CommandLine.argc, CommandLine.unsafeArgv, readScrapedText))
