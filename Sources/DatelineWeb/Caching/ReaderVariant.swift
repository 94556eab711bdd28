import DatelineCore
import Foundation
import Glibc
import Hummingbird
import NIOCore

/// Which cached copy of a page a request gets, worked out from Dateline's own cookies only.
///
/// A reader page depends on two things a reader chooses: the text size (``FontStep``, a handful
/// of values) and the saved stories. The text size picks one of at most seven cached variants of
/// each page. The saved stories never shape a cached page: every page is cached as a reader with
/// nothing saved sees it, with two marked places — the count beside the masthead's "Saved" link
/// and the Save button of a story page — that ``ReaderFill`` fills in from the reader's cookie
/// as the page leaves, without a render or a database query. The form token is handled the same
/// way: cached pages carry an empty token field, and a reader holding the token cookie gets their
/// token written into it (a reader without one posts with the browser's same-origin proof, see
/// ``ReaderSession/verifyFormToken(in:)``).
///
/// Every other cookie — analytics, consent banners, anything another part of the site sets — is
/// ignored: it reaches neither the cache key nor the page.
struct ReaderVariant: Sendable, Equatable {
    /// The text size the page is rendered with.
    var fontStep: FontStep
    /// The reader's saved stories, filled into the cached page as it is sent.
    var saved: SavedStories
    /// The reader's form token, filled into the page's forms as it is sent.
    var csrfToken: CSRFToken? = nil

    /// True when the cached page is changed for this reader on its way out.
    var isFilled: Bool { !saved.slugs.isEmpty || csrfToken != nil }

    /// The variant for a request that may be answered from the cache, or nil when it must go
    /// the long way: not GET or HEAD, credentials, a newsroom sign-in (editors always see pages
    /// freshly rendered), or an address that is never cached.
    static func of(
        method: HTTPRequest.Method, headers: HTTPFields, path: Substring, defaultFontStep: FontStep
    ) -> ReaderVariant? {
        guard method == .get || method == .head, headers[.authorization] == nil,
            !PageCacheMiddleware.excludedPrefixes.contains(where: { path.utf8.starts(with: $0.utf8) })
        else { return nil }
        var variant = ReaderVariant(fontStep: defaultFontStep, saved: SavedStories())
        guard let cookieHeader = headers[.cookie] else { return variant }
        var sawSaved = false
        for pair in cookieHeader.utf8.split(separator: UInt8(ascii: ";")) {
            let trimmed = pair.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            guard trimmed.starts(with: "dateline_".utf8) else { continue }
            let name = trimmed.prefix { $0 != UInt8(ascii: "=") }
            let value = trimmed.dropFirst(name.count + 1)
            switch String(decoding: name, as: UTF8.self) {
            case ReaderCookies.fontName:
                variant.fontStep = FontStep(cookieValue: String(decoding: value, as: UTF8.self)) ?? defaultFontStep
            case ReaderCookies.savedName:
                // The saved list page shows the list itself; it is rendered for the reader.
                sawSaved = true
                variant.saved = SavedStories(cookieValue: String(decoding: value, as: UTF8.self))
            case ReaderCookies.csrfName:
                variant.csrfToken = CSRFToken(validating: String(decoding: value, as: UTF8.self))
            default:
                // The newsroom's sign-in cookies, and any Dateline cookie added later, are
                // personal until shown otherwise.
                return nil
            }
        }
        if sawSaved, !variant.saved.slugs.isEmpty, path == SitePaths.saved || path == SitePaths.savedList {
            return nil
        }
        return variant
    }

    /// The cache key of this variant of the page at `base` (the origin's key for the target):
    /// the default text size keeps the plain key, so readers without cookies share it.
    func cacheKey(_ base: String, defaultFontStep: FontStep) -> String {
        fontStep == defaultFontStep ? base : base + "\u{1}font=" + String(fontStep.value)
    }
}

/// Fills a reader's saved-stories state and form token into a page rendered for readers with
/// nothing saved and no token (see ``ReaderVariant``). The page marks the places with HTML
/// comments: ``countMarker`` where the count goes, and ``saveStateStart`` … ``saveStateEnd``
/// around a story's Save button; every empty token field (``emptyToken``) gets the token.
enum ReaderFill {
    static let emptyToken = Array("name=\"csrf_token\" value=\"\"".utf8)
    static let countMarker = Array("<!--saved-count-->".utf8)
    static let saveStateStart = Array("<!--save-state ".utf8)
    static let saveStateEnd = Array("<!--/save-state-->".utf8)

    /// The Save button's inside for a story the reader saved; the page holds the other state.
    static let removeState = Array(
        """
        <input type="hidden" name="action" value="remove">
        <button type="submit" class="tool-button tool-wide" aria-describedby="saved-note">\
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M3 1h10v14l-5-3.5L3 15z"/></svg>\
        Remove from saved</button>
        <span id="saved-note" class="tool-note">Saved</span>
        """.utf8)

    /// The page and headers as `variant`'s reader gets them. A reader with nothing saved and no
    /// token gets the cached page untouched; anyone else a private copy whose ETag names their state.
    static func apply(to headers: HTTPFields, body: ByteBuffer, variant: ReaderVariant) -> (HTTPFields, ByteBuffer) {
        guard variant.isFilled, headers[.contentType]?.hasPrefix("text/html") == true else {
            return (headers, body)
        }
        let saved = variant.saved
        let token = variant.csrfToken.map { Array("name=\"csrf_token\" value=\"\($0.value)\"".utf8) }
        var isSaved = false
        let filled = body.withUnsafeReadableBytes { bytes -> ByteBuffer in
            var output = ByteBuffer()
            output.reserveCapacity(bytes.count + removeState.count + 40)
            var position = 0
            /// Copies up to `end`, writing the token into every empty token field on the way.
            func copy(upTo end: Int) {
                guard let token else {
                    output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[position..<end]))
                    position = end
                    return
                }
                while let field = search(emptyToken, in: bytes, from: position), field < end {
                    output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[position..<field]))
                    output.writeBytes(token)
                    position = field + emptyToken.count
                }
                output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[position..<end]))
                position = end
            }
            if !saved.slugs.isEmpty, let count = search(countMarker, in: bytes, from: 0) {
                copy(upTo: count)
                output.writeString(" <span class=\"saved-count\">(\(saved.slugs.count))</span>")
                position = count + countMarker.count
            }
            if !saved.slugs.isEmpty, let start = search(saveStateStart, in: bytes, from: position),
                let slugEnd = search(Array("-->".utf8), in: bytes, from: start + saveStateStart.count),
                let end = search(saveStateEnd, in: bytes, from: slugEnd)
            {
                let slugText = String(
                    decoding: UnsafeRawBufferPointer(rebasing: bytes[(start + saveStateStart.count)..<slugEnd]),
                    as: UTF8.self)
                if let slug = Slug(validating: slugText), saved.contains(slug) {
                    isSaved = true
                    let innerStart = slugEnd + 3
                    copy(upTo: innerStart)
                    output.writeBytes(removeState)
                    position = end
                }
            }
            copy(upTo: bytes.count)
            return output
        }
        var headers = headers
        if headers[.cacheControl]?.contains("public") ?? true {
            headers[.cacheControl] = CachePolicy.personal.cacheControl
        }
        if let tag = headers[.eTag], tag.hasSuffix("\"") {
            var suffix = saved.slugs.isEmpty ? "" : "-s\(saved.slugs.count)\(isSaved ? "r" : "")"
            suffix += tokenTagSuffix(variant.csrfToken)
            headers[.eTag] = String(tag.dropLast()) + suffix + "\""
        }
        headers[.lastModified] = nil
        return (headers, filled)
    }

    /// ``apply(to:body:variant:)`` for a response on its way out of the router.
    static func apply(to response: Response, variant: ReaderVariant) async throws -> Response {
        guard variant.isFilled, response.status == .ok,
            response.headers[.contentType]?.hasPrefix("text/html") == true
        else { return response }
        let collector = BodyCollector()
        try await response.body.write(CollectingWriter(collector: collector))
        let (headers, body) = apply(to: response.headers, body: collector.buffer, variant: variant)
        var filled = response
        filled.headers = headers
        filled.body = ResponseBody(byteBuffer: body)
        return filled
    }

    /// What a form token adds to a filled page's ETag ("" without one).
    static func tokenTagSuffix(_ token: CSRFToken?) -> String {
        token.map { "-t" + String(fnv1a($0.value), radix: 16) } ?? ""
    }

    /// A stable 64-bit hash (FNV-1a), the same in every instance, for the token's part of an ETag.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    /// Where `needle` first occurs in `bytes` at or after `from`. The scan stops only at the
    /// needle's rarest-looking byte (its first that is not a letter, space or common markup
    /// character): the markers start with `<`, which a page holds every few bytes, and stopping
    /// at each `<` to compare cost more than copying the page.
    static func search(_ needle: [UInt8], in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard from <= bytes.count, !needle.isEmpty, let base = bytes.baseAddress else { return nil }
        let anchor = needle.firstIndex { !isCommonMarkupByte($0) } ?? 0
        var start = from
        while bytes.count - start >= needle.count {
            let scanFrom = start + anchor
            let scanLength = bytes.count - needle.count + anchor + 1 - scanFrom
            guard let found = memchr(base + scanFrom, Int32(needle[anchor]), scanLength) else { return nil }
            let candidate = base.distance(to: UnsafeRawPointer(found)) - anchor
            let matches = needle.withUnsafeBytes { memcmp(base + candidate, $0.baseAddress!, needle.count) == 0 }
            if matches { return candidate }
            start = candidate + 1
        }
        return nil
    }

    private static func isCommonMarkupByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: " "), UInt8(ascii: "<"), UInt8(ascii: ">"),
            UInt8(ascii: "\""), UInt8(ascii: "="), UInt8(ascii: "/"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
