import DatelineCore

/// One run of text as a browser lays it out: a paragraph, heading, list item or table cell, with
/// how much of it is link text and which element holds it.
struct TextBlock: Sendable {
    /// The text with whitespace collapsed.
    var text: String
    /// Letters, digits and punctuation in the block (whitespace not counted).
    var characters: Int
    /// How many of those are inside links.
    var linkCharacters: Int
    /// The innermost block-level (or furniture-named) element holding the text.
    var owner: Int
    /// What the owner's element name says (heading, list item…).
    var traits: HTMLTags.Traits
    /// True when the block's first words are link text, as in a teaser ("Headline — summary").
    var opensWithLink: Bool

    /// The share of the block's text that is link text, 0…1.
    var linkDensity: Double { characters == 0 ? 0 : Double(linkCharacters) / Double(characters) }

    /// True for `h1`…`h6`.
    var isHeading: Bool { traits.contains(.heading) }
    /// True for `<li>`.
    var isListItem: Bool { traits.contains(.listItem) }

    /// The number of words, counted as runs between spaces.
    var wordCount: Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            if scalar == " " {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }

    /// True when the block ends like a sentence, as story paragraphs do and labels do not.
    var endsLikeSentence: Bool {
        guard let last = text.unicodeScalars.last else { return false }
        return ".!?\"”’»:;)…。！？」』）".unicodeScalars.contains(last)
    }
}

extension HTMLDocument {
    /// The page's text blocks in reading order, each element in `boundaries` starting a block of its
    /// own (so furniture written inline, such as a `<span class="caption">`, can be dropped alone).
    func textBlocks(boundaries: [Bool]) -> [TextBlock] {
        var blocks: [TextBlock] = []
        var buffer = HTMLWhitespace.Collapsed()
        var characters = 0
        var linkCharacters = 0
        var linkDepth = 0
        var owners: [Int] = [0]
        var pendingBreak = false
        var opensWithLink = false

        func flush() {
            if characters > 0, let owner = owners.last, !buffer.isEmpty {
                blocks.append(
                    TextBlock(
                        text: buffer.string, characters: characters, linkCharacters: linkCharacters, owner: owner,
                        traits: nodes[owner].traits, opensWithLink: opensWithLink))
            }
            buffer.removeAll()
            characters = 0
            linkCharacters = 0
            pendingBreak = false
            opensWithLink = false
        }

        // Walk by links: down to the first child, across to the next sibling, up when a subtree ends
        // (closing each element passed on the way up).
        func leave(_ index: Int) {
            if nodes[index].traits.contains(.link) { linkDepth -= 1 }
            if boundaries[index] {
                flush()
                owners.removeLast()
            }
        }
        var index = 0
        var entering = true
        while index >= 0 {
            var descend = false
            if entering {
                if nodes[index].isText {
                    let count = buffer.append(nodes[index].text)
                    if count > 0 {
                        if characters == 0 { opensWithLink = linkDepth > 0 }
                        pendingBreak = false
                        characters += count
                        if linkDepth > 0 { linkCharacters += count }
                    }
                } else if nodes[index].traits.contains(.lineBreak) {
                    // Two line breaks in a row end a paragraph in pages that have no <p> tags.
                    if pendingBreak { flush() } else { pendingBreak = characters > 0 }
                    buffer.appendSpace()
                } else if !nodes[index].traits.contains(.unread) {
                    if boundaries[index] {
                        flush()
                        owners.append(index)
                    }
                    if nodes[index].traits.contains(.link) { linkDepth += 1 }
                    if nodes[index].firstChild >= 0 {
                        descend = true
                    } else {
                        leave(index)
                    }
                }
            }
            if descend {
                index = nodes[index].firstChild
                entering = true
                continue
            }
            if nodes[index].nextSibling >= 0 {
                index = nodes[index].nextSibling
                entering = true
                continue
            }
            // Up one level: the parent's subtree is complete.
            index = nodes[index].parent
            if index >= 0 { leave(index) }
            entering = false
            if index >= 0, nodes[index].nextSibling >= 0 {
                index = nodes[index].nextSibling
                entering = true
            } else if index >= 0 {
                // Keep climbing from the parent on the next turn.
                continue
            }
        }
        flush()
        return blocks
    }
}
