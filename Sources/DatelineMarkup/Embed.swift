import DatelineCore

/// A body block that is nothing but a link to a video or a social post, shown as more than a link.
///
/// Nothing here ever loads anything from the other site. A video becomes a poster drawn by the
/// site's own stylesheet that links to the video; `reader.js` swaps in the provider's
/// privacy-enhanced player (youtube-nocookie.com, Vimeo with `dnt=1`) only when the reader clicks
/// it, so the stored and sanitised HTML never holds an iframe. A post becomes a quoted block
/// naming the network, with a link to the post: no network's script runs on the page.
///
/// Every part taken from the URL is checked against a strict pattern and the link is rebuilt
/// from those parts, so nothing else in the URL reaches the page. A URL on any other host stays
/// an ordinary link.
enum Embed: Equatable {
    case video(VideoProvider, id: String)
    case post(SocialNetwork, url: String, author: String?)
    /// A bare link on a host with no embed.
    case link(String)

    enum VideoProvider: String {
        case youtube, vimeo

        var name: String {
            switch self {
            case .youtube: return "YouTube"
            case .vimeo: return "Vimeo"
            }
        }
    }

    enum SocialNetwork: String {
        case x, bluesky, mastodon, instagram

        var name: String {
            switch self {
            case .x: return "X"
            case .bluesky: return "Bluesky"
            case .mastodon: return "Mastodon"
            case .instagram: return "Instagram"
            }
        }
    }

    /// The embed a block stands for: a block of one http(s) URL (optionally in `<…>`), else nil.
    init?(block: String) {
        var text = block.trimmingWhitespace()
        if text.hasPrefix("<"), text.hasSuffix(">") { text = String(text.dropFirst().dropLast()) }
        guard text.utf8.count <= 2048, !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }),
            let url = Self.parse(text)
        else { return nil }
        self = Self.recognise(url) ?? .link(text)
    }

    /// The link's parts: host (lower case, without "www." or "m."), path components, query items.
    private struct Parsed {
        var host: String
        var path: [Substring]
        var query: [(name: Substring, value: Substring)]
    }

    private static func parse(_ text: String) -> Parsed? {
        let lowered = text.lowercased()
        let rest: Substring
        if lowered.hasPrefix("https://") {
            rest = text.dropFirst(8)
        } else if lowered.hasPrefix("http://") {
            rest = text.dropFirst(7)
        } else {
            return nil
        }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        var host = rest[..<authorityEnd].lowercased()
        guard !host.isEmpty, host.contains("."),
            host.unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-"
            })
        else { return nil }
        for prefix in ["www.", "m.", "mobile."] where host.hasPrefix(prefix) { host.removeFirst(prefix.count) }
        var remainder = rest[authorityEnd...]
        if let hash = remainder.firstIndex(of: "#") { remainder = remainder[..<hash] }
        let pathPart = remainder.prefix(while: { $0 != "?" })
        let queryPart = remainder.dropFirst(pathPart.count).dropFirst()
        let path = pathPart.split(separator: "/")
        let query = queryPart.split(separator: "&").map { item in
            let pieces = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: pieces[0], value: pieces.count > 1 ? pieces[1] : "")
        }
        return Parsed(host: host, path: path, query: query)
    }

    private static func recognise(_ url: Parsed) -> Embed? {
        let path = url.path
        switch url.host {
        case "youtube.com":
            if path == ["watch"], let id = url.query.first(where: { $0.name == "v" })?.value {
                return isValidVideoID(String(id), provider: "youtube") ? .video(.youtube, id: String(id)) : nil
            }
            if path.count == 2, ["shorts", "embed", "live"].contains(path[0]),
                isValidVideoID(String(path[1]), provider: "youtube")
            {
                return .video(.youtube, id: String(path[1]))
            }
            return nil
        case "youtu.be":
            guard path.count == 1, isValidVideoID(String(path[0]), provider: "youtube") else { return nil }
            return .video(.youtube, id: String(path[0]))
        case "vimeo.com":
            guard path.count == 1, isValidVideoID(String(path[0]), provider: "vimeo") else { return nil }
            return .video(.vimeo, id: String(path[0]))
        case "player.vimeo.com":
            guard path.count == 2, path[0] == "video", isValidVideoID(String(path[1]), provider: "vimeo") else {
                return nil
            }
            return .video(.vimeo, id: String(path[1]))
        case "x.com", "twitter.com":
            guard path.count == 3, path[1] == "status", matches(path[0], maxLength: 15, extra: "_"),
                isDigits(path[2])
            else { return nil }
            return .post(.x, url: "https://x.com/\(path[0])/status/\(path[2])", author: "@\(path[0])")
        case "bsky.app":
            guard path.count == 4, path[0] == "profile", path[2] == "post",
                matches(path[1], maxLength: 253, extra: ".-:"),
                matches(path[3], maxLength: 64, extra: "")
            else { return nil }
            let author = path[1].hasPrefix("did:") ? nil : "@\(path[1])"
            return .post(.bluesky, url: "https://bsky.app/profile/\(path[1])/post/\(path[3])", author: author)
        case "instagram.com":
            guard path.count == 2, path[0] == "p" || path[0] == "reel", matches(path[1], maxLength: 64, extra: "_-")
            else { return nil }
            return .post(.instagram, url: "https://www.instagram.com/\(path[0])/\(path[1])/", author: nil)
        default:
            // Mastodon runs on any host; its post addresses have one shape: /@user/digits.
            guard path.count == 2, path[0].hasPrefix("@"), matches(path[0].dropFirst(), maxLength: 64, extra: "_."),
                isDigits(path[1])
            else { return nil }
            return .post(
                .mastodon, url: "https://\(url.host)/\(path[0])/\(path[1])", author: "\(path[0])@\(url.host)")
        }
    }

    /// True for an id the provider could have issued: YouTube's eleven characters of
    /// `[A-Za-z0-9_-]`, Vimeo's digits. Nothing else ever reaches an attribute or a player URL.
    static func isValidVideoID(_ id: String, provider: String) -> Bool {
        switch VideoProvider(rawValue: provider) {
        case .youtube: return id.utf8.count == 11 && matches(Substring(id), maxLength: 11, extra: "_-")
        case .vimeo: return isDigits(Substring(id))
        case nil: return false
        }
    }

    private static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.count <= 20 && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// True when `text` is 1…`maxLength` ASCII letters, digits and characters of `extra`.
    private static func matches(_ text: Substring, maxLength: Int, extra: String) -> Bool {
        let allowed = Set(extra.utf8)
        return !text.isEmpty && text.utf8.count <= maxLength
            && text.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || allowed.contains(byte)
            }
    }

    /// The embed as HTML for ``HTMLSanitizer``, which lets exactly these forms through.
    var html: String {
        switch self {
        case .video(let provider, let id):
            let watch =
                provider == .youtube ? "https://www.youtube.com/watch?v=\(id)" : "https://vimeo.com/\(id)"
            return "<figure class=\"embed-video\" data-embed=\"\(provider.rawValue)\" data-video-id=\"\(id)\">"
                + "<a href=\"\(watch)\">Watch on \(provider.name)</a></figure>"
        case .post(let network, let url, let author):
            let byline = author.map { " · \(HTMLEscaping.escape($0))" } ?? ""
            return "<blockquote class=\"embed-post\"><p><strong>Post on \(network.name)</strong>\(byline)</p>"
                + "<p><a href=\"\(HTMLEscaping.escape(url))\">View the post on \(network.name)</a></p></blockquote>"
        case .link(let url):
            let escaped = HTMLEscaping.escape(url)
            return "<p><a href=\"\(escaped)\">\(escaped)</a></p>"
        }
    }
}
