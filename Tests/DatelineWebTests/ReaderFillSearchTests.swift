import Testing

@testable import DatelineWeb

/// The byte search that finds the saved-state markers in a cached page, against a plain
/// position-by-position search on many generated pages and needles.
@Suite("Finding markers in a cached page")
struct ReaderFillSearchTests {
    static func naive(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard from <= haystack.count, !needle.isEmpty, haystack.count >= needle.count else { return nil }
        for start in from...max(from, haystack.count - needle.count) where start + needle.count <= haystack.count {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }

    @Test("finds what a plain search finds, markers and short needles, at every start")
    func matchesNaiveSearch() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("<!-a_\"= >s".utf8)
        let markers = [
            ReaderFill.countMarker, ReaderFill.saveStateStart, ReaderFill.saveStateEnd, ReaderFill.emptyToken,
        ]
        for round in 0..<400 {
            var page = (0..<Int.random(in: 0...120, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }
            let needle: [UInt8]
            if round % 2 == 0 {
                needle = markers[round / 2 % markers.count]
                if round % 4 == 0 {
                    page.insert(contentsOf: needle, at: Int.random(in: 0...page.count, using: &generator))
                }
            } else {
                needle = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator)!
                }
            }
            for from in stride(from: 0, through: page.count, by: 7) {
                let found = page.withUnsafeBytes { ReaderFill.search(needle, in: $0, from: from) }
                #expect(
                    found == Self.naive(needle, in: page, from: from), "page \(page), needle \(needle), from \(from)")
            }
        }
    }
}
