import DatelineCore
import DatelineMarkup
import DatelineStore
import Hummingbird

/// The public corrections page (`/corrections`): every correction the newsroom has added to a
/// published story, newest first, each with a link to the story, as a newsroom's standards page
/// promises.
struct CorrectionsController: Sendable {
    let site: ReaderSite

    /// Corrections per page.
    static let pageSize = 50

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get(.init(stringLiteral: SitePaths.corrections), use: list)
        router.refuseWrites(at: .init(stringLiteral: SitePaths.corrections))
    }

    @Sendable func list(request: Request, context: ReaderRequestContext) async throws -> Response {
        let page = try PageNumber(query: context.query)
        let store = site.store as? any NewsroomStore
        // One more than a page tells whether an older page exists.
        let found =
            try await store?.publishedCorrections(
                limit: Self.pageSize + 1, offset: (page.value - 1) * Self.pageSize) ?? []
        if page.value > 1 && found.isEmpty { throw ReaderError.notFound("There is no such page of corrections.") }
        let entries = Array(found.prefix(Self.pageSize))
        let sections = try await site.sections()

        var builder = await site.tagBuilder(page: "corrections", session: context.session)
        for entry in entries {
            builder.add(entry.correction.note)
            builder.add(entry.headline)
            builder.add(entry.slug.rawValue)
        }
        for section in sections { builder.add(section.name) }
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag) }

        let path = SitePaths.corrections
        let chrome = await site.chrome(
            title: "Corrections", description: "Every correction to a story on this site, newest first.",
            canonicalPath: page.value == 1 ? path : "\(path)?page=\(page.value)", sections: sections,
            currentPath: nil, request: request, session: context.session)
        let view = CorrectionsPageView(
            chrome: chrome,
            entries: entries.map {
                CorrectionsPageView.Entry(
                    note: $0.correction.note, time: TimeView($0.correction.createdAt, clock: site.clock),
                    headline: $0.headline, url: SitePaths.story($0.slug), sectionName: $0.sectionName)
            },
            newerURL: page.value > 1 ? (page.value == 2 ? path : "\(path)?page=\(page.value - 1)") : nil,
            olderURL: found.count > Self.pageSize ? "\(path)?page=\(page.value + 1)" : nil)
        return try site.respond(with: view, tag: tag)
    }
}

/// The corrections page.
struct CorrectionsPageView: PageView {
    static let template = PageTemplate.corrections

    struct Entry: Sendable {
        let note: String
        let time: TimeView
        let headline: String
        let url: String
        let sectionName: String
    }

    let chrome: PageChrome
    let entries: [Entry]
    let hasEntries: Bool
    let newerURL: String?
    let olderURL: String?
    let hasPages: Bool

    init(chrome: PageChrome, entries: [Entry], newerURL: String?, olderURL: String?) {
        self.chrome = chrome
        self.entries = entries
        hasEntries = !entries.isEmpty
        self.newerURL = newerURL
        self.olderURL = olderURL
        hasPages = newerURL != nil || olderURL != nil
    }
}

/// Answers template lookups without Mirror; TemplateLookupTests keeps these names in step.
extension CorrectionsPageView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "chrome": return chrome.templateValue
        case "entries": return entries.templateValue
        case "hasEntries": return hasEntries.templateValue
        case "newerURL": return newerURL.templateValue
        case "olderURL": return olderURL.templateValue
        case "hasPages": return hasPages.templateValue
        default: return .missing
        }
    }
}

extension CorrectionsPageView.Entry: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "note": return note.templateValue
        case "time": return time.templateValue
        case "headline": return headline.templateValue
        case "url": return url.templateValue
        case "sectionName": return sectionName.templateValue
        default: return .missing
        }
    }
}
