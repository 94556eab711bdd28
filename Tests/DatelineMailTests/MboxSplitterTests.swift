import Testing

@testable import DatelineMail

@Suite struct MboxSplitterTests {
    private func split(_ text: String, limit: Int = 1_000, chunk: Int = .max) -> [MboxSplitter.Entry] {
        var splitter = MboxSplitter(maximumMessageBytes: limit)
        let bytes = Array(text.utf8)
        var entries: [MboxSplitter.Entry] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + min(chunk, bytes.count))
            entries += splitter.feed(bytes[start..<end])
            start = end
        }
        return entries + splitter.finish()
    }

    private func texts(_ entries: [MboxSplitter.Entry]) -> [String] {
        entries.compactMap {
            if case .message(_, let bytes) = $0 { return String(decoding: bytes, as: UTF8.self) }
            return nil
        }
    }

    private let mbox = """
        From MAILER-DAEMON Thu Dec  3 09:15:00 2026
        Subject: one

        Body one
        >From the desk, unescaped once
        >>From stays escaped once

        From MAILER-DAEMON Thu Dec  3 09:16:00 2026
        Subject: two

        Body two
        From inside a paragraph stays
        """

    @Test("messages split at postmarks after blank lines; mboxrd escapes lose one '>'; any chunking")
    func splitting() {
        for chunk in [1, 3, 7, 64, .max] {
            let found = texts(split(mbox, chunk: chunk))
            #expect(found.count == 2, "chunk \(chunk)")
            #expect(
                found.first == "Subject: one\n\nBody one\nFrom the desk, unescaped once\n>From stays escaped once\n\n")
            #expect(found.dropFirst().first == "Subject: two\n\nBody two\nFrom inside a paragraph stays")
        }
    }

    @Test("a single saved message with no postmark is one message; blank input is none")
    func singleMessage() {
        #expect(texts(split("Subject: alone\n\nText\n")) == ["Subject: alone\n\nText\n"])
        #expect(split("\n\n  \n").isEmpty)
        #expect(split("From nobody\n").isEmpty)
    }

    @Test("a message over the limit is reported by size, without keeping it; the next one is read")
    func oversized() {
        let huge =
            "From a\nSubject: big\n\n" + String(repeating: "x", count: 5_000) + "\n\nFrom b\nSubject: small\n\nok\n"
        let entries = split(huge, limit: 100, chunk: 512)
        #expect(entries.count == 2)
        guard case .oversized(let index, let size) = entries.first else {
            Issue.record("the first message should be oversized")
            return
        }
        #expect(index == 1 && size > 5_000)
        #expect(texts(entries) == ["Subject: small\n\nok\n"])
    }

    @Test("a very long postmark line and a very long body line are handled in bounded memory")
    func longLines() {
        let text =
            "From " + String(repeating: "p", count: 500) + "\nSubject: s\n\n" + String(repeating: "q", count: 300)
        #expect(texts(split(text, chunk: 17)) == ["Subject: s\n\n" + String(repeating: "q", count: 300)])
    }
}
