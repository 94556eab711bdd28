import DatelineText

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
    static func isDiscussionWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool { WordFacts(word).isDiscussion }

    /// Joined names of comment regions ("commentbody", "commentsarea"), but not opinion pieces
    /// ("commentary") or commentators.
    static func isJoinedDiscussionWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        startsWith(word, "comment") && !startsWith(word, "commentar") && !startsWith(word, "commentat")
    }

    /// True when the bytes of `word` begin with the ASCII `prefix`.
    @inline(__always)
    static func startsWith(_ word: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        guard word.count >= prefix.utf8CodeUnitCount else { return false }
        let start = prefix.utf8Start
        for offset in 0..<prefix.utf8CodeUnitCount where word[offset] != start[offset] { return false }
        return true
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
                            // What the parts say ("caption" and "text" of "caption-text").
                            var state = false
                            var anyDiscussion = false
                            var kinds = WordFacts.Kinds()
                            var credit = false
                            var other = false
                            for part in parts {
                                let facts = WordFacts(part)
                                if facts.kind == .state { state = true }
                                if facts.isDiscussion { anyDiscussion = true }
                                kinds.insert(facts.kind)
                                // Within one class name the furniture word wins: "caption-text" is a caption.
                                if facts.kind == .furniture {
                                    if facts.isCredit { credit = true } else { other = true }
                                }
                            }
                            // "modal-enabled", "has-comments": a state of the element, not what it is.
                            if parts.count > 1 && state { return }
                            // The parts joined ("captiontext"), when there are several.
                            let wholeFacts = parts.count > 1 ? WordFacts(whole) : WordFacts(parts[0])
                            if anyDiscussion || wholeFacts.isDiscussion { discussion = true }
                            if parts.count > 1 {
                                kinds.insert(wholeFacts.kind)
                                if wholeFacts.kind == .furniture, wholeFacts.isCredit { credit = true }
                            }
                            if wholeFacts.isHiding {
                                furniture = true
                                other = true
                            }
                            if kinds.contains(.furniture) {
                                furniture = true
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

    /// The lower-case parts of one class name, borrowed from scratch space: a random-access view
    /// that costs no allocation.
    struct ClassParts: RandomAccessCollection {
        let base: UnsafePointer<UInt8>
        let bounds: UnsafeMutableBufferPointer<Int>
        let count: Int
        var startIndex: Int { 0 }
        var endIndex: Int { count }
        subscript(position: Int) -> UnsafeBufferPointer<UInt8> {
            let lower = bounds[position * 2]
            return UnsafeBufferPointer(start: base + lower, count: bounds[position * 2 + 1] - lower)
        }
    }

    /// Calls `body` with each class name's lower-cased parts (split at punctuation and at
    /// lower-to-upper case changes: "storyBody" → "story", "body") and the parts joined, as byte
    /// buffers borrowed from the scratch space `lowered` and `bounds`.
    static func forEachClass(
        _ bytes: UnsafeBufferPointer<UInt8>, _ lowered: UnsafeMutableBufferPointer<UInt8>,
        _ bounds: UnsafeMutableBufferPointer<Int>,
        _ body: (_ parts: ClassParts, _ whole: UnsafeBufferPointer<UInt8>) -> Void
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
                body(
                    ClassParts(base: UnsafePointer(base), bounds: bounds, count: partCount),
                    UnsafeBufferPointer(start: base, count: length))
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
    enum WordKind: UInt8 {
        case content, furniture, unlikely, state, other
    }

    /// What one lower-case word of a class name says, read from a table of every listed word
    /// (found by the word's bytes, no string made) and the prefix rules for joined names.
    struct WordFacts {
        /// What the word says.
        var kind: WordKind
        /// Names readers' comments (``LayoutHint/isDiscussionWord(_:)``).
        var isDiscussion: Bool
        /// One of ``LayoutHint/creditWords``.
        var isCredit: Bool
        /// One of ``LayoutHint/hidingClasses``.
        var isHiding: Bool

        /// A set of word kinds, as bits.
        struct Kinds {
            private var bits: UInt8 = 0
            mutating func insert(_ kind: WordKind) { bits |= 1 << kind.rawValue }
            func contains(_ kind: WordKind) -> Bool { bits & (1 << kind.rawValue) != 0 }
        }

        init(_ word: UnsafeBufferPointer<UInt8>) {
            let listed = Self.listed.words.find(exactly: word, hash: InternTable.hash(word)).map {
                Self.listed.facts[Int($0)]
            }
            isHiding = listed?.isHiding ?? false
            guard word.count <= 24 else {
                kind = .other
                isDiscussion = false
                isCredit = false
                return
            }
            isCredit = listed?.isCredit ?? false
            isDiscussion = listed?.isDiscussion ?? false || LayoutHint.isJoinedDiscussionWord(word)
            kind = LayoutHint.isAdvertWord(word) || isDiscussion ? .furniture : listed?.kind ?? .other
        }

        private init(kind: WordKind, isDiscussion: Bool, isCredit: Bool, isHiding: Bool) {
            self.kind = kind
            self.isDiscussion = isDiscussion
            self.isCredit = isCredit
            self.isHiding = isHiding
        }

        /// Every listed word, with its facts by number.
        private static let listed: (words: InternTable, facts: [WordFacts]) = {
            var table: [String: WordFacts] = [:]
            func note(_ words: Set<String>, _ change: (inout WordFacts) -> Void) {
                for word in words {
                    var facts =
                        table[word] ?? WordFacts(kind: .other, isDiscussion: false, isCredit: false, isHiding: false)
                    change(&facts)
                    table[word] = facts
                }
            }
            // Later lists win a word's kind, as in one dictionary filled in this order.
            note(unlikelyWords) { $0.kind = .unlikely }
            note(contentWords) { $0.kind = .content }
            note(stateWords) { $0.kind = .state }
            note(furnitureWords) { $0.kind = .furniture }
            note(discussionWords) { $0.isDiscussion = true }
            note(creditWords) { $0.isCredit = true }
            note(hidingClasses) { $0.isHiding = true }
            let entries = Array(table)
            return (InternTable(numbering: entries.map(\.key)), entries.map(\.value))
        }()
    }

    /// The kind of the word in `bytes`.
    static func kind(of bytes: UnsafeBufferPointer<UInt8>) -> WordKind { WordFacts(bytes).kind }

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
        let rest = UnsafeBufferPointer(rebasing: word[2...])
        return startsWith(rest, "vert") || startsWith(rest, "slot") || startsWith(rest, "unit")
            || startsWith(rest, "container") || startsWith(rest, "wrap") || startsWith(rest, "sense")
            || startsWith(rest, "zone") || startsWith(rest, "block")
    }
}
