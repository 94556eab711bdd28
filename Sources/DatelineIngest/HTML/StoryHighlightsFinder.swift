import DatelineCore

/// Finds a CNN-style "Story Highlights" box: a label reading "Story Highlights" (or "Highlights",
/// "Key points") followed by a list of short sentences.
enum StoryHighlightsFinder {
    /// Labels that introduce a highlights list, compared in letters only, lower-cased.
    static let labels: Set<String> = ["storyhighlights", "highlights", "keypoints", "keytakeaways", "thekeypoints"]

    /// The highlight bullets and the list-item elements holding them; empty when the page has none.
    static func find(in document: HTMLDocument) -> (bullets: [String], elements: Set<Int>) {
        var elements: [Int] = []
        var position = [Int: Int]()
        for textIndex in document.nodes.indices where document.nodes[textIndex].isText {
            guard document.nodes[textIndex].text.utf8.count <= 60 else { continue }
            let raw = document.nodes[textIndex].text
            guard
                ByteSearch.containsIgnoringASCIICase(raw, "highlights")
                    || ByteSearch.containsIgnoringASCIICase(raw, "key"),
                labels.contains(StoryBodyFinder.normalizedForMatching(raw))
            else { continue }
            if elements.isEmpty {
                elements = document.elements()
                for (offset, index) in elements.enumerated() { position[index] = offset }
            }
            // The label's element: climb while the ancestors hold nothing but the label.
            var index = document[textIndex].parent
            while index > 0, document.childCount(of: index) == 1, document.childCount(of: document[index].parent) == 1 {
                index = document[index].parent
            }
            guard index > 0, let place = position[index] else { continue }
            let node = document[index]
            var items: [Int] = []
            if node.name == "li", node.parent >= 0 {
                // The label is the list's own first item: the bullets are its following siblings.
                let siblings = document.children(of: node.parent).filter { !document[$0].isText }
                if let start = siblings.firstIndex(of: index) { items = Array(siblings[(start + 1)...]) }
            } else if let list = elements[(place + 1)...].prefix(40).first(where: {
                (document[$0].name == "ul" || document[$0].name == "ol") && !document.contains(index, $0)
                    || (document[$0].name == "ul" || document[$0].name == "ol") && document.contains(index, $0)
            }) {
                items = document.children(of: list).filter { document[$0].name == "li" }
            }
            var bullets: [String] = []
            var used = Set<Int>()
            for item in items where document[item].name == "li" {
                let text = document.text(of: item)
                let linked = document.all("a", under: item).reduce(0) { $0 + document.text(of: $1).count }
                guard text.split(separator: " ").count >= 3, linked * 2 < text.count else { continue }
                bullets.append(text)
                used.insert(item)
                if bullets.count == StoryLimits.highlightCount { break }
            }
            if !bullets.isEmpty { return (bullets, used) }
        }
        return ([], [])
    }
}
