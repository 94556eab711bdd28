import DatelineCore
import Foundation

/// Tells an agency's own document — IPTC ninjs JSON or a NewsML-G2 `newsItem`/`newsMessage` —
/// from a feed or a web page, by its content, so a followed source can serve either: an
/// agency's feed address that answers with a news message, or an RSS entry whose link leads to a
/// ninjs item, is read field by field instead of being scraped.
///
/// Only the start of the bytes is looked at (no parsing): a JSON object or array whose first
/// object has a `"uri"` key and is not a JSON Feed, or XML whose root element (after the prolog,
/// comments and a doctype) is `newsItem` or `newsMessage`, with any prefix. The readers then
/// check the document properly and refuse it with a reason when it is not what it looked like.
public enum AgencyDocument {
    /// The media types agencies serve these documents as, beside the generic JSON and XML ones.
    public static let mediaTypes: Set<String> = [
        "application/json", "application/ninjs+json", "application/xml", "text/xml",
        "application/vnd.iptc.g2.newsitem+xml", "application/vnd.iptc.g2.newsmessage+xml",
        "application/vnd.iptc.g2.packageitem+xml",
    ]

    /// How far into the bytes the sniffer looks for the root element or the first key.
    static let window = 4_096

    /// The agency format `bytes` are in, or nil when they look like anything else.
    public static func format<Bytes: Collection<UInt8>>(of bytes: Bytes) -> WireFormat? {
        var head = Array(bytes.prefix(window))
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        let start = head.drop { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
        switch start.first {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return looksLikeNinjs(String(decoding: start, as: UTF8.self)) ? .ninjs : nil
        case UInt8(ascii: "<"):
            return rootElement(of: Array(start)).map { ["newsItem", "newsMessage"].contains($0) } == true
                ? .newsML : nil
        default:
            return nil
        }
    }

    /// A ninjs item has a `uri`; a JSON Feed has a `version` naming jsonfeed.org (and may have
    /// items with ids, never a top-level `uri`).
    private static func looksLikeNinjs(_ text: String) -> Bool {
        if text.contains("jsonfeed.org") { return false }
        return text.contains("\"uri\"")
    }

    /// The local name of the first element in `bytes`, skipping the XML declaration, processing
    /// instructions, comments and a doctype; nil when none starts within the bytes.
    static func rootElement(of bytes: [UInt8]) -> String? {
        var index = 0
        func skip(past terminator: [UInt8]) -> Bool {
            while index + terminator.count <= bytes.count {
                if bytes[index..<(index + terminator.count)].elementsEqual(terminator) {
                    index += terminator.count
                    return true
                }
                index += 1
            }
            return false
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            let rest = bytes[(index + 1)...]
            if rest.starts(with: Array("?".utf8)) {
                guard skip(past: Array("?>".utf8)) else { return nil }
            } else if rest.starts(with: Array("!--".utf8)) {
                guard skip(past: Array("-->".utf8)) else { return nil }
            } else if rest.starts(with: Array("!".utf8)) {
                guard skip(past: Array(">".utf8)) else { return nil }
            } else {
                let name = rest.prefix { byte in
                    !([0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(byte))
                }
                guard !name.isEmpty else { return nil }
                let qualified = String(decoding: name, as: UTF8.self)
                return qualified.split(separator: ":").last.map(String.init)
            }
        }
        return nil
    }
}

extension WireFileReader {
    /// The items in `bytes` fetched from `origin` when they are an agency document (see
    /// ``AgencyDocument``), nil when they are not one; an error names what is wrong with a
    /// document that looks like one but cannot be read.
    public func readAgencyDocument(_ bytes: [UInt8], origin: String, fallbackSource: String) throws(IngestError)
        -> [WireItemDraft]?
    {
        guard let format = AgencyDocument.format(of: bytes) else { return nil }
        do throws(WireReadError) {
            switch format {
            case .ninjs: return try ninjs.read(bytes, origin: origin, fallbackSource: fallbackSource)
            case .newsML: return try newsML.read(bytes, origin: origin, fallbackSource: fallbackSource)
            case .page: return nil
            }
        } catch {
            let name = format == .ninjs ? "ninjs" : "NewsML-G2"
            throw IngestError(location: origin, message: "the \(name) document was refused: \(error.message)")
        }
    }
}
