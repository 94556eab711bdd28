import Foundation
import Testing

@testable import DatelineStore

@Suite("Stored JSON lists")
struct JSONStringListTests {
    static let samples: [[String]] = [
        [],
        [""],
        ["One paragraph."],
        ["He said \"no\" — twice.", "C:\\path\\to", "a/b/c", "tab\there", "line\nbreak", "cr\rlf"],
        ["Zürich, São Paulo, Kraków", "日本語のテキスト", "emoji 🗞️ and 👩🏽‍💻", "control \u{01}\u{1F} bytes"],
        ["\u{8}\u{C}", "\u{7F}", "\u{2028}\u{2029}", "null \u{0} inside"],
        Array(repeating: "The same paragraph, again.", count: 50),
    ]

    @Test("reads what JSONEncoder writes, exactly as JSONDecoder does", arguments: samples)
    func agreesWithFoundation(list: [String]) throws {
        for formatting: JSONEncoder.OutputFormatting in [[], [.withoutEscapingSlashes], [.prettyPrinted]] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = formatting
            let text = String(decoding: try encoder.encode(list), as: UTF8.self)
            #expect(JSONStringList.decode(text) == list, "\(text)")
            #expect(JSONStringList.decode(text) == (try JSONDecoder().decode([String].self, from: Data(text.utf8))))
        }
    }

    @Test("accepts JSON's whitespace and every short escape")
    func escapesAndWhitespace() {
        #expect(JSONStringList.decode(" [ \"a\" ,\n\t\"b\" ]\r\n") == ["a", "b"])
        #expect(JSONStringList.decode(#"["\"\\\/\b\f\n\r\t"]"#) == ["\"\\/\u{8}\u{C}\n\r\t"])
        #expect(JSONStringList.decode(#"["caf\u00e9", "\ud83d\udcf0"]"#) == ["café", "📰"])
    }

    @Test(
        "refuses anything that is not a JSON array of strings",
        arguments: [
            "", " ", "[", "]", "[\"a\"", "[\"a\",]", "[,\"a\"]", "[\"a\" \"b\"]", "[1]", "[null]", "{}",
            "\"a\"", "[\"a\"] x", "[\"a\"]]", "[\"\\x\"]", "[\"\\\"]", "[\"tab\tinside\"]", "[\"new\nline\"]",
            "['single']", "[\"a\"\u{0}]",
        ])
    func refusesMalformed(text: String) {
        #expect(JSONStringList.decode(text) == nil)
    }
}
