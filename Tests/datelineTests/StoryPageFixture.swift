/// Pages in the scraped-text layout, written here for tests (invented text, not real news).
enum StoryPageFixture {
    /// A complete page in the layout of a 2008 story page, with a numbered headline and body.
    static func page(number: Int, section: String = "World", paragraphs: Int = 6) -> String {
        var lines = [
            "Skip to main content", "",
            "Harbour ferry number \(number) returns to service after repairs", "",
            "  • Story Highlights",
            "  • Ferry \(number) carried its first passengers since the spring",
            "  • Repairs to the hull took eleven weeks, the operator says",
            "  • Next Article in \(section) »",
            "Decrease font Decrease font",
            "Enlarge font Enlarge font", "",
        ]
        for paragraph in 1...paragraphs {
            let lead = paragraph == 1 ? "PORTO, Portugal (Dateline) -- " : ""
            lines.append(
                "\(lead)Paragraph \(paragraph) of ferry \(number): the crossing took twelve minutes and the crew "
                    + "counted \(paragraph * 10 + number) passengers on board.")
            lines.append("")
        }
        lines[lines.count - 2] += " E-mail to a friend E-mail to a friend"
        lines.append("All About Porto • Harbour Ferries")
        lines.append("")
        lines.append(contentsOf: ["  • E-mail", "  • Save", "  • Print"])
        return lines.joined(separator: "\n") + "\n"
    }
}
