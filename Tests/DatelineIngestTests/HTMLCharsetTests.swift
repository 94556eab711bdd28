import Foundation
import Testing

@testable import DatelineIngest

@Suite("HTMLCharset")
struct HTMLCharsetTests {
    private func decoded(_ bytes: [UInt8], declared: String? = nil) -> (text: String, charset: String) {
        let result = HTMLCharset.decode(bytes, declared: declared)
        return (String(decoding: result.utf8, as: UTF8.self), result.charset)
    }

    @Test("plain UTF-8 passes through")
    func utf8() {
        let result = decoded(Array("<p>café — naïve</p>".utf8))
        #expect(result.text == "<p>café — naïve</p>")
        #expect(result.charset == "utf-8")
    }

    @Test("a UTF-8 byte-order mark is honoured and removed")
    func utf8BOM() {
        let result = decoded([0xEF, 0xBB, 0xBF] + Array("<p>é</p>".utf8), declared: "windows-1252")
        #expect(result.text == "<p>é</p>")
    }

    @Test("UTF-16 with a byte-order mark becomes UTF-8")
    func utf16() {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<p>Zoë</p>".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let result = decoded(bytes)
        #expect(result.text == "<p>Zoë</p>")
        #expect(result.charset == "utf-16le")
    }

    @Test(
        "<meta charset> and http-equiv declarations are found",
        arguments: [
            #"<meta charset="windows-1252">"#,
            #"<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">"#,
            "<META CHARSET=latin1>",
        ])
    func metaDeclaration(meta: String) {
        let bytes = Array("<html><head>\(meta)</head><body><p>caf".utf8) + [0xE9] + Array("</p>".utf8)
        let result = decoded(bytes)
        #expect(result.text.hasSuffix("<p>café</p>"))
        #expect(result.charset == "windows-1252")
    }

    @Test("Windows-1252 punctuation maps to the right characters")
    func windows1252() {
        let result = decoded([0x93, 0x68, 0x69, 0x94, 0x20, 0x80, 0x35, 0x20, 0x97], declared: "windows-1252")
        #expect(result.text == "“hi” €5 —")
    }

    @Test("a page declared as UTF-8 that is not falls back to Windows-1252")
    func wrongUTF8Declaration() {
        let bytes =
            Array("<meta charset=utf-8><p>".utf8) + [0x93, 0x43, 0x61, 0x66, 0xE9, 0x94] + Array(" and ".utf8)
            + [0xE0, 0x20, 0x6C, 0x61]
        let result = decoded(bytes)
        #expect(result.text.hasSuffix("<p>“Café” and à la"))
        #expect(result.charset == "windows-1252")
    }

    @Test("a page declared as Latin-1 whose bytes are UTF-8 is read as UTF-8")
    func wrongLatin1Declaration() {
        let result = decoded(Array("<p>Søren’s café</p>".utf8), declared: "iso-8859-1")
        #expect(result.text == "<p>Søren’s café</p>")
        #expect(result.charset == "utf-8")
    }

    @Test("a stray bad byte in a UTF-8 page is repaired, not taken as a different charset")
    func strayByte() {
        let bytes = Array("<p>naïve café déjà vu — ".utf8) + [0xFF] + Array(" résumé</p>".utf8)
        let result = decoded(bytes)
        #expect(result.charset == "utf-8")
        #expect(result.text.contains("déjà vu"))
        #expect(result.text.contains("\u{FFFD}"))
    }

    @Test("legacy charsets the C library knows are converted")
    func iconvCharset() {
        // "привет" in KOI8-R.
        let result = decoded([0xD0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], declared: "koi8-r")
        #expect(result.text == "привет")
    }

    @Test("an unknown declared charset falls back to detection")
    func unknownCharset() {
        let result = decoded(Array("<p>café</p>".utf8), declared: "x-no-such-charset")
        #expect(result.text == "<p>café</p>")
    }
}
