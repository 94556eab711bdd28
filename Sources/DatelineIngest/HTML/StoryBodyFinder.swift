import Foundation

/// Finds the story on a page: the one element whose text is most like story paragraphs and least
/// like furniture, then the paragraphs inside it that a reader would read as the story.
///
/// Works from general signals only (text length, link density, sentence shape, the names sites
/// give their containers, `<article>` and `itemprop="articleBody"`, the page's JSON-LD
/// `articleBody`), never from rules for one site.
struct StoryBodyFinder {
    /// The page being read.
    let document: HTMLDocument
    /// The story text the page declares in JSON-LD, normalised for matching; used to confirm paragraphs.
    let declaredBody: String?

    /// Prepares to read `document`; `declaredBody` is the page's JSON-LD `articleBody`, if any.
    init(document: HTMLDocument, declaredBody: String?) {
        self.document = document
        let normalized = declaredBody.map { Self.normalizedForMatching(Self.strippingEntities($0)) } ?? ""
        // A stub of a body (a teaser sentence) confirms too little to steer the choice.
        self.declaredBody = normalized.count >= 200 ? normalized : nil
    }

    /// What the finder chose.
    struct Result {
        /// The element holding the story, or nil when the page has no readable text.
        var container: Int?
        /// The story's blocks in reading order.
        var blocks: [TextBlock]
        /// Every block of the page, furniture included, for metadata that lives outside the story.
        var allBlocks: [TextBlock]
        /// Per element: true when it is furniture (or inside furniture).
        var removed: [Bool]
    }

    /// The prose, in characters, beyond which an element named like a byline or a date is not one.
    static let misnamedCreditMass = 400.0

    /// ARIA roles of regions that are not the story.
    static let furnitureRoles: Set<String> = [
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert", "alertdialog", "menu",
        "menubar", "toolbar", "tooltip", "status", "marquee", "timer", "form",
    ]

    func find() -> Result {
        let count = document.nodes.count
        var hints = [LayoutHint](repeating: .neutral, count: count)
        var candidate = [Bool](repeating: false, count: count)
        var boundaries = [Bool](repeating: false, count: count)
        var marked = [Bool](repeating: false, count: count)
        var discussion = [Bool](repeating: false, count: count)
        var creditOnly = [Bool](repeating: false, count: count)
        for index in 1..<max(count, 1) {
            guard !document.nodes[index].isText else { continue }
            let attributes = document.nodes[index].attributes
            let traits = document.nodes[index].traits
            // Reading a class list word by word from a table costs less than hashing the whole list
            // to find it again in a cache.
            var evidence = LayoutHint.Evidence(classList: attributes["class"] ?? "")
            if let id = attributes["id"] { evidence = evidence.merged(with: LayoutHint.Evidence(classList: id)) }
            hints[index] = LayoutHint(evidence)
            discussion[index] = evidence.discussion
            creditOnly[index] = evidence.creditOnly
            let role = attributes["role"]?.lowercased() ?? ""
            let itemprop = attributes["itemprop"]?.lowercased() ?? ""
            marked[index] =
                itemprop == "articlebody" || document.nodes[index].name == "article" || role == "main"
                || role == "article"
            candidate[index] =
                traits.contains(.furniture) || (!role.isEmpty && Self.furnitureRoles.contains(role))
                || hints[index] == .furniture || hints[index] == .mixed || discussion[index]
                || Self.isHidden(attributes)
                || (traits.contains(.link) && Self.isFurnitureLink(index, in: document))
            boundaries[index] = candidate[index] || traits.contains(.block) || marked[index]
        }
        boundaries[0] = true
        let blocks = document.textBlocks(boundaries: boundaries)
        var quality = blocks.map(blockQuality)
        discountTeasers(blocks, &quality)
        weighByDeclaredBody(blocks, &quality)

        // Furniture is dropped unless it holds nearly all of the page's story-like text: then the
        // name is on a wrapper (an ASP.NET <form>, a <div class="page with-right-rail">), not on
        // furniture. Smaller furniture goes first, so text it held no longer counts for the wrappers.
        var mass = [Double](repeating: 0, count: count)
        for (block, score) in zip(blocks, quality) { mass[block.owner] += score.good }
        propagateUp(&mass)
        var ownRemoval = [Bool](repeating: false, count: count)
        let candidates = (0..<count).filter { candidate[$0] }.sorted { (mass[$0], -$0) < (mass[$1], -$1) }
        for index in candidates {
            let share = hints[index] == .mixed || marked[index] ? 0.3 : 0.8
            // Readers' comments can outweigh a short story, but they never wrap it.
            let isWrapper = mass[0] > 0 && mass[index] >= mass[0] * share && !(discussion[index] && !marked[index])
            guard !isWrapper else { continue }
            // A byline or a date is a line or two; an element so named that holds paragraphs of prose
            // is a misnamed story (an editor's <span class="byline-author"> around the whole text).
            guard !(creditOnly[index] && mass[index] >= Self.misnamedCreditMass) else { continue }
            ownRemoval[index] = true
            let lost = mass[index]
            guard lost > 0 else { continue }
            var ancestor = index
            while ancestor >= 0 {
                mass[ancestor] -= lost
                ancestor = ancestor == 0 ? -1 : document[ancestor].parent
            }
        }
        var removed = [Bool](repeating: false, count: count)
        for index in 1..<max(count, 1) {
            removed[index] = removed[document[index].parent] || ownRemoval[index]
        }

        var good = [Double](repeating: 0, count: count)
        var bad = [Double](repeating: 0, count: count)
        for (block, score) in zip(blocks, quality) where !removed[block.owner] {
            good[block.owner] += score.good
            bad[block.owner] += score.bad
        }
        propagateUp(&good)
        propagateUp(&bad)

        var best: Int?
        var bestScore = 0.0
        for index in 0..<count where !document[index].isText && !removed[index] && good[index] > 0 {
            var score = good[index] - bad[index]
            // Ties go to the element the page itself names as the story.
            if marked[index] || hints[index] == .content || hints[index] == .mixed { score += good[index] * 0.1 }
            if hints[index] == .unlikely { score -= good[index] * 0.1 }
            // On a tie the later element wins: the deeper, more compact one.
            if score >= bestScore, score > 0 {
                best = index
                bestScore = score
            }
        }
        guard let chosen = best else {
            // No paragraph looks like a story (a short page): the longest plain block is the best there is.
            let fallback = blocks.filter { !removed[$0.owner] && $0.linkDensity < 0.5 && !$0.isHeading }
                .max { $0.characters < $1.characters }
            return Result(
                container: fallback?.owner, blocks: fallback.map { [$0] } ?? [], allBlocks: blocks, removed: removed)
        }
        let container = widened(chosen, blocks: blocks, removed: removed)
        let inside = blocks.filter { !removed[$0.owner] && document.contains(container, $0.owner) }
        return Result(container: container, blocks: keptBlocks(inside), allBlocks: blocks, removed: removed)
    }

    /// The chosen element, or an ancestor of it when the ancestor adds only plain text around it: a
    /// list of ingredients, short lines or a paragraph the page set beside the story's `<div>` of
    /// paragraphs. Short lines count against an element, so the best-scoring element can be a part of
    /// the story that leaves such text out; an ancestor whose extra text is almost free of links,
    /// smaller than what the element holds and not a list of teasers holds the whole story instead.
    private func widened(_ chosen: Int, blocks: [TextBlock], removed: [Bool]) -> Int {
        var container = chosen
        var characters = 0
        var blockCount = 0
        for block in blocks where !removed[block.owner] && document.contains(container, block.owner) {
            characters += block.characters
            blockCount += 1
        }
        let single = blockCount <= 1
        for _ in 0..<3 {
            let parent = document[container].parent
            guard parent > 0, !removed[parent], !["body", "html"].contains(document[parent].name) else { break }
            let widened = blocks.filter { !removed[$0.owner] && document.contains(parent, $0.owner) }
            var extraCharacters = 0
            var extraLinks = 0
            for block in widened where !document.contains(container, block.owner) {
                extraCharacters += block.characters
                extraLinks += block.linkCharacters
            }
            guard extraCharacters > 0 else {
                container = parent
                continue
            }
            if single {
                guard extraLinks * 5 <= extraCharacters * 2 else { break }
            } else {
                guard extraLinks * 5 <= extraCharacters, extraCharacters * 10 <= characters * 6 else { break }
            }
            container = parent
            characters += extraCharacters
        }
        return container
    }

    /// Lowers the worth of teaser summaries: text sharing a small box (a "card") with a linked
    /// headline or a "read more" link, as in lists of other stories. A story paragraph sits among
    /// many others, so its box is never that small.
    private func discountTeasers(_ blocks: [TextBlock], _ quality: inout [(good: Double, bad: Double)]) {
        guard blocks.count > 1 else { return }
        var blockCount = [Int](repeating: 0, count: document.nodes.count)
        for block in blocks { blockCount[block.owner] += 1 }
        var index = blockCount.count - 1
        while index > 0 {
            blockCount[document[index].parent] += blockCount[index]
            index -= 1
        }
        func isLinkLine(_ block: TextBlock) -> Bool { block.linkDensity >= 0.6 && block.characters <= 200 }
        for position in blocks.indices where quality[position].good > 0 {
            let neighbours = [position - 1, position + 1].filter { blocks.indices.contains($0) }
            for neighbour in neighbours where isLinkLine(blocks[neighbour]) {
                let shared = commonAncestor(blocks[position].owner, blocks[neighbour].owner)
                if shared > 0, blockCount[shared] <= 5, isRepeated(shared) {
                    // Counted against the container too: a box of teasers is a list of other stories.
                    quality[position].bad += quality[position].good * 0.5
                    quality[position].good *= 0.2
                    break
                }
            }
        }
    }

    /// True when `index` or one of its two nearest ancestors stands among at least two siblings
    /// of the same element name and class: one card of a list of cards.
    private func isRepeated(_ index: Int) -> Bool {
        var current = index
        for _ in 0..<3 {
            let parent = document[current].parent
            guard parent > 0 else { return false }
            let node = document[current]
            let signature = node.attributes["class"]
            var alike = 0
            for sibling in document.children(of: parent) {
                let other = document[sibling]
                if other.name == node.name, other.attributes["class"] == signature { alike += 1 }
            }
            if alike >= 3 { return true }
            current = parent
        }
        return false
    }

    /// The deepest element holding both `first` and `second`.
    private func commonAncestor(_ first: Int, _ second: Int) -> Int {
        var left = first
        var right = second
        var leftDepth = document.depth(of: left)
        var rightDepth = document.depth(of: right)
        while leftDepth > rightDepth {
            left = document[left].parent
            leftDepth -= 1
        }
        while rightDepth > leftDepth {
            right = document[right].parent
            rightDepth -= 1
        }
        while left != right, left > 0, right > 0 {
            left = document[left].parent
            right = document[right].parent
        }
        return left == right ? left : 0
    }

    /// How story-like (`good`) and how furniture-like (`bad`) a block is, in characters.
    private func blockQuality(_ block: TextBlock) -> (good: Double, bad: Double) {
        let characters = Double(block.characters)
        let links = Double(block.linkCharacters)
        if block.isHeading { return (0, links) }
        if block.linkDensity > 0.5 { return (0, characters) }
        if block.characters < 50 && !(block.characters >= 25 && block.endsLikeSentence) {
            return (0, links + (characters - links) * 0.3)
        }
        if Self.isSiteNotice(block) { return (0, characters) }
        var good = characters - links
        // Story paragraphs rarely open with a link; teasers (a linked headline, then a summary) do.
        var bad = links
        if block.opensWithLink && block.linkDensity >= 0.1 {
            bad += good * 0.3
            good *= 0.3
        }
        if block.isListItem { good *= 0.5 }
        return (good, bad)
    }

    /// Favours paragraphs the page's JSON-LD `articleBody` also carries, when it carries enough of the
    /// page's paragraphs to be trusted (a teaser or a differently worded summary is not).
    private func weighByDeclaredBody(_ blocks: [TextBlock], _ quality: inout [(good: Double, bad: Double)]) {
        guard let declaredBody else { return }
        var confirmed = [Bool](repeating: false, count: blocks.count)
        var confirmedGood = 0.0
        var totalGood = 0.0
        for position in blocks.indices where quality[position].good > 0 {
            totalGood += quality[position].good
            if Self.isConfirmed(blocks[position].text, by: declaredBody) {
                confirmed[position] = true
                confirmedGood += quality[position].good
            }
        }
        guard totalGood > 0, confirmedGood >= totalGood * 0.3 else { return }
        for position in blocks.indices where quality[position].good > 0 {
            if confirmed[position] {
                quality[position].good *= 2
            } else {
                // Worth nothing either way: it neither draws the choice to its container nor pushes it off.
                quality[position].good *= 0.3
                quality[position].bad += quality[position].good
            }
        }
    }

    /// True when the block's opening words appear in the declared story text.
    static func isConfirmed(_ text: String, by declared: String) -> Bool {
        let probe = String(normalizedForMatching(text, scalarLimit: 240).prefix(60))
        return !probe.isEmpty && ByteSearch.contains(declared, probe)
    }

    /// `text` without character references ("&apos;", "&#8217;"), which JSON-LD bodies often keep
    /// escaped while the page's text has them decoded.
    static func strippingEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var out = String.UnicodeScalarView()
        var pending = String.UnicodeScalarView()
        var inEntity = false
        for scalar in text.unicodeScalars {
            if scalar == "&" {
                out.append(contentsOf: pending)
                pending = String.UnicodeScalarView()
                pending.append(scalar)
                inEntity = true
            } else if inEntity {
                pending.append(scalar)
                if scalar == ";" {
                    pending = String.UnicodeScalarView()
                    inEntity = false
                } else if !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "#")
                    || pending.count > 12
                {
                    out.append(contentsOf: pending)
                    pending = String.UnicodeScalarView()
                    inEntity = false
                }
            } else {
                out.append(scalar)
            }
        }
        out.append(contentsOf: pending)
        return String(out)
    }

    /// Letters and digits only, lower-cased: a form in which markup and spacing differences vanish;
    /// with a `scalarLimit`, only about that many Unicode scalars of it (at least that many, when
    /// the text has them), for a caller that wants only the start.
    static func normalizedForMatching(_ text: String, scalarLimit: Int = .max) -> String {
        var out = String.UnicodeScalarView()
        var kept = 0
        for scalar in text.unicodeScalars {
            if kept >= scalarLimit { break }
            let value = scalar.value
            if value < 0x80 {
                // ASCII, the bulk of most pages, without a Unicode property lookup.
                if (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) {
                    out.append(scalar)
                    kept += 1
                } else if (0x41...0x5A).contains(value), let lower = Unicode.Scalar(value + 32) {
                    out.append(lower)
                    kept += 1
                }
            } else if scalar.properties.isAlphabetic {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                    out.append(lower)
                    kept += 1
                }
            }
        }
        return String(out)
    }

    /// The blocks of the chosen container a reader would take as the story.
    private func keptBlocks(_ blocks: [TextBlock]) -> [TextBlock] {
        var kept = blocks.filter { block in
            if block.linkDensity > 0.5 { return false }
            if block.characters < 25, block.wordCount <= 2, !block.isHeading, !block.endsLikeSentence { return false }
            return !Self.isFurniturePhrase(block.text) && !Self.isSiteNotice(block)
        }
        // Labels and stamps ("Updated 3:45 p.m.", "Share") sit at the edges of a story, not inside it.
        while let first = kept.first, isEdgeNoise(first) { kept.removeFirst() }
        while let last = kept.last, isEdgeNoise(last) || Self.isRightsLine(last.text) { kept.removeLast() }
        return kept
    }

    /// A link whose whole text is a tool ("E-mail to a friend", "Print"), written inline after the
    /// story's last sentence on some pages.
    static func isFurnitureLink(_ index: Int, in document: HTMLDocument) -> Bool {
        guard let text = document.text(of: index, limit: 40), !text.isEmpty else { return false }
        return isFurniturePhrase(text)
    }

    /// A sentence that blog and site templates print under every page ("Powered by WordPress", "You can
    /// follow any responses to this entry through the RSS 2.0 feed"): it reads like prose, but it is
    /// the site's, not the story's.
    static func isSiteNotice(_ block: TextBlock) -> Bool {
        guard block.characters <= 300 else { return false }
        return ByteSearch.containsAnyIgnoringASCIICase(block.text, siteNoticePhrases)
    }

    private static let siteNoticePhrases: [StaticString] = [
        "powered by wordpress", "powered by blogger", "proudly powered by", "all rights reserved",
        "responses to this entry", "leave a response", "trackback from your own site", "rss 2.0 feed",
        "must be logged in to post a comment", "email address will not be published", "subscribe to the rss feed",
        "subscribing to the rss feed", "subscribe to our rss feed", "this entry was posted in",
    ]

    /// The rights notice wire stories end with ("Copyright 2008 The Associated Press. All rights reserved.").
    static func isRightsLine(_ text: String) -> Bool {
        guard text.count <= 400 else { return false }
        let lowered = text.lowercased()
        return lowered.hasPrefix("copyright") || lowered.hasPrefix("©") || lowered.hasPrefix("(c) ")
            || lowered.contains("all rights reserved")
    }

    private func isEdgeNoise(_ block: TextBlock) -> Bool {
        if block.traits.contains(.topHeading) { return true }
        guard block.characters < 50 && !block.endsLikeSentence else { return false }
        // An item of a list of three or more (ingredients, places, steps) ends a story as its text does.
        if block.isListItem, document.childCount(of: document[block.owner].parent) >= 3 { return false }
        return true
    }

    /// Short lines that are page furniture in any layout.
    static func isFurniturePhrase(_ text: String) -> Bool {
        guard text.utf8.count <= 60 else { return false }
        // Lower-cased, without surrounding spaces and punctuation ("Share »" → "share").
        var bytes = Array(text.utf8)
        while let first = bytes.first, isEdgeByte(first) { bytes.removeFirst() }
        while let last = bytes.last, isEdgeByte(last) { bytes.removeLast() }
        guard !bytes.isEmpty, bytes.count <= 40 else { return false }
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return furniturePhrases.contains(
                String(decoding: bytes.map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 }, as: UTF8.self))
        }
        let lowered = text.lowercased().trimmingCharacters(in: edgeCharacters)
        return furniturePhrases.contains(lowered)
    }

    /// ASCII spaces and punctuation, trimmed off a phrase before it is compared.
    private static func isEdgeByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte) || (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte)
            || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    private static let edgeCharacters = CharacterSet.punctuationCharacters.union(.whitespacesAndNewlines)
        .union(.symbols)

    private static let furniturePhrases: Set<String> = [
        "advertisement", "ad", "ads", "sponsored", "share", "share this", "share this article", "share this story",
        "tweet", "email", "e-mail", "print", "e-mail to a friend", "email to a friend", "save", "comments",
        "comment", "read more", "continue reading", "related", "related stories", "related articles", "see also",
        "sign up", "subscribe", "follow us", "click here", "skip advertisement", "story continues below advertisement",
        "article continues below advertisement", "advertisement continue reading below", "scroll to continue",
        "loading", "close", "menu", "back to top", "more", "view comments", "show comments", "leave a comment",
    ]

    /// Adds each element's value into its parent's; children always follow their parents in `nodes`.
    private func propagateUp(_ values: inout [Double]) {
        var index = values.count - 1
        while index > 0 {
            let parent = document[index].parent
            if parent >= 0 { values[parent] += values[index] }
            index -= 1
        }
    }

    /// True for elements a browser would not show.
    static func isHidden(_ attributes: HTMLDocument.Attributes) -> Bool {
        if attributes["hidden"] != nil { return true }
        if let ariaHidden = attributes["aria-hidden"], ariaHidden.utf8.count == 4,
            ByteSearch.containsIgnoringASCIICase(ariaHidden, "true")
        {
            return true
        }
        guard let style = attributes["style"],
            ByteSearch.containsIgnoringASCIICase(style, "none") || ByteSearch.containsIgnoringASCIICase(style, "hidden")
        else { return false }
        let compact = String(style.lowercased().filter { $0 != " " })
        return ByteSearch.contains(compact, "display:none") || ByteSearch.contains(compact, "visibility:hidden")
    }
}
