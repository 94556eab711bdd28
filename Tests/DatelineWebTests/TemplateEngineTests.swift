import DatelineCore
import Foundation
import Mustache
import Testing

@testable import DatelineMarkup
@testable import DatelineWeb

/// Dateline renders its Mustache templates with its own ``TemplateLibrary``; swift-mustache, which
/// rendered them before, is kept as the reference here. Every case renders the same templates and
/// the same value both ways and expects the same bytes — whitespace included, so a standalone tag,
/// an indented partial or a nested section cannot drift.
@Suite("Template engine renders as swift-mustache does")
struct TemplateEngineTests {
    /// swift-mustache escaping with ``HTMLEscaping``, as the site used it.
    struct ReferenceEscaping: MustacheContentType {
        func escapeText(_ text: String) -> String { HTMLEscaping.escape(text) }
    }

    static let pragma: String = {
        MustacheContentTypes.register(ReferenceEscaping(), named: "DATELINE_REFERENCE_HTML")
        return "{{% CONTENT_TYPE: DATELINE_REFERENCE_HTML }}\n"
    }()

    /// `value` through `name` in `sources`, by swift-mustache and by Dateline's engine.
    static func renderBoth(_ sources: [String: String], _ name: String, _ value: Any) throws -> (String, String) {
        var references: [String: MustacheTemplate] = [:]
        for (key, source) in sources { references[key] = try MustacheTemplate(string: pragma + source) }
        let reference = try #require(MustacheLibrary(templates: references).render(value, withTemplate: name))
        let ours = try #require(try TemplateLibrary(sources: sources).render(value, withTemplate: name))
        return (reference, ours)
    }

    static func expectSame(
        _ sources: [String: String], _ name: String, _ value: Any, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let (reference, ours) = try renderBoth(sources, name, value)
        #expect(ours == reference, "\(name) differs", sourceLocation: sourceLocation)
        if ours != reference {
            let a = Array(ours.utf8)
            let b = Array(reference.utf8)
            let first = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record(
                "first difference at byte \(first): ours …\(String(decoding: a[max(0, first - 40)..<min(a.count, first + 40)], as: UTF8.self).debugDescription)… reference …\(String(decoding: b[max(0, first - 40)..<min(b.count, first + 40)], as: UTF8.self).debugDescription)…",
                sourceLocation: sourceLocation)
        }
    }

    // MARK: - The language, case by case

    struct Item {
        let name: String
        let note: String?
        let flag: Bool
        let tags: [String]
    }

    struct Page {
        let title: String
        let subtitle: String?
        let count: Int
        let isOpen: Bool
        let items: [Item]
        let empty: [Item]
        let lead: Item?
        let missing: Item?
        let html: String
    }

    static let page = Page(
        title: "Tom & \"Jerry\"\u{301} <b>it's</b>", subtitle: nil, count: 3, isOpen: true,
        items: [
            Item(name: "first", note: "a note", flag: true, tags: ["x", "y"]),
            Item(name: "second <i>", note: nil, flag: false, tags: []),
        ],
        empty: [], lead: Item(name: "lead", note: nil, flag: true, tags: ["z"]), missing: nil,
        html: "<p>kept</p>")

    static let cases: [(String, [String: String])] = [
        (
            "variables and escaping",
            ["t": "<h1>{{title}}</h1> {{{title}}} {{&title}} {{count}} {{isOpen}} [{{subtitle}}]\n"]
        ),
        ("a combining mark after a quote", ["t": "<a title=\"{{title}}\">{{html}}</a>{{{html}}}"]),
        (
            "standalone sections take their lines",
            ["t": "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n  {{/items}}\n</ul>\n{{^empty}}\nnone\n{{/empty}}\n"]
        ),
        ("inline sections keep their spaces", ["t": "a {{#isOpen}} open {{/isOpen}} b {{^isOpen}}shut{{/isOpen}} c\n"]),
        (
            "the stack: names fall through to outer values, nil passes on",
            [
                "t":
                    "{{#items}}{{name}}/{{title}}/{{note}}/{{subtitle}};{{/items}}\n{{#lead}}{{name}} {{count}}{{/lead}}\n"
            ]
        ),
        (
            "dotted names and the current value",
            ["t": "{{lead.name}} {{missing.name}} {{#lead}}{{#tags}}<{{.}}>{{/tags}}{{/lead}}\n"]
        ),
        (
            "bools, empty lists and nil in both kinds of section",
            [
                "t":
                    "{{#flag}}F{{/flag}}{{#items}}{{#flag}}on{{/flag}}{{^flag}}off{{/flag}}{{^tags}}-{{/tags}}{{/items}}{{#empty}}E{{/empty}}{{^missing}}M{{/missing}}{{#subtitle}}S{{/subtitle}}\n"
            ]
        ),
        (
            "indented standalone partials indent every line they print",
            [
                "t": "<body>\n  {{>inner}}\n  <p>{{>line}}</p>\n</body>\n",
                "inner": "<div>\n  {{#items}}\n  <span>{{name}}</span>\n  {{/items}}\n  {{>deeper}}\n</div>\n",
                "deeper": "<em>{{title}}</em>\nsecond line\n{{#empty}}never{{/empty}}\n",
                "line": "{{count}}",
            ]
        ),
        (
            "parents, blocks and overrides, indented",
            [
                "t":
                    "{{<base}}\n{{$head}}<title>{{title}}</title>{{/head}}\n  {{$body}}\n  <p>{{count}}</p>\n    {{>line}}\n  {{/body}}\n{{/base}}\n",
                "base":
                    "<html>\n  {{$head}}default head{{/head}}\n  <body>\n    {{$body}}default body{{/body}}\n    {{$foot}}\n    default foot\n    {{/foot}}\n    {{>inner}}\n  </body>\n</html>\n",
                "inner": "{{#items}}\n<i>{{name}}</i>\n{{/items}}\n{{$foot}}inner foot{{/foot}}\n",
                "line": "{{title}}\nnext\n",
            ]
        ),
        ("a missing partial prints nothing", ["t": "a\n  {{>nowhere}}\nb\n"]),
        ("comments and text with single braces", ["t": "{ {{! a comment }} }\n  {{! standalone }}\n{x}\n"]),
        ("text after the last newline and trailing blanks", ["t": "line\n   {{#isOpen}}\nopen   \n{{/isOpen}}   "]),
    ]

    @Test("every feature of the language, side by side", arguments: cases.map(\.0))
    func language(_ name: String) throws {
        let sources = try #require(Self.cases.first { $0.0 == name }?.1)
        try Self.expectSame(sources, "t", Self.page)
    }

    @Test("syntax errors name the line and column")
    func syntaxErrors() throws {
        for (source, line) in [("ok\n{{#a}}\n{{/b}}\n", 3), ("{{#a}}\nx\n", 3), ("x {{name\n", 1), ("{{=<% %>=}}", 1)] {
            #expect(throws: TemplateSyntaxError.self) { try CompiledTemplate(source) }
            do {
                _ = try CompiledTemplate(source)
            } catch {
                #expect(error.line == line, "\(source.debugDescription): \(error)")
            }
        }
    }

    // MARK: - The site's own templates

    static func templateSources(_ subfolder: String? = nil) throws -> [String: String] {
        var folder = try #require(WebResources.templateFolder)
        if let subfolder { folder = folder.appendingPathComponent(subfolder) }
        return try PageRenderer.load(folder)
    }

    @Test("the reader's pages render byte for byte as swift-mustache rendered them")
    func readerPages() throws {
        let sources = try Self.templateSources()
        let lookups = TemplateLookupTests.self
        let full = try lookups.fullStory()
        let sparse = try lookups.sparseStory()
        let lead = StorySummaryView(full, clock: lookups.clock, withHighlights: true)
        let headlines = [StorySummaryView(sparse, clock: lookups.clock)]
        let block = HomePageView.SectionBlockView(
            name: "World", url: "/section/world", headingID: "section-world", lead: lead, headlines: headlines,
            hasHeadlines: true)
        let pages: [any PageView] = [
            try lookups.fullStoryPage(), try lookups.sparseStoryPage(),
            HomePageView(chrome: lookups.fullChrome(for: full), blocks: [block], hasStories: true),
            HomePageView(chrome: lookups.sparseChrome(), blocks: [], hasStories: false),
            ListingPageView(
                chrome: lookups.sparseChrome(), heading: "World", summary: "The latest from World, newest first",
                stories: [lead] + headlines, hasStories: true, showsSection: true,
                pagination: PaginationView(page: 2, pageSize: 10, total: 25, basePath: "/section/world")),
            SavedPageView(chrome: lookups.sparseChrome(), stories: headlines, unavailableCount: 2),
            PrintPageView(
                story: full, chrome: lookups.sparseChrome(), storyURL: "https://example.test/story/x",
                clock: lookups.clock),
            ErrorPageView(
                chrome: lookups.fullChrome(for: full), status: 404, heading: "Page not found",
                message: "There is no page at this address.", suggestsReload: true),
        ]
        for page in pages {
            try Self.expectSame(sources, type(of: page).template.rawValue, page)
        }
    }

    /// With nothing to look up, every section is skipped and every inverted section shown: the
    /// whole of each template's own text and whitespace is compared, in both folders.
    @Test("every template, reader's and newsroom's, renders an empty value as swift-mustache does")
    func everyTemplate() throws {
        struct Nothing {}
        for folder in [nil, "newsroom"] {
            let sources = try Self.templateSources(folder)
            #expect(sources.count >= (folder == nil ? PageTemplate.allCases.count : NewsroomTemplate.allCases.count))
            for name in sources.keys.sorted() {
                try Self.expectSame(sources, name, Nothing())
            }
        }
    }
}
