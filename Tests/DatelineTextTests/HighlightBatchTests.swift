import DatelineText
import Foundation
import Testing

@Suite struct HighlightBatchTests {
    func run(_ input: Data) -> (lines: [[String: Any]], summary: HighlightBatch.Summary) {
        var output = Data()
        let summary = HighlightBatch().run(input, write: { output += $0 })
        let lines = output.split(separator: UInt8(ascii: "\n")).compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any]
        }
        return (lines, summary)
    }

    @Test func writesOneResultPerStoryInOrderAndEchoesIDs() throws {
        let input = """
            {"id": "a1", "article": "The mayor of Fairport, Lena Ortiz, opened the new bridge on Monday. Ortiz said it cost $4.5 million."}
            {"id": 42, "article": "Rain fell on the city all week. The river rose two feet."}
            {"id": 7.5, "article": ""}
            """
        let (lines, summary) = run(Data(input.utf8))
        #expect(summary.written == 3)
        #expect(summary.problems.isEmpty)
        #expect(lines.count == 3)
        #expect(lines[0]["id"] as? String == "a1")
        #expect((lines[1]["id"] as? NSNumber)?.intValue == 42)
        #expect((lines[2]["id"] as? NSNumber)?.doubleValue == 7.5)
        let highlights = try #require(lines[0]["highlights"] as? [String])
        #expect(highlights.count == 2)
        #expect((lines[0]["topics"] as? [String])?.contains("Lena Ortiz") == true)
        #expect((lines[2]["highlights"] as? [String])?.isEmpty == true)
    }

    @Test func everyLineListsItsEntitiesWithNameAndKind() throws {
        let input = """
            {"id": "c", "article": "Mayor Lena Ortiz of Fairport opened the new bridge on Monday. The Fairport Harbour Authority paid for it, Ortiz said. Traders in Fairport welcomed it."}
            {"id": "d", "article": "it rained all day and nobody went out."}
            """
        let (lines, _) = run(Data(input.utf8))
        let entities = try #require(lines[0]["entities"] as? [[String: Any]])
        #expect(!entities.isEmpty)
        for entity in entities {
            #expect(Set(entity.keys) == ["name", "kind"])
            #expect(["PER", "LOC", "ORG"].contains(entity["kind"] as? String ?? ""))
        }
        let names = entities.compactMap { $0["name"] as? String }
        #expect(names.first == "Lena Ortiz", "\(names)")
        #expect(entities.contains { $0["name"] as? String == "Lena Ortiz" && $0["kind"] as? String == "PER" })
        #expect((lines[1]["entities"] as? [Any])?.isEmpty == true)
        // The topics stay the short list.
        #expect((lines[0]["topics"] as? [String])?.count ?? 0 <= 6)
    }

    @Test func badLinesAreReportedWithTheirNumberAndSkipped() {
        var input = Data()
        input += Data("{\"id\": 1, \"article\": \"A good line about Oslo and its harbour today.\"}\n".utf8)
        input += Data("not json at all\n".utf8)
        input += Data("{\"id\": 3, \"article\": \"caf".utf8) + Data([0xE9, 0xFF]) + Data("\"}\n".utf8)
        input += Data("[1, 2, 3]\n".utf8)
        input += Data("{\"article\": \"no id\"}\n".utf8)
        input += Data("{\"id\": true, \"article\": \"bool id\"}\n".utf8)
        input += Data("{\"id\": 7, \"article\": 12}\n".utf8)
        input += Data("\n   \n".utf8)
        input += Data("{\"id\": 8, \"article\": \"The last good line is here now.\"}\r\n".utf8)
        let (lines, summary) = run(input)
        #expect(lines.map { ($0["id"] as? NSNumber)?.intValue } == [1, 8])
        #expect(summary.written == 2)
        #expect(summary.problems.count == 6)
        #expect(summary.problems.first == "line 2: not valid JSON; skipped")
        #expect(summary.problems.contains("line 3: not valid UTF-8; skipped"))
        #expect(summary.problems.contains("line 4: not a JSON object; skipped"))
        #expect(summary.problems.contains("line 5: no \"id\"; skipped"))
        #expect(summary.problems.contains("line 6: \"id\" must be a string or a number; skipped"))
        #expect(summary.problems.contains("line 7: \"article\" must be a string; skipped"))
    }

    @Test func emptyInputWritesNothing() {
        let (lines, summary) = run(Data())
        #expect(lines.isEmpty)
        #expect(summary.written == 0)
        #expect(summary.problems.isEmpty)
    }

    @Test func featuresModeWritesScoredSentences() throws {
        var output = Data()
        HighlightBatch(writesFeatures: true).run(
            Data("{\"id\": \"s\", \"article\": \"One sentence here today. Another one follows it.\"}".utf8),
            write: { output += $0 })
        let object = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        let sentences = try #require(object["sentences"] as? [[String: Any]])
        #expect(sentences.count == 2)
        #expect((sentences.first?["features"] as? [Any])?.count == HighlightFeatures.names.count)
    }
}
