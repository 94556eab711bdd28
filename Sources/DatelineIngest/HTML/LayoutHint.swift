/// What an element's `class` and `id` say about its role on the page: the names sites give their
/// story bodies ("article-body", "entry-content") and their furniture ("share", "related", "ad").
enum LayoutHint: Equatable {
    /// Named like a story body.
    case content
    /// Named like page furniture: never story text, whatever it holds.
    case furniture
    /// Named both ways ("article share-box"): furniture unless it holds much of the page's text.
    case mixed
    /// Named like a teaser rail, card or widget: usually not story text.
    case unlikely
    /// Nothing to go on.
    case neutral

    /// Words that name story containers.
    static let contentWords: Set<String> = [
        "article", "articlebody", "story", "storybody", "storytext", "entry", "entrycontent", "post", "postbody",
        "postcontent", "posttext", "content", "maincontent", "body", "text", "prose", "richtext", "blog", "main",
        "paragraph", "copy", "articletext", "bodytext", "news",
    ]

    /// Words that name furniture outright.
    static let furnitureWords: Set<String> = [
        "share", "shares", "sharing", "sharebar", "sharethis", "sharetools", "social", "socials", "sociallinks",
        "socialshare", "comment", "comments", "commentlist", "commentform", "disqus", "related", "relatedposts",
        "relatedarticles", "relatedstories", "relatedcontent", "recommended", "recommendations", "recirc",
        "recirculation", "newsletter", "subscribe", "subscription", "signup", "promo", "promos", "promotion",
        "advert", "adverts", "advertisement", "advertising", "ad", "ads", "adslot", "adunit", "adwrapper",
        "adcontainer", "adbox", "dfp", "gpt", "sponsor", "sponsored", "outbrain", "taboola", "breadcrumb",
        "breadcrumbs", "nav", "navbar", "navigation", "menu", "footer", "sidebar", "popup", "modal", "cookie",
        "cookies", "consent", "gdpr", "print", "email", "mail", "toolbar", "tools", "byline", "bylines", "author",
        "authors", "caption", "captions", "credit", "credits", "copyright", "tags", "taglist", "tagcloud",
        "keywords", "timestamp", "date", "dateline", "published", "updated", "sronly",
        "visuallyhidden", "screenreader", "screenreadertext", "offscreen", "skip", "pagination", "pager",
        "trending", "popular", "mostread", "mostpopular", "readmore", "alsoread", "moreon", "morestories",
        "paywall", "overlay", "masthead", "banner", "login", "logo", "widget", "widgets", "rail",
        "figcaption", "photocredit", "imagecaption", "bio", "authorbio", "about", "follow",
        "meta", "entrymeta", "postmeta", "articlemeta", "tooltip", "carousel", "slideshow", "gallery",
        "video", "player", "embed", "newsletterbox", "jump", "cta", "alert", "toc", "notification",
    ]

    /// Words that suggest, but do not prove, a region outside the story.
    static let unlikelyWords: Set<String> = [
        "teaser", "teasers", "card", "cards", "feed", "river", "list", "links", "more", "aside", "secondary",
        "supplemental", "extra", "module", "header", "masthead", "top", "bottom", "right", "left", "topics",
        "headline", "title", "hero", "media", "image", "img", "photo", "figure", "thumbnail", "thumb",
    ]

    /// Furniture words that name a story's credits and stamps, short by nature.
    static let creditWords: Set<String> = [
        "byline", "bylines", "author", "authors", "timestamp", "date", "dateline", "published", "updated",
    ]

    /// Words that name a region of readers' comments.
    static let discussionWords: Set<String> = [
        "comment", "comments", "commentlist", "commentform", "disqus", "respond", "replies", "discussion",
        "trackback", "trackbacks", "pingback", "pingbacks",
    ]

    /// True when `word` names readers' comments.
    static func isDiscussionWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count <= 24 else { return false }
        let text = String(decoding: word, as: UTF8.self)
        // Joined names ("commentbody", "commentsarea"), but not opinion pieces ("commentary").
        return discussionWords.contains(text)
            || text.hasPrefix("comment") && !text.hasPrefix("commentar") && !text.hasPrefix("commentat")
    }

    /// Whole class names that hide an element on every screen ("hidden-xs" hides it on phones only).
    static let hidingClasses: Set<String> = ["hidden", "hide", "invisible", "ishidden", "dnone"]

    /// Reads the hint from an element's `class` and `id` attribute values together.
    init(classAndID: String) {
        self.init(Self.Evidence(classList: classAndID))
    }

    /// Combines the evidence of an element's `class` and its `id`.
    init(_ evidence: Evidence) {
        if evidence.furniture && evidence.content {
            self = .mixed
        } else if evidence.furniture {
            self = .furniture
        } else if evidence.content {
            self = .content
        } else if evidence.unlikely {
            self = .unlikely
        } else {
            self = .neutral
        }
    }

    /// What the words of one attribute value say, before class and id are combined.
    struct Evidence: Equatable {
        var content = false
        var furniture = false
        var unlikely = false
        /// Named like readers' comments ("comments", "commentlist", "disqus"): never a wrapper of the story.
        var discussion = false
        /// Named furniture only by credit words ("byline", "author", "date"): such an element is
        /// furniture when it is short, but a site may misname a whole story so.
        var creditOnly = false

        /// Reads a space-separated list of class names (or an id).
        init(classList: String) {
            var list = classList
            var content = false
            var furniture = false
            var unlikely = false
            var discussion = false
            var creditNames = false
            var otherFurniture = false
            list.withUTF8 { bytes in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + 1) { lowered in
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: bytes.count * 2 + 2) { bounds in
                        LayoutHint.forEachClass(bytes, lowered, bounds) { parts, whole in
                            var state = false
                            var kinds: [WordKind] = []
                            for part in parts {
                                let kind = LayoutHint.kind(of: part)
                                if kind == .state { state = true }
                                kinds.append(kind)
                            }
                            // "modal-enabled", "has-comments": a state of the element, not what it is.
                            if parts.count > 1 && state { return }
                            if parts.contains(where: LayoutHint.isDiscussionWord) || LayoutHint.isDiscussionWord(whole)
                            {
                                discussion = true
                            }
                            if parts.count > 1 { kinds.append(LayoutHint.kind(of: whole)) }
                            if LayoutHint.hidingClasses.contains(String(decoding: whole, as: UTF8.self)) {
                                furniture = true
                            }
                            // Within one class name the furniture word wins: "caption-text" is a caption.
                            if kinds.contains(.furniture) {
                                furniture = true
                                var credit = false
                                var other = LayoutHint.hidingClasses.contains(String(decoding: whole, as: UTF8.self))
                                for (position, kind) in kinds.enumerated() where kind == .furniture {
                                    let word = position < parts.count ? parts[position] : whole
                                    if LayoutHint.creditWords.contains(String(decoding: word, as: UTF8.self)) {
                                        credit = true
                                    } else if position < parts.count || parts.count == 1 {
                                        other = true
                                    }
                                }
                                if credit { creditNames = true }
                                if other { otherFurniture = true }
                            } else if kinds.contains(.content) {
                                content = true
                            } else if kinds.contains(.unlikely) {
                                unlikely = true
                            }
                        }
                    }
                }
            }
            self.content = content
            self.furniture = furniture
            self.unlikely = unlikely
            self.discussion = discussion
            self.creditOnly = creditNames && !otherFurniture
        }

        /// Evidence from both attributes.
        func merged(with other: Evidence) -> Evidence {
            var result = self
            result.content = content || other.content
            result.furniture = furniture || other.furniture
            result.unlikely = unlikely || other.unlikely
            result.discussion = discussion || other.discussion
            result.creditOnly =
                (creditOnly || other.creditOnly) && (creditOnly || !furniture) && (other.creditOnly || !other.furniture)
            return result
        }
    }

    /// Calls `body` with each class name's lower-cased parts (split at punctuation and at
    /// lower-to-upper case changes: "storyBody" → "story", "body") and the parts joined, as byte
    /// buffers borrowed from the scratch space `lowered` and `bounds`.
    static func forEachClass(
        _ bytes: UnsafeBufferPointer<UInt8>, _ lowered: UnsafeMutableBufferPointer<UInt8>,
        _ bounds: UnsafeMutableBufferPointer<Int>,
        _ body: (_ parts: [UnsafeBufferPointer<UInt8>], _ whole: UnsafeBufferPointer<UInt8>) -> Void
    ) {
        // `lowered` holds the joined lower-case letters of the current class; parts are slices of it.
        var length = 0
        var partCount = 0
        var partStart = 0
        var previousLower = false
        func endPart() {
            if length > partStart {
                bounds[partCount * 2] = partStart
                bounds[partCount * 2 + 1] = length
                partCount += 1
            }
            partStart = length
        }
        func endClass() {
            endPart()
            if partCount > 0, let base = lowered.baseAddress {
                var parts: [UnsafeBufferPointer<UInt8>] = []
                parts.reserveCapacity(partCount)
                for part in 0..<partCount {
                    let lower: Int = bounds[part * 2]
                    let upper: Int = bounds[part * 2 + 1]
                    parts.append(UnsafeBufferPointer(start: base + lower, count: upper - lower))
                }
                body(parts, UnsafeBufferPointer(start: base, count: length))
            }
            length = 0
            partCount = 0
            partStart = 0
            previousLower = false
        }
        for byte in bytes {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                endClass()
                continue
            }
            let isUpper = (0x41...0x5A).contains(byte)
            let isLower = (0x61...0x7A).contains(byte)
            let isAlnum = isUpper || isLower || (0x30...0x39).contains(byte)
            if !isAlnum || (isUpper && previousLower) { endPart() }
            if isAlnum {
                lowered[length] = isUpper ? byte + 32 : byte
                length += 1
            }
            previousLower = isLower
        }
        endClass()
    }

    /// What one lower-case word of a class name says.
    enum WordKind {
        case content, furniture, unlikely, state, other
    }

    /// Every word the hint knows, with what it says.
    static let vocabulary: [String: WordKind] = {
        var table: [String: WordKind] = [:]
        for word in unlikelyWords { table[word] = .unlikely }
        for word in contentWords { table[word] = .content }
        for word in stateWords { table[word] = .state }
        for word in furnitureWords { table[word] = .furniture }
        return table
    }()

    /// The kind of the word in `bytes`.
    static func kind(of bytes: UnsafeBufferPointer<UInt8>) -> WordKind {
        guard bytes.count <= 24 else { return .other }
        if isAdvertWord(bytes) || isDiscussionWord(bytes) { return .furniture }
        return vocabulary[String(decoding: bytes, as: UTF8.self)] ?? .other
    }

    /// Words that make a class describe a state of the element ("modal-enabled", "has-comments",
    /// "no-sidebar") rather than what the element is.
    static let stateWords: Set<String> = [
        "has", "have", "with", "without", "no", "not", "is", "enabled", "disabled", "active", "inactive", "open",
        "closed", "show", "shown", "allow", "allowed", "can", "supports", "loaded", "ready", "on", "off", "hide",
        "hidden", "visible", "template", "type", "single", "default",
    ]

    /// "adslot3", "ad300x250", "advertorial": joined advert names that no list can hold.
    static func isAdvertWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count > 2, word[0] == UInt8(ascii: "a"), word[1] == UInt8(ascii: "d") else { return false }
        // "ad728", "ad300x250": a size after "ad".
        if (0x30...0x39).contains(word[2]) { return true }
        let rest = String(decoding: UnsafeBufferPointer(rebasing: word[2...]), as: UTF8.self)
        return ["vert", "slot", "unit", "container", "wrap", "sense", "zone", "block"].contains { rest.hasPrefix($0) }
    }
}
