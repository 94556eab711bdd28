import Foundation
import FuzzerDriver

@testable import DatelineMarkup

/// One fuzz input, as a writer's Markdown body and as pasted HTML; what comes out of each must
/// pass ``SanitizedMarkupCheck``, and sanitising it again must change nothing.
func sanitizeMarkup(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: start == nil ? 0 : count), as: UTF8.self)
    let sanitizer = HTMLSanitizer()

    let fromHTML = sanitizer.sanitize(text)
    SanitizedMarkupCheck.require(fromHTML, from: "raw HTML")
    let again = sanitizer.sanitize(fromHTML)
    if again != fromHTML {
        fatalError(
            "sanitising sanitised HTML changed it:\n  once:  \(fromHTML.debugDescription)\n  twice: \(again.debugDescription)"
        )
    }

    for block in MarkdownBody.html(MarkdownBody.blocks(from: text)) {
        SanitizedMarkupCheck.require(block.sanitizedHTML, from: "Markdown")
        if let content = MarkdownBody.paragraphContent(block) {
            SanitizedMarkupCheck.require(content.sanitizedHTML, from: "a paragraph's content")
        }
    }
    return 0
}

/// The same entry under libFuzzer's conventional name, for when the linker takes libFuzzer's own `main`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 { sanitizeMarkup(start, count) }

exit(dateline_run_fuzzer(CommandLine.argc, CommandLine.unsafeArgv, sanitizeMarkup))
