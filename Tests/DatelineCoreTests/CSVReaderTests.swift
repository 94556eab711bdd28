import Testing

@testable import DatelineCore

@Suite("CSVReader")
struct CSVReaderTests {
    private func read(_ text: String, fieldLimit: Int = 1000) -> [Result<CSVReader.Record, CSVReader.Problem>] {
        Array(CSVReader(Array(text.utf8), fieldLimit: fieldLimit))
    }

    private func records(_ text: String) -> [[String]] {
        read(text).compactMap { try? $0.get().fields }
    }

    @Test("plain and quoted fields, doubled quotes, CRLF and LF, a missing last newline")
    func quoting() {
        #expect(records("a,b\r\nc,d\n") == [["a", "b"], ["c", "d"]])
        #expect(records("a,b") == [["a", "b"]])
        #expect(records(#""a, ""quoted"" one",b"#) == [[#"a, "quoted" one"#, "b"]])
        #expect(records("a,\n,b\n") == [["a", ""], ["", "b"]])
        #expect(records("x,") == [["x", ""]])
        #expect(records(#""",x"#) == [["", "x"]])
    }

    @Test("a quoted field may hold a line break; the record keeps the line it starts on")
    func lineBreakInQuotes() {
        let results = read("email\n\"a@example.com\nBcc: b@example.com\",x\nc@example.com\n")
        let lines = results.compactMap { try? $0.get().line }
        #expect(lines == [1, 2, 4])
        #expect(records("h\n\"one\r\ntwo\"\n") == [["h"], ["one\r\ntwo"]])
    }

    @Test("empty lines and a byte order mark are skipped")
    func blanksAndBOM() {
        let bom = String(decoding: [0xEF, 0xBB, 0xBF], as: UTF8.self)
        #expect(records(bom + "email\n\n\r\nx@example.com\n") == [["email"], ["x@example.com"]])
        #expect(read("").isEmpty)
    }

    @Test("broken records are reported with their line and reason, and reading goes on after them")
    func problems() {
        let results = read("email\n\"open@example.com,x\nnext@example.com\nbad\"quote\n\"a\"b\nlast@example.com")
        let problems = results.compactMap { result -> CSVReader.Problem? in
            if case .failure(let problem) = result { return problem }
            return nil
        }
        #expect(problems.map(\.line) == [2, 4, 5])
        // The quote on line 2 runs on to line 4's quote, which text then follows.
        #expect(problems[0].reason.contains("follows a closing quote"))
        #expect(problems[1].reason.contains("quote inside an unquoted field"))
        #expect(problems[2].reason.contains("follows a closing quote"))
        #expect(
            records("email\n\"open@example.com,x\nnext@example.com\nlast@example.com") == [
                ["email"], ["next@example.com"], ["last@example.com"],
            ])
        let lines = results.compactMap { try? $0.get().line }
        #expect(lines == [1, 3, 6])
        let unclosed = read("email\n\"open@example.com\nnext@example.com\n")
        guard case .failure(let problem) = unclosed[1] else {
            Issue.record("an unclosed quote was read as a record")
            return
        }
        #expect(problem.line == 2 && problem.reason.contains("never closed"))
        #expect(unclosed.count == 3)
    }

    @Test("an over-long field and invalid UTF-8 make their record a problem")
    func limits() {
        let long = read("a\n" + String(repeating: "x", count: 11) + "\nok\n", fieldLimit: 10)
        #expect(long.count == 3)
        if case .failure(let problem) = long[1] {
            #expect(problem.line == 2 && problem.reason.contains("longer than 10 bytes"))
        } else {
            Issue.record("an 11-byte field passed a 10-byte limit")
        }
        let quotedLong = read("\"" + String(repeating: "y", count: 50) + "\nz\n", fieldLimit: 10)
        #expect(quotedLong.compactMap { try? $0.get().fields } == [["z"]])
        var bytes = Array("a\n".utf8)
        bytes += [0xFF, 0xFE, 0x0A]
        bytes += Array("b\n".utf8)
        let invalid = Array(CSVReader(bytes))
        #expect(invalid.count == 3)
        if case .failure(let problem) = invalid[1] {
            #expect(problem.reason.contains("UTF-8"))
        } else {
            Issue.record("invalid UTF-8 was read as text")
        }
    }
}
